import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FirmSubjects } from './subjects.js';

/**
 * Creates (or updates) the firm's audit stream: every order decision, split, fill, cancel and PM
 * step, kept on file storage so a session can be replayed. Replicas apply on a cluster.
 */
export async function ensureAuditStream(nc: NatsConnection, s: FirmSubjects, opts: { replicas?: number; memory?: boolean } = {}): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: s.auditStream,
    subjects: [...s.auditSubjects],
    retention: RetentionPolicy.Limits,
    storage: opts.memory ? StorageType.Memory : StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: opts.replicas ?? 1,
    duplicate_window: 120_000_000_000, // 2 minutes, in nanoseconds
  };
  try {
    await jsm.streams.info(s.auditStream);
    await jsm.streams.update(s.auditStream, { subjects: config.subjects });
  } catch {
    await jsm.streams.add(config);
  }
}

/** Removes the firm's audit stream (tests, fresh sessions on a shared broker). */
export async function deleteAuditStream(nc: NatsConnection, s: FirmSubjects): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(s.auditStream).catch(() => false);
}
