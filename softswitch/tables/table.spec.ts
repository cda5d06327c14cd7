import { TableError } from './errors';
import { bigIntToBytes } from './key';
import { MISS, Table, type TableOptions } from './table';
import { MeterColor, type ActionRef, type EntryMatch, type FieldSpec } from './types';

const u8 = (...xs: number[]) => Uint8Array.from(xs);
const setPort = (port: number): ActionRef => ({
  kind: 'action',
  actionId: 2,
  params: [bigIntToBytes(BigInt(port), 9)],
});
const exactKey = (v: number): EntryMatch => [
  { kind: 'exact', value: bigIntToBytes(BigInt(v), 32) },
];
const ipv4: FieldSpec[] = [{ name: 'hdr.ipv4.dst', bitwidth: 32, matchKind: 'exact' }];

/** The kind of the TableError `fn` throws (fails the test if it throws nothing or something else). */
function errorOf(fn: () => unknown): TableError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TableError);
    return e as TableError;
  }
  throw new Error('expected a TableError');
}

function exactTable(extra: Partial<TableOptions> = {}): Table {
  return new Table({ name: 'MyIngress.hosts', fields: ipv4, size: 4, ...extra });
}

describe('Table writes', () => {
  it('inserts, finds, reads and looks up an entry', () => {
    const t = exactTable();
    const h = t.insert({ match: exactKey(0x0a000001), action: setPort(3) });
    expect(t.size).toBe(1);
    expect(t.lookup(u8(10, 0, 0, 1))).toBe(h);
    expect(t.lookup(u8(0, 10, 0, 0, 1), 1)).toBe(h);
    expect(t.lookup(u8(10, 0, 0, 2))).toBe(MISS);
    expect(t.get(exactKey(0x0a000001))).toMatchObject({
      handle: h,
      priority: 0,
      action: setPort(3),
    });
    expect(t.get(exactKey(0x0a000002))).toBeUndefined();
  });

  it.each([
    [
      'insert twice',
      'ALREADY_EXISTS',
      /entry \{hdr\.ipv4\.dst=0x0a000001\} already exists/,
      (t: Table) => t.insert({ match: exactKey(0x0a000001), action: setPort(1) }),
    ],
    [
      'modify a missing entry',
      'NOT_FOUND',
      /0x0a000009\} does not exist/,
      (t: Table) => t.modify(exactKey(0x0a000009), 0, { action: setPort(1) }),
    ],
    [
      'delete a missing entry',
      'NOT_FOUND',
      /does not exist/,
      (t: Table) => t.delete(exactKey(0x0a000009)),
    ],
    ['read a free handle', 'NOT_FOUND', /no entry at handle 3/, (t: Table) => t.read(3)],
  ])('%s fails with %s', (_what, kind, message, op) => {
    const t = exactTable();
    t.insert({ match: exactKey(0x0a000001), action: setPort(1) });
    const e = errorOf(() => op(t));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/MyIngress\.hosts/);
  });

  it('refuses entries beyond its size with RESOURCE_EXHAUSTED and reuses freed slots', () => {
    const t = exactTable();
    const handles = [1, 2, 3, 4].map((i) => t.insert({ match: exactKey(i), action: setPort(i) }));
    expect(errorOf(() => t.insert({ match: exactKey(5), action: setPort(5) })).kind).toBe(
      'RESOURCE_EXHAUSTED',
    );
    t.delete(exactKey(2));
    const again = t.insert({ match: exactKey(5), action: setPort(5) });
    expect(again).toBe(handles[1]);
    expect(t.lookup(bigIntToBytes(2n, 32))).toBe(MISS);
    expect(t.lookup(bigIntToBytes(5n, 32))).toBe(again);
  });

  it('modifies the action and keeps the entry in place', () => {
    const t = exactTable();
    const h = t.insert({ match: exactKey(1), action: setPort(1) });
    expect(t.modify(exactKey(1), 0, { action: setPort(9) })).toBe(h);
    expect(t.actionOf(t.lookup(bigIntToBytes(1n, 32)))).toEqual(setPort(9));
  });

  it('leaves the table unchanged when a write fails', () => {
    const t = exactTable({
      actions: [{ id: 2, name: 'set_port', params: [{ name: 'port', bitwidth: 9 }] }],
    });
    t.insert({ match: exactKey(1), action: setPort(1) });
    const before = [...t.entries()];
    const badAction: ActionRef = { kind: 'action', actionId: 2, params: [u8(0x7f, 0xff)] };
    expect(errorOf(() => t.insert({ match: exactKey(2), action: badAction })).kind).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorOf(() => t.modify(exactKey(1), 0, { action: badAction })).kind).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      errorOf(() => t.insert({ match: exactKey(3), action: setPort(3), idleTimeoutNs: 5 })).kind,
    ).toBe('INVALID_ARGUMENT');
    expect([...t.entries()]).toEqual(before);
    expect(t.size).toBe(1);
    expect(t.distinctActions).toBe(1);
    expect(t.lookup(bigIntToBytes(2n, 32))).toBe(MISS);
  });

  it('copies caller buffers, so later changes to them do not leak in', () => {
    const t = exactTable();
    const value = bigIntToBytes(7n, 32);
    const action = setPort(7);
    t.insert({ match: [{ kind: 'exact', value }], action });
    value[3] = 8;
    (action as unknown as { params: Uint8Array[] }).params[0][1] = 9;
    expect(t.lookup(bigIntToBytes(7n, 32))).not.toBe(MISS);
    expect(t.actionOf(t.lookup(bigIntToBytes(7n, 32)))).toEqual(setPort(7));
  });

  it('iterates entries in slot order and clears', () => {
    const t = exactTable();
    [3, 1, 2].forEach((i) => t.insert({ match: exactKey(i), action: setPort(i) }));
    expect([...t.entries()].map((e) => e.match)).toEqual([exactKey(3), exactKey(1), exactKey(2)]);
    t.clear();
    expect(t.size).toBe(0);
    expect([...t.entries()]).toEqual([]);
    expect(t.lookup(bigIntToBytes(3n, 32))).toBe(MISS);
    expect(t.distinctActions).toBe(0);
    t.insert({ match: exactKey(3), action: setPort(3) });
    expect(t.size).toBe(1);
  });
});

describe('match validation', () => {
  const fields: FieldSpec[] = [
    { name: 'port', bitwidth: 9, matchKind: 'exact' },
    { name: 'dst', bitwidth: 32, matchKind: 'lpm' },
    { name: 'dscp', bitwidth: 6, matchKind: 'ternary' },
    { name: 'l4', bitwidth: 16, matchKind: 'range' },
    { name: 'proto', bitwidth: 8, matchKind: 'optional' },
  ];
  const ok: EntryMatch = [
    { kind: 'exact', value: u8(1, 0xff) },
    { kind: 'lpm', value: u8(10, 0, 0, 0), prefixLen: 8 },
    { kind: 'ternary', value: u8(0x20), mask: u8(0x30) },
    { kind: 'range', low: u8(0, 80), high: u8(0, 90) },
    { kind: 'optional', value: u8(6) },
  ];
  const withField = (i: number, m: EntryMatch[number]): EntryMatch =>
    ok.map((f, j) => (j === i ? m : f));
  const table = () => new Table({ name: 'acl', fields, size: 8 });

  it('accepts a well-formed entry and reads it back as given', () => {
    const t = table();
    t.insert({ match: ok, priority: 10, action: setPort(1) });
    expect(t.get(ok, 10)?.match).toEqual(ok);
    const wild: EntryMatch = [ok[0], undefined, undefined, undefined, undefined];
    t.insert({ match: wild, priority: 1, action: setPort(1) });
    expect(t.get(wild, 1)?.match).toEqual(wild);
  });

  it.each<[string, EntryMatch, number, RegExp]>([
    [
      'exact value too wide',
      withField(0, { kind: 'exact', value: u8(2, 0) }),
      1,
      /'port'.*value 0x0200 exceeds 9 bits/,
    ],
    [
      'exact value of wrong length',
      withField(0, { kind: 'exact', value: u8(1) }),
      1,
      /expected 2 byte\(s\) for 9 bit\(s\), got 1/,
    ],
    ['exact omitted', withField(0, undefined), 1, /'port'.*cannot be omitted/],
    [
      'lpm bits beyond the prefix',
      withField(1, { kind: 'lpm', value: u8(10, 1, 0, 0), prefixLen: 8 }),
      1,
      /bits set beyond prefix length 8/,
    ],
    [
      'lpm prefix too long',
      withField(1, { kind: 'lpm', value: u8(10, 0, 0, 0), prefixLen: 33 }),
      1,
      /prefix length 33 is outside 0..32/,
    ],
    [
      'lpm prefix 0 given',
      withField(1, { kind: 'lpm', value: u8(0, 0, 0, 0), prefixLen: 0 }),
      1,
      /omit the field/,
    ],
    [
      'ternary zero mask',
      withField(2, { kind: 'ternary', value: u8(0), mask: u8(0) }),
      1,
      /mask is zero/,
    ],
    [
      'ternary value outside mask',
      withField(2, { kind: 'ternary', value: u8(0x21), mask: u8(0x30) }),
      1,
      /outside mask 0x30/,
    ],
    [
      'range low > high',
      withField(3, { kind: 'range', low: u8(0, 91), high: u8(0, 90) }),
      1,
      /low 0x005b is greater than high 0x005a/,
    ],
    [
      'range covering everything',
      withField(3, { kind: 'range', low: u8(0, 0), high: u8(0xff, 0xff) }),
      1,
      /covers every value/,
    ],
    [
      'wrong match kind',
      withField(4, { kind: 'exact', value: u8(6) }),
      1,
      /'proto'.*got a 'exact' match; expected 'optional'/,
    ],
    ['too many fields', [...ok, undefined], 1, /at most 5 field/],
    ['priority 0 in a ternary table', ok, 0, /priority 0 is invalid/],
    ['priority beyond int32', ok, 2 ** 31, /priority 2147483648 is invalid/],
  ])('refuses %s with INVALID_ARGUMENT', (_what, match, priority, message) => {
    const t = table();
    const e = errorOf(() => t.insert({ match, priority, action: setPort(1) }));
    expect(e.kind).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(message);
    expect(t.size).toBe(0);
  });

  it('refuses a priority in a table that has none', () => {
    const e = errorOf(() =>
      exactTable().insert({ match: exactKey(1), priority: 3, action: setPort(1) }),
    );
    expect(e.message).toMatch(/priority 3 given.*expected 0/);
  });

  it('refuses entries in a keyless table but serves its default action', () => {
    const t = new Table({
      name: 'keyless',
      fields: [],
      size: 1,
      defaultAction: { actionId: 5, params: [] },
    });
    expect(errorOf(() => t.insert({ match: [], action: setPort(1) })).message).toMatch(
      /no match fields/,
    );
    expect(t.lookup(new Uint8Array(0))).toBe(MISS);
    expect(t.actionOf(MISS)).toMatchObject({ actionId: 5 });
  });
});

describe('actions', () => {
  it('interns equal actions: a thousand entries, sixteen action objects', () => {
    const t = new Table({ name: 'routes', fields: ipv4, size: 1000 });
    for (let i = 0; i < 1000; i++) t.insert({ match: exactKey(i), action: setPort(i % 16) });
    expect(t.distinctActions).toBe(16);
    const a = t.actionOf(t.lookup(bigIntToBytes(5n, 32)));
    const b = t.actionOf(t.lookup(bigIntToBytes(21n, 32)));
    expect(a).toBe(b);
    for (let i = 0; i < 1000; i += 16) t.delete(exactKey(i)); // every user of port 0
    expect(t.distinctActions).toBe(15);
  });

  it('validates actions against the catalog, with scopes', () => {
    const t = exactTable({
      actions: [
        { id: 2, name: 'set_port', params: [{ name: 'port', bitwidth: 9 }], scope: 'TABLE_ONLY' },
        { id: 3, name: 'drop', params: [], scope: 'DEFAULT_ONLY' },
      ],
      defaultAction: { actionId: 3, params: [] },
    });
    expect(
      errorOf(() =>
        t.insert({ match: exactKey(1), action: { kind: 'action', actionId: 9, params: [] } }),
      ).message,
    ).toMatch(/action 9 is not one of \[2 set_port, 3 drop\]/);
    expect(
      errorOf(() =>
        t.insert({ match: exactKey(1), action: { kind: 'action', actionId: 3, params: [] } }),
      ).message,
    ).toMatch(/'drop' is @defaultonly/);
    expect(errorOf(() => t.setDefaultAction({ actionId: 2, params: [u8(0, 1)] })).message).toMatch(
      /'set_port' is @tableonly/,
    );
    expect(
      errorOf(() =>
        t.insert({ match: exactKey(1), action: { kind: 'action', actionId: 2, params: [] } }),
      ).message,
    ).toMatch(/takes 1 param\(s\), got 0/);
  });

  it('sets, resets and protects the default action', () => {
    const t = exactTable({ defaultAction: { actionId: 1, params: [] } });
    expect(t.actionOf(MISS)).toMatchObject({ kind: 'action', actionId: 1 });
    t.setDefaultAction({ actionId: 2, params: [bigIntToBytes(4n, 9)] });
    expect(t.defaultAction).toMatchObject({ actionId: 2 });
    t.resetDefaultAction();
    expect(t.defaultAction).toMatchObject({ actionId: 1 });
    const c = exactTable({ defaultAction: { actionId: 1, params: [] }, constDefaultAction: true });
    expect(c.defaultIsConst).toBe(true);
    expect(errorOf(() => c.setDefaultAction({ actionId: 1, params: [] })).kind).toBe(
      'PERMISSION_DENIED',
    );
    expect(errorOf(() => c.resetDefaultAction()).kind).toBe('PERMISSION_DENIED');
    expect(exactTable().actionOf(MISS)).toBeUndefined();
  });
});

describe('per-entry state', () => {
  it('counts nothing on a miss, as bmv2 (the default entry counter stays 0)', () => {
    const t = exactTable({ directCounter: true });
    expect(t.apply(bigIntToBytes(1n, 32), 0, 2, 0)).toBe(MISS);
    expect(t.readCounter(MISS)).toEqual({ bytes: 0, packets: 0 });
  });

  it('refreshes the idle time of the entry apply() hits, from the table clock', () => {
    let now = 1_000;
    const t = exactTable({ idleTimeout: true, directCounter: true, clock: () => now });
    const a = t.insert({ match: exactKey(1), action: setPort(1), idleTimeoutNs: 500 });
    now = 1_400;
    expect(t.apply(bigIntToBytes(1n, 32), 0, 60)).toBe(a); // no nowNs: the table's clock
    expect(t.read(a).lastHitNs).toBe(1_400);
    expect(t.idleExpired(1_800)).toEqual([]); // the hit restarted the idle period
    expect(t.idleExpired(1_900)).toEqual([a]);
    t.apply(bigIntToBytes(1n, 32), 0, 60, 2_000); // a hit re-arms the notification
    expect(t.idleExpired(2_500)).toEqual([a]);
    expect(t.apply(bigIntToBytes(9n, 32), 0, 60)).toBe(MISS);
    expect(t.readCounter(a)).toEqual({ bytes: 120, packets: 2 });
  });

  it('counts hits, not misses, in direct counters', () => {
    const t = exactTable({ directCounter: true });
    const h = t.insert({
      match: exactKey(1),
      action: setPort(1),
      counterData: { bytes: 100, packets: 1 },
    });
    t.count(h, 64);
    t.apply(bigIntToBytes(1n, 32), 0, 1500, 0);
    t.apply(bigIntToBytes(2n, 32), 0, 60, 0);
    expect(t.readCounter(h)).toEqual({ bytes: 1664, packets: 3 });
    expect(t.readCounter(MISS)).toEqual({ bytes: 0, packets: 0 });
    t.writeCounter(h, { bytes: 0, packets: 0 });
    expect(t.read(h).counterData).toEqual({ bytes: 0, packets: 0 });
    expect(
      errorOf(() =>
        exactTable().insert({
          match: exactKey(1),
          action: setPort(1),
          counterData: { bytes: 1, packets: 1 },
        }),
      ).message,
    ).toMatch(/no direct counter/);
  });

  it('reports idle entries once per idle period, without removing them', () => {
    let now = 1_000;
    const t = exactTable({ idleTimeout: true, clock: () => now });
    const a = t.insert({ match: exactKey(1), action: setPort(1), idleTimeoutNs: 500 });
    const b = t.insert({ match: exactKey(2), action: setPort(1), idleTimeoutNs: 2_000 });
    t.insert({ match: exactKey(3), action: setPort(1) }); // never ages
    expect(t.idleExpired(1_400)).toEqual([]);
    expect(t.idleExpired(1_500)).toEqual([a]);
    expect(t.idleExpired(1_600)).toEqual([]); // already reported
    t.hit(a, 1_700);
    expect(t.read(a).lastHitNs).toBe(1_700);
    expect(t.idleExpired(2_200)).toEqual([a]);
    expect(t.idleExpired(3_000, false)).toEqual([b]);
    expect(t.idleExpired(3_000)).toEqual([b]);
    now = 3_000;
    t.modify(exactKey(2), 0, { idleTimeoutNs: 100 }); // restarts the timer
    expect(t.idleExpired(3_050)).toEqual([]);
    expect(t.idleExpired(3_100)).toEqual([b]);
    expect(t.size).toBe(3);
  });

  it('meters entries with their direct meter and reads the config back', () => {
    const t = exactTable({ directMeter: 'bytes', clock: () => 0 });
    const cfg = { cir: 1000, cburst: 500, pir: 2000, pburst: 1000 };
    const h = t.insert({ match: exactKey(1), action: setPort(1), meterConfig: cfg });
    expect(t.read(h).meterConfig).toEqual(cfg);
    expect(t.executeMeter(h, 400, 0)).toBe(MeterColor.GREEN);
    expect(t.executeMeter(h, 400, 0)).toBe(MeterColor.YELLOW);
    expect(t.executeMeter(h, 400, 0)).toBe(MeterColor.RED);
    t.modify(exactKey(1), 0, { meterConfig: null });
    expect(t.read(h).meterConfig).toBeUndefined();
    expect(t.executeMeter(h, 400, 0)).toBe(MeterColor.GREEN);
    expect(
      errorOf(() => t.modify(exactKey(1), 0, { meterConfig: { ...cfg, pir: 10 } })).message,
    ).toMatch(/pir 10 is below cir 1000/);
  });

  it('keeps controller metadata sparsely and clears it on reuse', () => {
    const t = exactTable();
    const h = t.insert({
      match: exactKey(1),
      action: setPort(1),
      controllerMetadata: 2n ** 64n - 1n,
      metadata: u8(1, 2),
    });
    expect(t.read(h)).toMatchObject({ controllerMetadata: 2n ** 64n - 1n, metadata: u8(1, 2) });
    t.modify(exactKey(1), 0, { controllerMetadata: null });
    expect(t.read(h).controllerMetadata).toBeUndefined();
    t.delete(exactKey(1));
    const again = t.insert({ match: exactKey(2), action: setPort(1) });
    expect(again).toBe(h);
    expect(t.read(again).metadata).toBeUndefined();
    expect(
      errorOf(() => t.insert({ match: exactKey(3), action: setPort(1), controllerMetadata: -1n }))
        .message,
    ).toMatch(/not a uint64/);
  });
});

describe('Table action words (the packet path reads ids and small parameters as numbers)', () => {
  const call = (actionId: number, ...params: Uint8Array[]): ActionRef => ({
    kind: 'action',
    actionId,
    params,
  });

  it('gives the action id and each parameter of up to 32 bits, NaN for wider ones', () => {
    const t = exactTable({ size: 64 });
    const h = t.insert({
      match: exactKey(1),
      action: call(7, u8(1), u8(0x01, 0xff), u8(0xff, 0xff, 0xff, 0xfe), u8(1, 2, 3, 4, 5, 6)),
    });
    expect(t.actionIdOf(h)).toBe(7);
    expect([0, 1, 2, 3, 4].map((k) => t.paramWord(h, k))).toEqual([1, 0x1ff, 0xfffffffe, NaN, NaN]);
  });

  it('follows modifies, deletes and reused pool slots, and answers for the default on a miss', () => {
    const t = exactTable({ size: 64, defaultAction: { actionId: 9, params: [u8(0, 5)] } });
    expect(t.actionIdOf(MISS)).toBe(9);
    expect(t.paramWord(MISS, 0)).toBe(5);
    const handles = Array.from({ length: 40 }, (_, i) =>
      t.insert({ match: exactKey(i), action: call(3, u8(0, i)) }),
    );
    t.modify(exactKey(5), 0, { action: call(4, u8(0x12, 0x34)) });
    for (let i = 10; i < 20; i++) t.delete(exactKey(i));
    for (let i = 10; i < 20; i++) t.insert({ match: exactKey(i), action: call(6, u8(1, i)) });
    for (let i = 0; i < 40; i++) {
      const h = t.lookup(bigIntToBytes(BigInt(i), 32));
      const [id, word] = i === 5 ? [4, 0x1234] : i >= 10 && i < 20 ? [6, 256 + i] : [3, i];
      expect([t.actionIdOf(h), t.paramWord(h, 0)]).toEqual([id, word]);
    }
    expect(handles).toHaveLength(40);
  });
});
