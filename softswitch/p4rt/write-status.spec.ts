/**
 * The Write status trailer (docs/p4runtime.md, "Large error lists"): the standard form, one
 * p4.v1.Error per update, in pieces a Node HTTP/2 receiver accepts, within STATUS_BUDGET.
 */
import { Metadata } from '@grpc/grpc-js';
import { statusDetails, updateErrors } from '../../p4runtime/client/errors';
import { Code } from './status';
import { STATUS_BUDGET, STATUS_PIECE, writeErrorStatus } from './write-status';

const refused = (i: number) => ({
  canonical_code: Code.ALREADY_EXISTS,
  message: `table 'ReflectorIngress.port_table': entry {ingress_port=0x${i.toString(16)}} already exists`,
  space: 'ssa-fabric-softswitch',
});
const OK = { canonical_code: Code.OK };

/** The trailer's pieces as a client receives them: Node joins repeated fields with ', '. */
function received(md: Metadata): Metadata {
  const pieces = md.get('grpc-status-details-bin') as Buffer[];
  const joined = pieces.map((b) => b.toString('base64')).join(', ');
  const out = new Metadata();
  out.set('grpc-status-details-bin', Buffer.from(joined, 'base64'));
  return out;
}

describe('writeErrorStatus', () => {
  it('a short list: one trailer value, every message whole, OK entries empty', () => {
    const { message, metadata } = writeErrorStatus([OK, refused(1), OK]);
    expect(metadata.get('grpc-status-details-bin')).toHaveLength(1);
    const st = statusDetails(metadata)!;
    expect(st.details).toHaveLength(3);
    expect(st.details[0].value).toHaveLength(0);
    expect(updateErrors(st, 0)).toEqual([
      {
        index: 1,
        code: 6,
        codeName: 'ALREADY_EXISTS',
        message: refused(1).message,
        space: 'ssa-fabric-softswitch',
      },
    ]);
    expect(message).toBe(`1 of 3 updates failed; #1: ALREADY_EXISTS: ${refused(1).message}`);
  });

  it('a long list: pieces of at most 48,000 bytes (no base64 padding) that join back', () => {
    const errors = Array.from({ length: 2000 }, (_, i) => (i % 2 ? refused(i) : OK));
    const { metadata } = writeErrorStatus(errors);
    const pieces = metadata.get('grpc-status-details-bin') as Buffer[];
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces.slice(0, -1)) expect(p.length).toBe(STATUS_PIECE);
    expect(STATUS_PIECE % 3).toBe(0);
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(total).toBeLessThanOrEqual(STATUS_BUDGET + 200);
    const failures = updateErrors(statusDetails(received(metadata))!, 0);
    expect(failures.map((f) => f.index)).toEqual(errors.flatMap((e, i) => (e === OK ? [] : [i])));
  });

  it('past the budget, messages are shortened so that every refusal is still listed', () => {
    const errors = Array.from({ length: 1800 }, (_, i) => refused(i));
    const { metadata } = writeErrorStatus(errors);
    const bytes = (metadata.get('grpc-status-details-bin') as Buffer[]).reduce(
      (n, p) => n + p.length,
      0,
    );
    expect(bytes).toBeLessThanOrEqual(STATUS_BUDGET + 200);
    const failures = updateErrors(statusDetails(metadata)!, 0);
    expect(failures).toHaveLength(1800);
    expect(failures.every((f) => f.code === Code.ALREADY_EXISTS)).toBe(true);
    expect(failures[0].message.length).toBeLessThan(refused(0).message.length);
  });

  it('a list no trailer can carry: no details, and a message that says what to do', () => {
    const errors = Array.from({ length: 10_000 }, (_, i) => refused(i));
    const { metadata } = writeErrorStatus(errors);
    const st = statusDetails(metadata)!;
    expect(st.details).toHaveLength(0);
    expect(st.message).toMatch(
      /^10000 of 10000 updates failed; #0: ALREADY_EXISTS: .*send fewer updates per WriteRequest/,
    );
  });
});
