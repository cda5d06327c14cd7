/**
 * The reconciliation kit against the embedded switch, over real gRPC on loopback: for random
 * desired and actual sets, reconciling leaves exactly the desired set on the device (read back
 * and compared canonically, not through diff), and a second diff gives nothing. Table entries
 * of several fabric tables (lpm, ternary with priorities, exact) and the one default entry of
 * the fabric that may change (sar.fib); action profile members and groups, and entries using
 * them, on the kitchen-sink P4Info (the fabric has no action profile).
 */
import fc from 'fast-check';
import type { P4RuntimeClient } from '../../p4runtime/client/client';
import {
  ActionProfileGroup,
  ActionProfileMember,
  TableEntry,
  type Entity,
} from '../../p4runtime/entities';
import type { P4Schema } from '../../p4runtime/schema';
import { FABRIC_P4INFO, fabric } from '../../softswitch/pipelines/fabric';
import { reflector } from '../../softswitch/pipelines/reflector';
import { fabricState, reconcileAndCheck, uniqueByKey } from '../fixtures/reconcile-check';
import { kitchenSink, kitchenSinkP4Info, loadP4Info, TestSwitch } from './harness';

/** Runs per pipeline: each is two reconciles and two read-backs over gRPC (CPU is shared). */
const RUNS = 25;

describe('reconcile on the fabric P4Info (embedded switch, gRPC)', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  let schema: P4Schema;

  beforeAll(async () => {
    sw = await TestSwitch.start([{ pipelines: [reflector, fabric], defaultPipeline: 'reflector' }]);
    c = await sw.primary(loadP4Info(FABRIC_P4INFO), 'fabric');
    schema = c.schema!;
  });
  afterAll(() => sw.close());

  const state = () => fabricState(schema);

  it('leaves exactly the desired set, and a second diff is empty', async () => {
    await fc.assert(
      fc.asyncProperty(state(), state(), async (actual, desired) => {
        await reconcileAndCheck(c, actual, schema);
        await reconcileAndCheck(c, desired, schema);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('reconcile with action profiles (kitchen-sink P4Info, embedded switch, gRPC)', () => {
  let sw: TestSwitch;
  let c: P4RuntimeClient;
  let schema: P4Schema;

  beforeAll(async () => {
    sw = await TestSwitch.start([
      { pipelines: [reflector, kitchenSink], defaultPipeline: 'reflector' },
    ]);
    c = await sw.primary(kitchenSinkP4Info(), 'kitchen-sink');
    schema = c.schema!;
  });
  afterAll(() => sw.close());

  const id = fc.integer({ min: 1, max: 4 });
  const port = fc.integer({ min: 1, max: 3 });
  const hop = (p: number) => ({
    name: 'MyIngress.set_next_hop',
    params: { port: p, dmac: `02:00:00:00:00:0${p}` },
  });

  /** A consistent state: groups list only members of the state, entries only its groups. */
  const state = () =>
    fc
      .record({
        selectorMembers: fc.uniqueArray(fc.tuple(id, port), { selector: ([m]) => m, maxLength: 4 }),
        profileMembers: fc.uniqueArray(fc.tuple(id, fc.boolean()), {
          selector: ([m]) => m,
          maxLength: 4,
        }),
        groups: fc.uniqueArray(
          fc.tuple(
            fc.integer({ min: 1, max: 3 }),
            fc.uniqueArray(fc.tuple(id, fc.integer({ min: 1, max: 2 })), {
              selector: ([m]) => m,
              maxLength: 3,
            }),
          ),
          { selector: ([g]) => g, maxLength: 3 },
        ),
        ecmp: fc.uniqueArray(
          fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 })),
          {
            selector: ([n]) => n,
            maxLength: 4,
          },
        ),
        nexthop: fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 4 }), id), {
          selector: ([n]) => n,
          maxLength: 4,
        }),
        acl: fc.uniqueArray(
          fc.record({
            port: fc.constantFrom(undefined, 1, 2),
            dport: fc.constantFrom(undefined, '80..90', '443'),
            opt: fc.constantFrom(undefined, 6, 17),
            priority: fc.integer({ min: 1, max: 2 }),
          }),
          { selector: (a) => JSON.stringify(a), maxLength: 4 },
        ),
        lpmDefault: fc.constantFrom(undefined, 'MyIngress.drop', 'NoAction'),
      })
      .map((s) => {
        const out: Entity[] = [];
        const members = new Set(s.selectorMembers.map(([m]) => m));
        for (const [m, p] of s.selectorMembers)
          out.push(
            new ActionProfileMember({ profile: 'ecmp_selector', memberId: m, action: hop(p) }),
          );
        const profile = new Set(s.profileMembers.map(([m]) => m));
        for (const [m, drop] of s.profileMembers) {
          const action = drop ? { name: 'MyIngress.drop' } : hop(1);
          out.push(new ActionProfileMember({ profile: 'nexthop_profile', memberId: m, action }));
        }
        const groups = new Set<number>();
        for (const [g, list] of s.groups) {
          groups.add(g);
          const ms = list
            .filter(([m]) => members.has(m))
            .map(([m, w]) => ({ member: m, weight: w }));
          out.push(
            new ActionProfileGroup({
              profile: 'ecmp_selector',
              groupId: g,
              maxSize: 8,
              members: ms,
            }),
          );
        }
        for (const [net, g] of s.ecmp) {
          if (!groups.has(g)) continue;
          out.push(
            new TableEntry({
              table: 'ecmp',
              match: { 'hdr.ipv6.dst_addr': `2001:db8:${net}::/48` },
              action: { group: g },
            }),
          );
        }
        for (const [n, m] of s.nexthop) {
          if (!profile.has(m)) continue;
          out.push(
            new TableEntry({ table: 'nexthop', match: { nexthop_id: n }, action: { member: m } }),
          );
        }
        for (const a of s.acl) {
          out.push(
            new TableEntry({
              table: 'acl',
              match: {
                'standard_metadata.ingress_port': a.port,
                'hdr.tcp.dport': a.dport,
                'hdr.ipv6.next_hdr': a.opt,
              },
              priority: a.priority,
              action: { name: 'MyIngress.drop' },
            }),
          );
        }
        if (s.lpmDefault) {
          out.push(
            new TableEntry({ table: 'ipv4_lpm', isDefault: true, action: { name: s.lpmDefault } }),
          );
        }
        return uniqueByKey(schema)(out);
      });

  it('leaves exactly the desired set, referenced objects written first', async () => {
    await fc.assert(
      fc.asyncProperty(state(), state(), async (actual, desired) => {
        await reconcileAndCheck(c, actual, schema);
        await reconcileAndCheck(c, desired, schema);
      }),
      { numRuns: RUNS },
    );
  });
});
