/**
 * The straight-to-wire table entry writer must write exactly what protobufjs writes for
 * `{ type, entity: entry.encode(schema) }`, and must refuse (writing nothing) every update the
 * general path refuses: for random entries over every kitchen-sink table, valid and not, in
 * every value form; for wide entries whose lengths take several bytes; and whole requests.
 */
import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { TableEntry, type TableEntrySpec } from '../entities';
import { p4 } from '../proto';
import { P4Schema } from '../schema';
import type { Update } from '../entities/update';
import { TableEntryWriter } from './table-entry-wire';
import { WireWriter } from './wire-writer';
import { WriteRequestWriter } from './write-request';

const schema = kitchenSink();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const TYPES = { insert: 1, modify: 2, delete: 3 } as Record<string, number>;

/** The general path: the Update as WriteRequest field 4, or 'refused'. */
function general(u: Update, s: P4Schema = schema): string {
  try {
    const type = TYPES[u.type];
    if (!type) throw new TypeError('update type');
    const entity = (u.entity as TableEntry).encode(s);
    const w = new WireWriter();
    w.bytes(0x22, p4.v1.Update.encode({ type, entity }).finish());
    return hex(w.finish());
  } catch {
    return 'refused';
  }
}

/** The straight path: the same, 'general' when it leaves the update to the general path. */
function straight(u: unknown, s: P4Schema = schema): string {
  const w = new WireWriter(16);
  if (new TableEntryWriter().write(w, 0x22, u, s)) return hex(w.finish());
  expect(w.pos).toBe(0); // nothing written
  return 'general';
}

/** A seeded generator (mulberry32), so a failing case replays. */
function generator(seed: number) {
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}
type Gen = ReturnType<typeof generator>;

/** A random bigint of up to `bits` bits. */
function bits(g: Gen, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(g.int(0x10000));
  return v & ((1n << BigInt(g.int(bits + 1))) - 1n);
}

/** A value of `w` bits in one of the forms values are given in; now and then a bad one. */
function value(g: Gen, w: number): unknown {
  const fits = bits(g, w);
  if (g.next() < 0.85) {
    switch (g.int(6)) {
      case 0:
        return w <= 53 ? Number(fits) : fits;
      case 1:
        return fits;
      case 2:
        return `0x${fits.toString(16)}`;
      case 3:
        return fits.toString();
      case 4: {
        const b = Buffer.from(fits.toString(16).padStart(Math.ceil(w / 8) * 2, '0'), 'hex');
        return g.pick([new Uint8Array(b), b]);
      }
      default:
        return g.pick([0, 0n, 1, 1n, (1n << BigInt(w)) - 1n, w >= 32 ? 2 ** 32 - 1 : 1]);
    }
  }
  switch (g.int(5)) {
    case 0:
      return g.pick([1n << BigInt(w), w < 53 ? 2 ** w : 2 ** 53, -1, -1n, 1n << 600n]);
    case 1:
      return g.pick(['10.0.0.1', '2001:db8::1', '00:11:22:33:44:55', 'nope', '', '0x']);
    case 2:
      return g.pick([new Uint8Array(0), Uint8Array.of(0, 0, 1), Uint8Array.of(0xff, 0xff, 0xff)]);
    case 3:
      return g.pick([1.5, NaN, 2 ** 60, Number.MAX_SAFE_INTEGER, 2 ** 53]);
    default:
      return g.pick([null, true, {}, [], Symbol('x'), undefined]);
  }
}

/** A prefix of `len` bits of a `w`-bit value, host bits clear (or not, now and then). */
function prefix(g: Gen, w: number, len: number): bigint {
  const v = bits(g, w) & ~((1n << BigInt(w - len)) - 1n);
  return g.next() < 0.9 || len === w ? v : v | 1n;
}

/** A match value for a field of `kind`: that kind's forms mostly, now and then another's. */
function matchValue(g: Gen, kind: string | undefined, w: number): unknown {
  const v = () => value(g, w);
  if (g.next() < 0.85) {
    switch (kind) {
      case 'lpm': {
        const len = g.int(w + 1);
        const text = w === 32 ? '10.0.0.0/8' : w === 128 ? '2001:db8::/32' : undefined;
        return g.next() < 0.1 && text ? text : { value: prefix(g, w, len), prefixLen: len };
      }
      case 'ternary': {
        const mask = bits(g, w);
        return g.next() < 0.2 ? v() : { value: bits(g, w) & mask, mask };
      }
      case 'range': {
        const [lo, hi] = [bits(g, w), bits(g, w)];
        return g.next() < 0.2 ? v() : { low: lo < hi ? lo : hi, high: lo < hi ? hi : lo };
      }
      case 'optional':
        return g.next() < 0.5 ? v() : { optional: v() };
      default:
        return v();
    }
  }
  switch (g.int(7)) {
    case 0:
      return { value: v(), prefixLen: g.pick([0, 1, w >> 1, w, w + 1, -1, 1.5, '8']) };
    case 1:
      return { value: v(), mask: v() };
    case 2:
      return { low: v(), high: v() };
    case 3:
      return { optional: v() };
    case 4:
      return g.pick(['10.0.0.0/8', '2001:db8::/32', '0x2&&&0xf', '80..90', '::/0', '10.1.0.0/8']);
    default:
      return v();
  }
}

function spec(g: Gen): TableEntrySpec {
  const tables = schema.tables.all();
  const t = g.pick(tables);
  const out: TableEntrySpec = {
    table: g.next() < 0.98 ? g.pick([t.name, t.alias, t.id]) : 'MyIngress.nope',
  };
  const match: Record<string, unknown> = {};
  for (const f of t.fields.list) {
    if (g.next() < 0.05) continue; // left out
    const key = g.pick([f.name, f.name, f.name.split('.').pop()!, String(f.id)]);
    match[key] = matchValue(g, f.kind, f.bitwidth);
  }
  if (g.next() < 0.03) match[g.pick(['nope', t.fields.list[0]?.name ?? 'x'])] = 1;
  if (g.next() < 0.98) out.match = match as TableEntrySpec['match'];
  const refs = t.actionRefs.map((r) => schema.actions.findId(r.id)!);
  const a = g.next() < 0.95 && refs.length ? g.pick(refs) : g.pick(schema.actions.all());
  const params: Record<string, unknown> = {};
  for (const p of a.params.list) {
    if (g.next() < 0.02) continue;
    params[g.next() < 0.97 ? p.name : String(p.id)] = value(g, p.bitwidth);
  }
  if (g.next() < 0.02) params.nope = 1;
  switch (g.int(20)) {
    case 0:
      break;
    case 1:
      out.action = g.pick([{ member: 1 }, { group: 2 }, { oneShot: [] }, { name: 'drop' }]);
      break;
    case 2:
      out.action = { name: g.pick([a.id, a.name.split('.').pop()!]), params } as never;
      break;
    default:
      out.action = { name: a.name, params: params as never };
  }
  if (g.next() < 0.9) {
    if (t.needsPriority) out.priority = g.pick([1, 10, 0x7fffffff]);
  } else out.priority = g.pick([1, 0, -1, 1.5, 2 ** 31, undefined]);
  if (g.next() < 0.03) out.isDefault = g.next() < 0.5;
  if (g.next() < 0.02) out.metadata = 'cookie';
  if (g.next() < 0.02) out.idleTimeoutNs = 5;
  if (g.next() < 0.01) out.counterData = {};
  return out;
}

describe('TableEntryWriter', () => {
  it('writes what protobufjs writes, refuses what the general path refuses (5000 entries)', () => {
    const g = generator(20260611);
    const differ: string[] = [];
    let straightWays = 0;
    let valid = 0;
    for (let i = 0; i < 5000; i++) {
      const s = spec(g);
      const u: Update = {
        type: g.next() < 0.02 ? ('upsert' as never) : g.pick(['insert', 'modify', 'delete']),
        entity: new TableEntry(s),
      };
      const want = general(u);
      const got = straight(u);
      if (want !== 'refused') valid++;
      if (got === 'general') continue;
      straightWays++;
      if (got !== want) differ.push(`#${i} ${want} != ${got}: ${show(s)}`);
    }
    expect(differ).toEqual([]);
    // The common shapes do take the straight way.
    expect(straightWays).toBeGreaterThan(valid * 0.6);
    expect(valid).toBeGreaterThan(1000);
  });

  it.each<[string, TableEntrySpec]>([
    [
      'exact and lpm, bigints and strings',
      {
        table: 'ipv6_lpm',
        match: { 'meta.vrf': 7n, 'hdr.ipv6.dst_addr': '2001:db8::/32' },
        action: { name: 'set_next_hop', params: { port: 1, dmac: '00:00:00:00:00:01' } },
      },
    ],
    [
      'every match kind, keys by suffix and id',
      {
        table: 'mixed',
        match: {
          vrf: 3,
          2: { value: 0x20010db8n << 96n, prefixLen: 32 },
          dport: '80..90',
          flags: { value: 0x02, mask: 0x0f },
          opt: { optional: 7 },
        },
        action: { name: 'MyIngress.set_next_hop', params: { dmac: 2 ** 48 - 1, port: 511 } },
        priority: 2 ** 31 - 1,
      },
    ],
    ['a full-length lpm, bare', { table: 'ipv4_lpm', match: { dst_addr: 0x0a000001 } }],
    [
      'the zero values',
      { table: 'smac', match: { src_addr: 0n }, action: { name: 'learn', params: {} } },
    ],
    ['a keyless match given empty', { table: 'acl', match: {}, priority: 1 }],
    [
      'ternary and range wildcards left out',
      {
        table: 'acl',
        match: { ingress_port: { value: 0, mask: 0 }, dport: { low: 0, high: 0xffff } },
        priority: 1,
      },
    ],
    [
      'a table and action by id',
      { table: 0x02000007, match: { 1: '0x1' }, action: { name: 0x01000008 } },
    ],
    ['an lpm of length 0 left out', { table: 'ipv4_lpm', match: { dst_addr: '0.0.0.0/0' } }],
  ])('%s', (_name, s) => {
    for (const type of ['insert', 'modify', 'delete'] as const) {
      const u: Update = { type, entity: new TableEntry(s) };
      expect(straight(u)).toBe(general(u));
    }
  });

  it.each<[string, unknown]>([
    ['a subclass', new (class extends TableEntry {})({ table: 'ipv4_lpm', match: {} })],
    ['an entry with metadata', new TableEntry({ table: 'ipv4_lpm', match: {}, metadata: 'm' })],
    ['a default entry', new TableEntry({ table: 'ipv4_lpm', isDefault: true })],
    ['a read of a whole table', new TableEntry({ table: 'ipv4_lpm' })],
    [
      'a profile member',
      new TableEntry({ table: 'nexthop', match: { nexthop_id: 1 }, action: { member: 1 } }),
    ],
    ['a message, not an entity', { table_entry: { table_id: 1 } }],
    ['a spec key that shadows a method', new TableEntry({ encode: 1 } as TableEntrySpec)],
  ])('leaves %s to the general path', (_name, entity) => {
    expect(straight({ type: 'insert', entity })).toBe('general');
  });

  it('writes lengths of several bytes, and fields by id whatever the P4Info order', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({
      id: 12 - i, // listed from the highest id down
      name: `f${i}`,
      bitwidth: 2048,
      match_type: p4.config.v1.MatchField.MatchType.EXACT,
    }));
    const wide = new P4Schema(
      p4.config.v1.P4Info.create({
        tables: [
          {
            preamble: { id: 300, name: 'wide', alias: 'wide' },
            match_fields: fields,
            action_refs: [{ id: 200 }],
          },
        ],
        actions: [
          {
            preamble: { id: 200, name: 'set', alias: 'set' },
            params: [
              { id: 2, name: 'b', bitwidth: 4096 },
              { id: 1, name: 'a', bitwidth: 9 },
            ],
          },
        ],
      }),
    );
    const match: Record<string, unknown> = {};
    fields.forEach((f, i) => (match[f.name] = (1n << BigInt(100 * i)) + 5n));
    const params = { b: (1n << 4000n) | 1n, a: 3 }; // b is wider than 512 bits
    const u: Update = {
      type: 'insert',
      entity: new TableEntry({
        table: 'wide',
        match: match as never,
        action: { name: 'set', params },
      }),
    };
    const got = straight(u, wide);
    expect(got).not.toBe('general');
    expect(got).toBe(general(u, wide));
  });
});

describe('WriteRequestWriter.addEntry', () => {
  it('makes the same request as encoding every update, whichever way each goes', () => {
    const g = generator(99);
    const updates: Update[] = Array.from({ length: 400 }, () => ({
      type: 'insert',
      entity: new TableEntry(spec(g)),
    }));
    const straightWay = new WriteRequestWriter();
    const generalWay = new WriteRequestWriter();
    straightWay.begin(1n, 2n, '', 0);
    generalWay.begin(1n, 2n, '', 0);
    let taken = 0;
    for (const u of updates) {
      let update: p4.v1.IUpdate;
      try {
        update = { type: 1, entity: (u.entity as TableEntry).encode(schema) };
      } catch {
        expect(straightWay.addEntry(u, schema)).toBe(false);
        continue;
      }
      generalWay.add(update);
      if (straightWay.addEntry(u, schema)) taken++;
      else straightWay.add(update);
    }
    expect(taken).toBeGreaterThan(0);
    expect(straightWay.count).toBe(generalWay.count);
    expect(hex(straightWay.finish())).toBe(hex(generalWay.finish()));
  });

  it('takes nothing without a schema', () => {
    const req = new WriteRequestWriter();
    req.begin(1n, 2n, '', 0);
    const u = { type: 'insert', entity: new TableEntry({ table: 'ipv4_lpm', match: {} }) };
    expect(req.addEntry(u, undefined)).toBe(false);
    expect(req.count).toBe(0);
  });
});

/** A spec as JSON, bigints and bytes readable, to name a failing case. */
function show(s: TableEntrySpec): string {
  return JSON.stringify(s, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `0x${hex(v)}` : v,
  );
}
