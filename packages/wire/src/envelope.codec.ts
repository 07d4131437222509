import $protobuf from 'protobufjs/minimal.js';
import { atrium } from './gen/atrium.js';

// 64-bit integers (sequence numbers, counters) decode as JS numbers, not Long objects: every
// value we send fits in 2^53, and the generated types already say `number` (--force-number).
$protobuf.util.Long = undefined as unknown as typeof $protobuf.util.Long;
$protobuf.configure();

// protobufjs' strict UTF-8 reader builds short strings one `+=` at a time: a chain of
// concatenated-string nodes per id, which costs memory and time wherever the string is kept or
// compared. Same strictness (invalid UTF-8 is rejected), flat strings: ASCII (every id, number
// and date we send) by char codes, anything else through a fatal TextDecoder.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
type StrictReader = { buf: Uint8Array; pos: number; len: number; size(): number };
/** Latin-1 text of buf[start, end) in one native call when buf is a Node Buffer (no view object per string). */
type Latin1 = Uint8Array & { latin1Slice?: (start: number, end: number) => string };
const latin1 = (buf: Latin1, start: number, end: number): string =>
  buf.latin1Slice ? buf.latin1Slice(start, end) : String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
($protobuf.Reader.prototype as unknown as { stringVerify: (this: StrictReader) => string }).stringVerify = function stringVerify(this: StrictReader): string {
  const length = this.size();
  const start = this.pos;
  const end = start + length;
  if (end > this.len) throw new RangeError(`index out of range: ${start} + ${length} > ${this.len}`);
  this.pos = end;
  const buf = this.buf;
  if (length > 256) return strictUtf8.decode(buf.subarray(start, end));
  for (let i = start; i < end; i++) if (buf[i]! & 0x80) return strictUtf8.decode(buf.subarray(start, end));
  return latin1(buf, start, end);
};

const pb = atrium.v1;

/** The generated protobuf namespace (types and enums); use `v1.Side.SIDE_BUY` etc. */
export { pb as v1 };
export type V1 = typeof pb;

type EnvelopeFields = atrium.v1.Envelope;
/** Names of the envelope's body variants ('marketStep', 'fill', ...). */
export type BodyKind = NonNullable<EnvelopeFields['body']>;

type Scalar = string | number | boolean | bigint | Uint8Array;
type DecodedField<F> = F extends Scalar
  ? F
  : F extends readonly (infer U)[]
    ? readonly (NonNullable<U> extends Scalar ? NonNullable<U> : Decoded<NonNullable<U>>)[]
    : F extends object
      ? Decoded<F> | null
      : F;

/**
 * What protobufjs decoding guarantees (proto3): every scalar and repeated field is present
 * (defaults filled in), a singular sub-message may be null. Read-only: never mutate a message.
 */
export type Decoded<T> = {
  readonly [K in keyof T as K extends `$${string}` ? never : T[K] extends (...args: never[]) => unknown ? never : K]-?: DecodedField<NonNullable<T[K]>>;
};

/** The body type for each variant, as decoded. */
export interface RawBodies {
  marketStep: atrium.v1.MarketStep;
  signal: atrium.v1.Signal;
  blockOrders: atrium.v1.BlockOrderBatch;
  riskDecisions: atrium.v1.RiskDecisionBatch;
  splitRequest: atrium.v1.SplitRequest;
  splitReply: atrium.v1.SplitReply;
  childOrders: atrium.v1.ChildOrderBatch;
  childOrderAck: atrium.v1.ChildOrderAck;
  fill: atrium.v1.Fill;
  orderCanceled: atrium.v1.OrderCanceled;
  stepDone: atrium.v1.StepDone;
  accountSnapshot: atrium.v1.AccountSnapshot;
  capitalWeights: atrium.v1.CapitalWeights;
  pmCapital: atrium.v1.PmCapital;
  allocStepDone: atrium.v1.AllocStepDone;
  riskBook: atrium.v1.RiskBook;
  lifecycle: atrium.v1.LifecycleCommand;
  lifecycleAck: atrium.v1.LifecycleAck;
  statusQuery: atrium.v1.StatusQuery;
  serviceStatus: atrium.v1.ServiceStatus;
  sessionEnded: atrium.v1.SessionEnded;
  error: atrium.v1.ErrorReply;
  complianceReport: atrium.v1.ComplianceReport;
  riskAlert: atrium.v1.RiskAlert;
  riskCommand: atrium.v1.RiskCommand;
  riskCommandAck: atrium.v1.RiskCommandAck;
  pmTradingState: atrium.v1.PmTradingState;
  correlationBreak: atrium.v1.CorrelationBreak;
  analyticsStepDone: atrium.v1.AnalyticsStepDone;
  placements: atrium.v1.Placements;
  submissions: atrium.v1.Submissions;
  fillBatch: atrium.v1.FillBatch;
  accountMarks: atrium.v1.AccountMarks;
}

export type Bodies = { [K in keyof RawBodies]: Decoded<RawBodies[K]> };

/** What a sender fills in for each variant: the generated `$Properties` (all optional). */
export type BodyInit<K extends BodyKind> = InitOf<NonNullable<atrium.v1.Envelope.$Properties[K]>>;

/** An init object may hold read-only arrays (e.g. parts of a decoded message). */
type InitOf<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends readonly (infer U)[]
    ? readonly (NonNullable<U> extends Scalar ? U : InitOf<NonNullable<U>>)[] | null
    : NonNullable<T[K]> extends Scalar
      ? T[K]
      : NonNullable<T[K]> extends object
        ? InitOf<NonNullable<T[K]>> | null
        : T[K];
};

/** Tracing and routing fields of every message. */
export interface Meta {
  readonly msgId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly namespace: string;
  readonly source: string;
}

/** A decoded message: its meta and exactly one body. Never mutate a decoded message. */
export type Message<K extends BodyKind = BodyKind> = {
  [P in K]: { readonly meta: Meta; readonly kind: P; readonly body: Bodies[P] };
}[K];

/** Thrown for bytes that are not a valid Atrium envelope. */
export class WireDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WireDecodeError';
  }
}

/** Encodes meta + one body into envelope bytes; pure. */
export function encodeMessage<K extends BodyKind>(meta: Meta, kind: K, body: BodyInit<K>): Uint8Array {
  const env = { ...meta, [kind]: body } as atrium.v1.Envelope.$Properties;
  return pb.Envelope.encode(env).finish();
}

/** Decodes envelope bytes; throws WireDecodeError for garbage or an envelope without a body; pure. */
export function decodeMessage(data: Uint8Array): Message {
  let env: atrium.v1.Envelope;
  try {
    // as a Buffer (a view, no copy) protobufjs reads with its Buffer reader and strings come out in one native call
    env = pb.Envelope.decode(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  } catch (err) {
    throw new WireDecodeError(`not an Atrium envelope (${data.length} bytes): ${(err as Error).message}`, { cause: err });
  }
  const kind = env.body;
  if (!kind) throw new WireDecodeError(`envelope ${JSON.stringify(env.msgId)} has no body (${data.length} bytes)`);
  const meta: Meta = {
    msgId: env.msgId,
    correlationId: env.correlationId,
    causationId: env.causationId,
    namespace: env.namespace,
    source: env.source,
  };
  return { meta, kind, body: env[kind] } as Message;
}

/** Narrows a decoded message to one kind or throws WireDecodeError naming both; pure. */
export function expectKind<K extends BodyKind>(msg: Message, kind: K): Message<K> {
  if (msg.kind !== kind) throw new WireDecodeError(`expected a ${kind} message, found ${msg.kind}`);
  return msg as Message<K>;
}

const utf8 = new TextDecoder();

/**
 * The message id of envelope bytes, read from their first field without decoding the rest, or
 * undefined when the bytes do not start with one; pure. (Encoders write fields in number
 * order, and msg_id is field 1.)
 */
export function peekMsgId(data: Uint8Array): string | undefined {
  if (data.length < 2 || data[0] !== 0x0a) return undefined;
  let len = 0;
  let i = 1;
  for (let shift = 0; i < data.length && shift < 35; shift += 7) {
    const b = data[i++]!;
    len |= (b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  if (len === 0 || i + len > data.length) return undefined;
  return utf8.decode(data.subarray(i, i + len));
}
