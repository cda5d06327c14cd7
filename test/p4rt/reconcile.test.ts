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
import {
  canonicalize,
  diff,
  isInitialDefault,
  readState,
  reconcile,
  type Canonical,
} from '../../p4runtime/reconcile';
import type { P4Schema } from '../../p4runtime/schema';
import { FABRIC_P4INFO, fabric } from '../../softswitch/pipelines/fabric';
import { reflector } from '../../softswitch/pipelines/reflector';
import { kitchenSink, kitchenSinkP4Info, loadP4Info, TestSwitch } from './harness';

/** Runs per pipeline: each is two reconciles and two read-backs over gRPC (CPU is shared). */
const RUNS = 25;

/**
 * The test's own oracle of an entity's contents, independent of the kit's `contents`: its
 * Entity message as JSON with keys sorted, bytes in hex, 64-bit numbers as text, unset and
 * default fields and the counts left out, group members sorted by id.
 */
function oracle(e: Entity, schema: P4Schema): string {
  const m = e.encode(schema);
  const g = m.action_profile_group;
  if (g?.members)
    g.members = [...g.members].sort((a, b) => (a.member_id ?? 0) - (b.member_id ?? 0));
  return JSON.stringify(m, function (this: unknown, k, v: unknown) {
    if (k === 'counter_data' || k === 'meter_counter_data') return undefined;
    const raw = (this as Record<string, unknown>)[k];
    if (raw instanceof Uint8Array) return raw.length ? Buffer.from(raw).toString('hex') : undefined;
    if (v === 0 || v === false || v === '' || (Array.isArray(v) && !v.length)) return undefined;
    if (v && typeof v === 'object' && 'low' in v && 'high' in v) return String(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((x) => [x, o[x]]),
      );
    }
    return v;
  });
}

/** What the device holds, by key: entries (oracle contents) and every default entry read. */
function snapshot(list: readonly Entity[], schema: P4Schema) {
  const entries = new Map<string, string>();
  const defaults = new Map<string, Canonical>();
  for (const e of list) {
    const c = canonicalize(e, schema);
    if (c.message.table_entry?.is_default_action) defaults.set(c.key, c);
    else entries.set(c.key, oracle(c.entity, schema));
  }
  return { entries, defaults };
}

/**
 * Reconciles the device to `target`, then checks that it holds exactly `target` (its
 * entries; each default entry as desired, or the initial one) and that diff finds nothing.
 */
async function reconcileAndCheck(c: P4RuntimeClient, target: Entity[], schema: P4Schema) {
  await reconcile(c, target, schema);
  const held = await readState(c, schema);
  const want = snapshot(target, schema);
  const got = snapshot(held, schema);
  expect(got.entries).toEqual(want.entries);
  for (const [key, d] of got.defaults) {
    const w = want.defaults.get(key);
    if (w) expect(oracle(d.entity, schema)).toBe(oracle(w.entity, schema));
    else expect(isInitialDefault(d, schema)).toBe(true);
  }
  expect(diff(target, held, schema)).toEqual([]);
}

/** Unique by key: the device holds one entity per key. */
function uniqueByKey(schema: P4Schema) {
  return (list: Entity[]) => {
    const seen = new Map<string, Entity>();
    for (const e of list) seen.set(canonicalize(e, schema).key, e);
    return [...seen.values()];
  };
}

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

  const hop = fc.integer({ min: 1, max: 3 });
  const v4 = fc
    .record({ net: fc.integer({ min: 0, max: 3 }), len: fc.constantFrom(8, 16, 24), hop })
    .map(
      ({ net, len, hop }) =>
        new TableEntry({
          table: 'routing.v4',
          match: {
            ipv4_dst:
              len === 8 ? `1${net}.0.0.0/8` : len === 16 ? `10.${net}.0.0/16` : `10.0.${net}.0/24`,
          },
          action: { name: 'routing.v4_set_next_hop', params: { next_hop: hop } },
        }),
    );
  const v6 = fc
    .record({ net: fc.integer({ min: 0, max: 3 }), len: fc.constantFrom(48, 64), hop })
    .map(
      ({ net, len, hop }) =>
        new TableEntry({
          table: 'routing.v6',
          match: { ipv6_dst: `2001:db8:${net}::/${len}` },
          action: { name: 'routing.v6_set_next_hop', params: { next_hop: hop } },
        }),
    );
  const nextHop = fc.record({ id: hop, port: fc.integer({ min: 1, max: 4 }) }).map(
    ({ id, port }) =>
      new TableEntry({
        table: 'routing.next_hops',
        match: { next_hop: id },
        action: {
          name: 'routing.set_output',
          params: { port, smac: '02:00:00:00:00:01', dmac: `02:00:00:00:00:0${port}` },
        },
      }),
  );
  const acl = fc
    .record({
      type: fc.constantFrom(undefined, '0x0800', '0x86dd'),
      proto: fc.constantFrom(undefined, 6, 17),
      priority: fc.integer({ min: 1, max: 3 }),
      action: fc.constantFrom('acl.permit', 'acl.drop', 'acl.punt'),
    })
    .map(
      ({ type, proto, priority, action }) =>
        new TableEntry({
          table: 'acl.acl',
          match: { eth_type: type, ip_proto: proto },
          priority,
          action: { name: action },
        }),
    );
  const sources = fc
    .record({
      service: fc.integer({ min: 1, max: 2 }),
      src: fc.constantFrom('10.0.0.0&&&255.0.0.0', '10.1.0.0&&&255.255.0.0', '192.0.2.1'),
      priority: fc.integer({ min: 1, max: 2 }),
      b: fc.integer({ min: 1, max: 3 }),
    })
    .map(
      ({ service, src, priority, b }) =>
        new TableEntry({
          table: 'mslb.f_sources_v4',
          match: { service, ipv4_src: src },
          priority,
          action: { name: 'mslb.f_source_v4_to_b_v4', params: { b_addr: `192.0.2.${b}` } },
        }),
    );
  const fibDefault = fc.constantFrom<Entity[]>(
    [],
    [new TableEntry({ table: 'sar.fib', isDefault: true, action: { name: 'sar.fib_miss' } })],
    [
      new TableEntry({
        table: 'sar.fib',
        isDefault: true,
        action: { name: 'sar.to_gateway', params: { gateway: '2001:db8::1' } },
      }),
    ],
  );
  const state = () =>
    fc
      .tuple(fc.array(fc.oneof(v4, v6, nextHop, acl, sources), { maxLength: 14 }), fibDefault)
      .map(([entries, defaults]) => [...uniqueByKey(schema)(entries), ...defaults]);

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
