/** ssactl's output: aligned tables for people, JSON for scripts, a progress bar on a TTY. */

/** Where ssactl writes. */
export interface Io {
  /** A line on stdout. */
  out(text: string): void;
  /** A line on stderr. */
  err(text: string): void;
  /** Raw text on stderr, no newline (a progress bar redrawn with \r). */
  raw(text: string): void;
  /** True when stderr is a terminal (progress bars redraw in place). */
  readonly tty: boolean;
}

/** What a command produced: `data` for --json, `table` or `lines` for people. */
export interface Output {
  readonly data: unknown;
  readonly table?: { readonly columns: readonly string[]; readonly rows: readonly unknown[][] };
  readonly lines?: readonly string[];
}

/** Renders a table: upper-case header, columns padded to their widest cell. */
export function renderTable(columns: readonly string[], rows: readonly unknown[][]): string {
  const cells = [columns.map((c) => c.toUpperCase()), ...rows.map((r) => r.map(cell))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '-';
  if (Array.isArray(v)) return v.length === 0 ? '-' : v.map(cell).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Prints an Output as JSON (one document) or for people. */
export function print(io: Io, o: Output, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(o.data, null, 2));
    return;
  }
  if (o.table) io.out(renderTable(o.table.columns, o.table.rows));
  for (const l of o.lines ?? []) io.out(l);
}

/**
 * Progress of a long operation: on a terminal one bar redrawn in place
 * (`[#########-----------] 3/7 converging`), otherwise one plain line per step.
 */
export class Progress {
  private last = '';

  constructor(
    private readonly io: Io,
    private readonly label: string,
    private readonly total: number,
  ) {}

  /** Reports `done` of `total` with a note. */
  update(done: number, note: string): void {
    const line = this.io.tty
      ? `\r${this.label} ${bar(done, this.total)} ${done}/${this.total} ${note}`
      : `${this.label}: ${done}/${this.total} ${note}`;
    if (line === this.last) return;
    this.last = line;
    if (this.io.tty) this.io.raw(line);
    else this.io.err(line);
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.io.tty && this.last !== '') this.io.raw('\n');
  }
}

function bar(done: number, total: number, width = 20): string {
  const n = total === 0 ? width : Math.round((width * Math.min(done, total)) / total);
  return `[${'#'.repeat(n)}${'-'.repeat(width - n)}]`;
}
