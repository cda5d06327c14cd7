/**
 * Tokens of P4 source text with the file and line they come from, and the error every part of
 * the P4Info reader throws: it names file:line, so a construct the reader does not understand
 * is found at once.
 */

/** A place in a source file; `file` is the path as the include chain resolved it. */
export interface Loc {
  readonly file: string;
  readonly line: number;
}

export type TokenKind = 'id' | 'num' | 'str' | 'punct';

/** One token; tokens produced by a macro carry the place of the macro's use and its name. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly loc: Loc;
  readonly macro?: string;
}

/** "file:line", the way compilers and editors print a place. */
export function where(loc: Loc): string {
  return `${loc.file}:${loc.line}`;
}

/** A construct the reader does not understand, or a broken pinning rule, at file:line. */
export class P4SourceError extends Error {
  override name = 'P4SourceError';
  constructor(
    readonly loc: Loc,
    readonly detail: string,
  ) {
    super(`${where(loc)}: ${detail}`);
  }
}

/** A line of source after comments are removed and `\`-continued lines are joined. */
export interface SourceLine {
  readonly text: string;
  readonly line: number;
}

/** The file's lines without comments (a comment becomes one space; line numbers are kept). */
export function sourceLines(text: string, file: string): SourceLine[] {
  const stripped = stripComments(text, file);
  const physical = stripped.split(/\r?\n/);
  const lines: SourceLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const first = i;
    let joined = physical[i];
    while (joined.endsWith('\\') && i + 1 < physical.length) {
      joined = joined.slice(0, -1) + ' ' + physical[++i];
    }
    lines.push({ text: joined, line: first + 1 });
    // Keep one entry per physical line so that later lines keep their numbers.
    for (let k = first + 1; k <= i; k++) lines.push({ text: '', line: k + 1 });
  }
  return lines;
}

function stripComments(text: string, file: string): string {
  let out = '';
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (c === '"') {
      const end = stringEnd(text, i, { file, line });
      out += text.slice(i, end);
      i = end - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      out += ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new P4SourceError({ file, line }, 'unterminated /* comment');
      const body = text.slice(i, end + 2);
      const newlines = body.split('\n').length - 1;
      out += ' ' + '\n'.repeat(newlines);
      line += newlines;
      i = end + 1;
    } else {
      out += c;
    }
  }
  return out;
}

function stringEnd(text: string, start: number, loc: Loc): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
    else if (text[i] === '\n') break;
  }
  throw new P4SourceError(loc, 'unterminated string literal');
}

const TOKEN =
  /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|([0-9][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*")|([{}()[\]<>;:,.=+\-*/%&|^!~?@#]))/y;

/** The tokens of one comment-free line. `>>` is two tokens, so `register<bit<16>>` reads. */
export function tokenizeLine(text: string, loc: Loc): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) {
      const bad = text.slice(pos).trimStart()[0];
      throw new P4SourceError(loc, `unexpected character '${bad}'`);
    }
    pos = TOKEN.lastIndex;
    const kind: TokenKind = m[1] ? 'id' : m[2] ? 'num' : m[3] ? 'str' : 'punct';
    tokens.push({ kind, text: m[1] ?? m[2] ?? m[3] ?? m[4], loc });
  }
  return tokens;
}

const INTEGER =
  /^(?:(\d+)([ws]))?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[dD][0-9_]+|[0-9_]+)$/;

/** The value of a P4 integer literal (`512`, `0x1E`, `0b010`, `32w0`), or undefined. */
export function parseInteger(text: string): bigint | undefined {
  const m = INTEGER.exec(text);
  if (!m) return undefined;
  const digits = m[3].replace(/_/g, '');
  const prefix = digits.slice(0, 2).toLowerCase();
  if (prefix === '0d') return BigInt(digits.slice(2));
  if (prefix === '0o') return BigInt('0o' + digits.slice(2));
  return BigInt(digits);
}
