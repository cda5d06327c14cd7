/**
 * Packets as text for failure messages: hex, 16 bytes per line with offsets, and a side by
 * side diff of an expected and an actual packet that marks every byte that differs.
 *
 *   hexdump(Uint8Array.of(0xca, 0xfe))  // '  0000  ca fe'
 */

const hex2 = (b: number) => b.toString(16).padStart(2, '0');
const offset = (i: number) => i.toString(16).padStart(4, '0');

/** Bytes as hex, 16 per line; bytes whose mask is 0 are shown as `..` (don't care). */
export function hexdump(bytes: Uint8Array, mask?: Uint8Array): string {
  if (bytes.length === 0) return '  (empty)';
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = [...bytes.subarray(i, i + 16)].map((b, j) =>
      mask && mask[i + j] === 0 ? '..' : hex2(b),
    );
    lines.push(`  ${offset(i)}  ${row.join(' ')}`);
  }
  return lines.join('\n');
}

/** Whether byte `i` differs, counting only the bits the mask keeps (all when no mask). */
function differs(expected: Uint8Array, actual: Uint8Array, i: number, mask?: Uint8Array): boolean {
  if (i >= expected.length || i >= actual.length) return true;
  const m = mask ? (mask[i] ?? 0xff) : 0xff;
  return ((expected[i] ^ actual[i]) & m) !== 0;
}

/** Offsets of the bytes that differ (a length difference counts the extra bytes). */
export function differingBytes(
  expected: Uint8Array,
  actual: Uint8Array,
  mask?: Uint8Array,
): number[] {
  const out: number[] = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) if (differs(expected, actual, i, mask)) out.push(i);
  return out;
}

/**
 * Expected and actual, 16 bytes a row, one under the other, with `^^` under each byte that
 * differs, preceded by a one-line summary (lengths, first difference).
 */
export function hexdiff(expected: Uint8Array, actual: Uint8Array, mask?: Uint8Array): string {
  const diff = differingBytes(expected, actual, mask);
  const lines: string[] = [];
  const lengths =
    expected.length === actual.length
      ? `${actual.length} bytes`
      : `expected ${expected.length} bytes, got ${actual.length}`;
  if (diff.length === 0) {
    lines.push(`  ${lengths}, no byte differs`);
  } else {
    const f = diff[0];
    const show = (b: Uint8Array) => (f < b.length ? `0x${hex2(b[f])}` : 'nothing');
    lines.push(
      `  ${lengths}; ${diff.length} differ, the first at byte ${f} (0x${offset(f)}): ` +
        `expected ${show(expected)}, got ${show(actual)}`,
    );
  }
  const marked = new Set(diff);
  const n = Math.max(expected.length, actual.length);
  const cells = (b: Uint8Array, i: number, masked: boolean) =>
    [...Array(Math.min(16, n - i)).keys()].map((j) => {
      const k = i + j;
      if (k >= b.length) return '  ';
      return masked && mask && mask[k] === 0 ? '..' : hex2(b[k]);
    });
  for (let i = 0; i < n; i += 16) {
    lines.push(`  ${offset(i)}  expected  ${cells(expected, i, true).join(' ')}`.trimEnd());
    lines.push(`        actual    ${cells(actual, i, false).join(' ')}`.trimEnd());
    const marks = cells(actual, i, false).map((_c, j) => (marked.has(i + j) ? '^^' : '  '));
    if (marks.some((m) => m === '^^')) lines.push(`                  ${marks.join(' ')}`.trimEnd());
  }
  return lines.join('\n');
}
