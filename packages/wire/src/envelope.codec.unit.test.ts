import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, expectKind, peekMsgId, v1, WireDecodeError, type Meta } from './envelope.codec.js';

const meta: Meta = { msgId: 'm1', correlationId: 'c1', causationId: 'x0', namespace: 'pm.pm-a', source: 'pm/pm-a' };

describe('envelope codec', () => {
  it('round-trips meta and a body with decimals as text', () => {
    const bytes = encodeMessage(meta, 'fill', { fillId: 'f1', qty: '100', price: '31.5235539', side: v1.Side.SIDE_BUY, step: 3 });
    const msg = expectKind(decodeMessage(bytes), 'fill');
    expect(msg.meta).toEqual(meta);
    expect(msg.body.price).toBe('31.5235539');
    expect(msg.body.side).toBe(v1.Side.SIDE_BUY);
    expect(msg.body.step).toBe(3);
    expect(msg.body.commission).toBe('');
  });

  it.each([
    ['random bytes', new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x99])],
    ['a truncated message', encodeMessage(meta, 'fill', { fillId: 'f1', qty: '100' }).subarray(0, 7)],
    ['an envelope without a body', v1.Envelope.encode({ msgId: 'm2' }).finish()],
  ])('rejects %s with a WireDecodeError', (_name, bytes) => {
    expect(() => decodeMessage(bytes)).toThrow(WireDecodeError);
  });

  it('decodes a plain Uint8Array view at an offset into a larger buffer (as a connection hands it over)', () => {
    const bytes = encodeMessage(meta, 'fill', { fillId: 'f-é', qty: '100', price: '1.5' });
    const big = new Uint8Array(bytes.length + 10).fill(0xff);
    big.set(bytes, 3);
    const msg = expectKind(decodeMessage(big.subarray(3, 3 + bytes.length)), 'fill');
    expect(msg.meta).toEqual(meta);
    expect(msg.body).toMatchObject({ fillId: 'f-é', qty: '100', price: '1.5' });
  });

  it('refuses the wrong kind', () => {
    const msg = decodeMessage(encodeMessage(meta, 'signal', { symbol: 'AAPL' }));
    expect(() => expectKind(msg, 'fill')).toThrow(/expected a fill message, found signal/);
  });
});

describe('64-bit integers', () => {
  it('decode as plain numbers (in messages and in maps)', () => {
    const w = expectKind(decodeMessage(encodeMessage(meta, 'capitalWeights', { seq: 3, step: 1 })), 'capitalWeights');
    expect(w.body.seq).toBe(3);
    const st = expectKind(decodeMessage(encodeMessage(meta, 'serviceStatus', { service: 'x', counters: { bad_messages: 2 } })), 'serviceStatus');
    expect(st.body.counters).toEqual({ bad_messages: 2 });
  });
});

describe('peekMsgId', () => {
  it('reads the message id from the first field without decoding', () => {
    expect(peekMsgId(encodeMessage({ ...meta, msgId: 's1/venue/md-42' }, 'marketStep', { step: 42 }))).toBe('s1/venue/md-42');
    const long = 'x'.repeat(300); // a two-byte length
    expect(peekMsgId(encodeMessage({ ...meta, msgId: long }, 'signal', {}))).toBe(long);
  });
  it.each([
    ['garbage', new Uint8Array([0xff, 0x01, 0x02])],
    ['a length past the end', new Uint8Array([0x0a, 0x09, 0x41])],
    ['no id', encodeMessage({ ...meta, msgId: '' }, 'signal', { symbol: 'A' })],
  ])('gives undefined for %s', (_n, bytes) => {
    expect(peekMsgId(bytes)).toBeUndefined();
  });
});

describe('strings on the wire', () => {
  it.each([['ascii', 'pm001-a01-17-f'], ['non-ascii', 'Zürich Ωmega 日本'], ['long', 'x'.repeat(5000)], ['empty in a message', '']])('round-trip %s text', (_n, text) => {
    const m = expectKind(decodeMessage(encodeMessage(meta, 'signal', { symbol: text, strategyId: 's' })), 'signal');
    expect(m.body.symbol).toBe(text);
  });
  it('rejects invalid UTF-8', () => {
    const bytes = encodeMessage(meta, 'signal', { symbol: 'QQQQ' });
    const i = Buffer.from(bytes).indexOf('QQQQ');
    const bad = Uint8Array.from(bytes);
    bad[i] = 0xff; // a lone continuation byte inside the symbol
    expect(i).toBeGreaterThan(0);
    expect(() => decodeMessage(bad)).toThrow(/invalid|encoded/i);
  });
});
