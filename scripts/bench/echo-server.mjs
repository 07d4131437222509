#!/usr/bin/env node
// A raw NATS request/reply echo in its own process: the baseline the risk benchmark compares
// master-risk's decision latency with. Usage: echo-server.mjs <nats-url> <subject>
import { connect } from '@nats-io/transport-node';

const [url, subject] = process.argv.slice(2);
const nc = await connect({ servers: url, name: 'atrium bench echo' });
nc.subscribe(subject, { callback: (_err, m) => m.respond(m.data) });
await nc.flush();
process.stdout.write('ready\n');
const stop = () => nc.drain().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
