/** Small helpers shared by the benchmarks: timing, medians and the closing JSON line. */

/** Seconds elapsed since `start` (from process.hrtime.bigint()). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Round to `digits` significant digits for printing. */
export function round(v: number, digits = 4): number {
  return Number(v.toPrecision(digits));
}

/** Print the benchmark's figures as its last line, one JSON object. */
export function printJson(figures: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(figures) + '\n');
}
