import { fail } from './errors';
import { byteWidth, compareBytes, fullWidthProblem, isZero, toHex, writePrefixMask } from './key';
import type { EntryMatch, FieldMatch, FieldSpec } from './types';

/**
 * Which index a table gets: no fields; all exact (hash); exact + one lpm (trie per exact
 * part); anything else (tuple space, with priority).
 */
export type TableShape = 'keyless' | 'exact' | 'lpm' | 'tuple';

/** Layout of one field inside the lookup key and the stored match rows. */
export interface FieldLayout {
  readonly spec: FieldSpec;
  readonly index: number;
  /** Byte offset in the key (and in value/mask rows). */
  readonly offset: number;
  readonly width: number;
  /** Byte offset in the range low/high rows (range fields only, else -1). */
  readonly rangeOffset: number;
}

/**
 * One encoded entry identity, the scratch form a match is validated into before anything is
 * changed: value & mask rows laid out like the lookup key, prefix length of the lpm field,
 * range bounds and priority.
 */
export interface EncodedMatch {
  readonly value: Uint8Array;
  readonly mask: Uint8Array;
  prefixLen: number;
  readonly low: Uint8Array;
  readonly high: Uint8Array;
  priority: number;
}

/** The key layout of a table plus validation and encoding of entry matches. */
export class KeySchema {
  readonly fields: readonly FieldLayout[];
  /** Bytes of a lookup key (sum of full widths). */
  readonly keyBytes: number;
  /** Bytes of the range low (and high) row. */
  readonly rangeBytes: number;
  readonly shape: TableShape;
  readonly requiresPriority: boolean;
  /** The lpm field of an 'lpm'-shaped table. */
  readonly lpmField: FieldLayout | undefined;
  readonly rangeFields: readonly FieldLayout[];

  constructor(
    readonly tableName: string,
    specs: readonly FieldSpec[],
  ) {
    let offset = 0;
    let rangeOffset = 0;
    const fields: FieldLayout[] = [];
    specs.forEach((spec, index) => {
      if (!Number.isInteger(spec.bitwidth) || spec.bitwidth < 1) {
        throw fail(
          'INVALID_ARGUMENT',
          `table '${tableName}': field '${spec.name}' has bitwidth ${spec.bitwidth}; expected an integer >= 1`,
        );
      }
      if (!['exact', 'lpm', 'ternary', 'range', 'optional'].includes(spec.matchKind)) {
        throw fail(
          'INVALID_ARGUMENT',
          `table '${tableName}': field '${spec.name}' has unsupported match kind '${spec.matchKind}'`,
        );
      }
      const width = byteWidth(spec.bitwidth);
      const isRange = spec.matchKind === 'range';
      fields.push({ spec, index, offset, width, rangeOffset: isRange ? rangeOffset : -1 });
      offset += width;
      if (isRange) rangeOffset += width;
    });
    this.fields = fields;
    this.keyBytes = offset;
    this.rangeBytes = rangeOffset;
    this.rangeFields = fields.filter((f) => f.spec.matchKind === 'range');
    const lpms = fields.filter((f) => f.spec.matchKind === 'lpm');
    const needsPriority = fields.some((f) =>
      ['ternary', 'range', 'optional'].includes(f.spec.matchKind),
    );
    // Several lpm fields without a ternary/range/optional one have no defined winner by
    // prefix length alone, so such tables are treated like ternary ones and need priority.
    this.requiresPriority = needsPriority || lpms.length > 1;
    if (fields.length === 0) this.shape = 'keyless';
    else if (this.requiresPriority) this.shape = 'tuple';
    else if (lpms.length === 1) this.shape = 'lpm';
    else this.shape = 'exact';
    this.lpmField = this.shape === 'lpm' ? lpms[0] : undefined;
  }

  /** A fresh scratch EncodedMatch sized for this schema. */
  newEncoded(): EncodedMatch {
    return {
      value: new Uint8Array(this.keyBytes),
      mask: new Uint8Array(this.keyBytes),
      prefixLen: 0,
      low: new Uint8Array(this.rangeBytes),
      high: new Uint8Array(this.rangeBytes),
      priority: 0,
    };
  }

  /**
   * Validates `match` and `priority` by P4Runtime rules and writes them into `out`.
   * Throws INVALID_ARGUMENT naming the field and value on any violation.
   */
  encode(match: EntryMatch, priority: number, out: EncodedMatch): void {
    const t = this.tableName;
    if (this.shape === 'keyless') {
      throw fail(
        'INVALID_ARGUMENT',
        `table '${t}' has no match fields; only its default action can be set`,
      );
    }
    if (!Array.isArray(match) || match.length > this.fields.length) {
      throw fail(
        'INVALID_ARGUMENT',
        `table '${t}': expected a match list of at most ${this.fields.length} field(s)`,
      );
    }
    if (this.requiresPriority) {
      if (!Number.isInteger(priority) || priority < 1 || priority > 0x7fffffff) {
        throw fail(
          'INVALID_ARGUMENT',
          `table '${t}': priority ${priority} is invalid; this table needs a priority in 1..2147483647`,
        );
      }
    } else if (priority !== 0) {
      throw fail(
        'INVALID_ARGUMENT',
        `table '${t}': priority ${priority} given, but this table has no ternary, range or optional field; expected 0`,
      );
    }
    out.value.fill(0);
    out.mask.fill(0);
    out.low.fill(0);
    out.high.fill(0);
    out.prefixLen = 0;
    out.priority = priority;
    for (const f of this.fields) this.encodeField(f, match[f.index], out);
  }

  private encodeField(f: FieldLayout, m: FieldMatch | undefined, out: EncodedMatch): void {
    const { spec, offset, width } = f;
    const where = `table '${this.tableName}': field '${spec.name}' (${spec.matchKind}, ${spec.bitwidth} bits)`;
    const bad = (what: string): never => {
      throw fail('INVALID_ARGUMENT', `${where}: ${what}`);
    };
    const check = (v: unknown, label: string): Uint8Array => {
      const problem = fullWidthProblem(v, spec.bitwidth);
      if (problem !== undefined) bad(`${label}: ${problem}`);
      return v as Uint8Array;
    };
    if (m === undefined || m === null) {
      if (spec.matchKind === 'exact') bad('an exact field cannot be omitted (wildcarded)');
      if (spec.matchKind === 'range') {
        out.high.fill(0xff, f.rangeOffset, f.rangeOffset + width);
        const pad = width * 8 - spec.bitwidth;
        out.high[f.rangeOffset] = 0xff >> pad;
      }
      return;
    }
    if (m.kind !== spec.matchKind) bad(`got a '${m.kind}' match; expected '${spec.matchKind}'`);
    switch (m.kind) {
      case 'exact':
      case 'optional': {
        const v = check(m.value, 'value');
        out.value.set(v, offset);
        writePrefixMask(out.mask, offset, spec.bitwidth, spec.bitwidth);
        return;
      }
      case 'lpm': {
        const v = check(m.value, 'value');
        const len = m.prefixLen;
        if (!Number.isInteger(len) || len < 0 || len > spec.bitwidth) {
          bad(`prefix length ${len} is outside 0..${spec.bitwidth}`);
        }
        if (len === 0) bad('prefix length 0 is a wildcard; omit the field instead');
        writePrefixMask(out.mask, offset, spec.bitwidth, len);
        for (let i = 0; i < width; i++) {
          if ((v[i] & ~out.mask[offset + i]) !== 0) {
            bad(`value 0x${toHex(v)} has bits set beyond prefix length ${len}`);
          }
        }
        out.value.set(v, offset);
        out.prefixLen = len;
        return;
      }
      case 'ternary': {
        const v = check(m.value, 'value');
        const mask = check(m.mask, 'mask');
        if (isZero(mask)) bad('mask is zero (a wildcard); omit the field instead');
        for (let i = 0; i < width; i++) {
          if ((v[i] & ~mask[i]) !== 0) {
            bad(`value 0x${toHex(v)} has bits set outside mask 0x${toHex(mask)}`);
          }
        }
        out.value.set(v, offset);
        out.mask.set(mask, offset);
        return;
      }
      case 'range': {
        const low = check(m.low, 'low');
        const high = check(m.high, 'high');
        if (compareBytes(low, 0, high, 0, width) > 0) {
          bad(`low 0x${toHex(low)} is greater than high 0x${toHex(high)}`);
        }
        const pad = width * 8 - spec.bitwidth;
        const full =
          isZero(low) && high[0] === 0xff >> pad && high.subarray(1).every((b) => b === 0xff);
        if (full) bad('range covers every value (a wildcard); omit the field instead');
        out.low.set(low, f.rangeOffset);
        out.high.set(high, f.rangeOffset);
        return;
      }
    }
  }

  /** Rebuilds the P4Runtime-style match from stored rows (wildcards come back as undefined). */
  decode(
    value: Uint8Array,
    vo: number,
    mask: Uint8Array | undefined,
    prefixLen: number,
    low: Uint8Array | undefined,
    high: Uint8Array | undefined,
    ro: number,
  ): (FieldMatch | undefined)[] {
    return this.fields.map((f): FieldMatch | undefined => {
      const at = vo + f.offset;
      const v = value.slice(at, at + f.width);
      switch (f.spec.matchKind) {
        case 'exact':
          return { kind: 'exact', value: v };
        case 'lpm': {
          let len = prefixLen;
          if (mask !== undefined) len = countOnes(mask, at, f.width);
          return len === 0 ? undefined : { kind: 'lpm', value: v, prefixLen: len };
        }
        case 'optional':
          return mask === undefined || isZero(mask, at, f.width)
            ? undefined
            : { kind: 'optional', value: v };
        case 'ternary': {
          const m = mask === undefined ? undefined : mask.slice(at, at + f.width);
          return m === undefined || isZero(m) ? undefined : { kind: 'ternary', value: v, mask: m };
        }
        case 'range': {
          const r = ro + f.rangeOffset;
          const lo = low!.slice(r, r + f.width);
          const hi = high!.slice(r, r + f.width);
          const pad = f.width * 8 - f.spec.bitwidth;
          const full =
            isZero(lo) && hi[0] === 0xff >> pad && hi.subarray(1).every((b) => b === 0xff);
          return full ? undefined : { kind: 'range', low: lo, high: hi };
        }
      }
    });
  }

  /** Index of the field with P4Info id `id`, or -1. */
  indexOfFieldId(id: number): number {
    return this.fields.findIndex((f) => f.spec.id === id);
  }

  /** Human-readable rendering of an encoded identity, for error messages. */
  describe(enc: EncodedMatch): string {
    const parts = this.decode(
      enc.value,
      0,
      this.shape === 'tuple' ? enc.mask : undefined,
      enc.prefixLen,
      enc.low,
      enc.high,
      0,
    ).map((m, i) => `${this.fields[i].spec.name}=${describeField(m)}`);
    const prio = this.requiresPriority ? ` priority=${enc.priority}` : '';
    return `{${parts.join(', ')}}${prio}`;
  }
}

function countOnes(a: Uint8Array, off: number, len: number): number {
  let n = 0;
  for (let i = 0; i < len; i++) {
    let b = a[off + i];
    while (b !== 0) {
      n += b & 1;
      b >>= 1;
    }
  }
  return n;
}

function describeField(m: FieldMatch | undefined): string {
  if (m === undefined) return '*';
  switch (m.kind) {
    case 'exact':
    case 'optional':
      return `0x${toHex(m.value)}`;
    case 'lpm':
      return `0x${toHex(m.value)}/${m.prefixLen}`;
    case 'ternary':
      return `0x${toHex(m.value)}&&&0x${toHex(m.mask)}`;
    case 'range':
      return `0x${toHex(m.low)}..0x${toHex(m.high)}`;
  }
}
