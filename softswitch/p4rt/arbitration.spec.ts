import { fromUint128, type p4 } from '../../p4runtime/proto';
import { Controller, RoleArbiter, type PrimaryLossPolicy } from './arbitration';
import { Code, P4RuntimeStatus } from './status';

/** A controller that records the arbitration updates it is sent. */
function controller(id: bigint | undefined) {
  const seen: p4.v1.IMasterArbitrationUpdate[] = [];
  const c = new Controller(id, (m) => seen.push(m.arbitration!));
  return {
    c,
    seen,
    /** The status code of the last update, and the election id it reported. */
    last: () => {
      const u = seen[seen.length - 1];
      return {
        code: u?.status?.code ?? -1,
        primary: u?.election_id ? fromUint128(u.election_id) : undefined,
      };
    },
  };
}

function arbiter(onPrimaryLoss: PrimaryLossPolicy = 'promote-next', maxControllers = 4) {
  return new RoleArbiter({ deviceId: 1n, role: '', maxControllers, onPrimaryLoss });
}

describe('RoleArbiter', () => {
  it('makes the highest election id primary and tells every controller', () => {
    const a = arbiter();
    const x = controller(5n);
    const y = controller(9n);
    a.join(x.c, null);
    expect(x.last()).toEqual({ code: Code.OK, primary: 5n });
    a.join(y.c, null);
    expect(a.primary).toBe(y.c);
    expect(x.last()).toEqual({ code: Code.ALREADY_EXISTS, primary: 9n });
    expect(y.last()).toEqual({ code: Code.OK, primary: 9n });
    expect(a.isPrimary(9n)).toBe(true);
    expect(a.isPrimary(5n)).toBe(false);
  });

  it('tells only a joining backup, not the others', () => {
    const a = arbiter();
    const p = controller(9n);
    a.join(p.c, null);
    const before = p.seen.length;
    const b = controller(3n);
    a.join(b.c, null);
    expect(p.seen.length).toBe(before);
    expect(b.last()).toEqual({ code: Code.ALREADY_EXISTS, primary: 9n });
  });

  it('refuses an election id a live controller holds, and too many controllers', () => {
    const a = arbiter('promote-next', 2);
    a.join(controller(7n).c, null);
    expect(() => a.join(controller(7n).c, null)).toThrow(
      expect.objectContaining({ code: Code.INVALID_ARGUMENT }) as P4RuntimeStatus,
    );
    a.join(controller(undefined).c, null);
    expect(() => a.join(controller(8n).c, null)).toThrow(
      expect.objectContaining({ code: Code.RESOURCE_EXHAUSTED }) as P4RuntimeStatus,
    );
  });

  it('never makes a controller without an election id primary', () => {
    const a = arbiter();
    const x = controller(undefined);
    a.join(x.c, null);
    expect(a.primary).toBeUndefined();
    expect(x.last()).toEqual({ code: Code.NOT_FOUND, primary: undefined });
  });

  it('promote-next: the next highest becomes primary when the primary leaves, and all are told', () => {
    const a = arbiter('promote-next');
    const x = controller(1n);
    const y = controller(2n);
    const z = controller(3n);
    for (const k of [x, y, z]) a.join(k.c, null);
    a.leave(z.c);
    expect(a.primary).toBe(y.c);
    expect(y.last()).toEqual({ code: Code.OK, primary: 2n });
    expect(x.last()).toEqual({ code: Code.ALREADY_EXISTS, primary: 2n });
  });

  it('wait-for-arbitration: no primary until someone arbitrates with the highest id again', () => {
    const a = arbiter('wait-for-arbitration');
    const x = controller(1n);
    const z = controller(3n);
    a.join(x.c, null);
    a.join(z.c, null);
    a.leave(z.c);
    expect(a.primary).toBeUndefined();
    expect(x.last()).toEqual({ code: Code.NOT_FOUND, primary: 3n });
    a.update(x.c, 2n, null); // still below the highest id ever seen
    expect(a.primary).toBeUndefined();
    a.update(x.c, 3n, null);
    expect(a.primary).toBe(x.c);
    expect(x.last()).toEqual({ code: Code.OK, primary: 3n });
  });

  it('a backup leaving tells nobody', () => {
    const a = arbiter();
    const p = controller(9n);
    const b = controller(1n);
    a.join(p.c, null);
    a.join(b.c, null);
    const seen = p.seen.length;
    a.leave(b.c);
    expect(p.seen.length).toBe(seen);
  });

  it('echoes the role and the role config of the primary', () => {
    const a = new RoleArbiter({
      deviceId: 1n,
      role: 'sdn',
      maxControllers: 4,
      onPrimaryLoss: 'promote-next',
    });
    const p = controller(4n);
    const config = { type_url: 'type.googleapis.com/x.RoleConfig', value: Uint8Array.of(1) };
    a.join(p.c, config);
    expect(p.seen[0].role).toEqual({ name: 'sdn', config });
  });
});
