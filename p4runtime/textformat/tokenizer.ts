/**
 * Tokens of the protobuf text format, as the C++ io::Tokenizer splits them: identifiers,
 * integers (decimal, 0x hex, 0 octal), floats (1.5, .5, 1e-3, 2f), quoted strings (C
 * escapes decoded to bytes) and one-character symbols; `#` starts a comment.
 */

export type TokenKind = 'ident' | 'int' | 'float' | 'string' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: without the quotes, escapes undecoded). */
  text: string;
  /** Decoded bytes of a string token. */
  bytes?: Uint8Array;
  line: number;
  column: number;
}

/** A syntax or schema error in text-format input, with its 1-based position. */
export class TextFormatError extends Error {
  override name = 'TextFormatError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isHex = (c: string) => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '?': 63,
  "'": 39,
  '"': 34,
};

/** Splits text into tokens; `next()` returns `eof` at the end, forever. */
export class Tokenizer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  private fail(reason: string, at = this.pos): never {
    throw new TextFormatError(reason, this.line, at - this.lineStart + 1);
  }

  /** The next token. */
  next(): Token {
    this.skipSpace();
    const start = this.pos;
    const line = this.line;
    const column = start - this.lineStart + 1;
    const t = this.text;
    if (start >= t.length) return { kind: 'eof', text: '', line, column };
    const c = t[start];
    const token = (kind: TokenKind, text = t.slice(start, this.pos)): Token => ({
      kind,
      text,
      line,
      column,
    });
    if (isLetter(c)) {
      while (this.pos < t.length && (isLetter(t[this.pos]) || isDigit(t[this.pos]))) this.pos++;
      return token('ident');
    }
    if (isDigit(c) || (c === '.' && isDigit(t[start + 1] ?? ''))) {
      const kind = this.number();
      if (this.pos < t.length && (isLetter(t[this.pos]) || t[this.pos] === '.')) {
        this.fail(`need space between number and '${t[this.pos]}'`);
      }
      return token(kind);
    }
    if (c === '"' || c === "'") {
      const bytes = this.string(c);
      return { ...token('string', t.slice(start + 1, this.pos - 1)), bytes };
    }
    this.pos++;
    return token('symbol');
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f') {
        this.pos++;
      } else if (c === '#') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  private number(): 'int' | 'float' {
    const t = this.text;
    const digits = (ok: (c: string) => boolean) => {
      const from = this.pos;
      while (this.pos < t.length && ok(t[this.pos])) this.pos++;
      return this.pos - from;
    };
    if (t[this.pos] === '0' && (t[this.pos + 1] === 'x' || t[this.pos + 1] === 'X')) {
      this.pos += 2;
      if (digits(isHex) === 0) this.fail('"0x" must be followed by hex digits');
      return 'int';
    }
    let float = false;
    digits(isDigit);
    if (t[this.pos] === '.') {
      float = true;
      this.pos++;
      digits(isDigit);
    }
    if (t[this.pos] === 'e' || t[this.pos] === 'E') {
      float = true;
      this.pos++;
      if (t[this.pos] === '+' || t[this.pos] === '-') this.pos++;
      if (digits(isDigit) === 0) this.fail('"e" must be followed by an exponent');
    }
    if (t[this.pos] === 'f' || t[this.pos] === 'F') {
      float = true;
      this.pos++;
    }
    return float ? 'float' : 'int';
  }

  /** Reads a quoted string starting at the quote; returns its bytes (UTF-8 for raw text). */
  private string(quote: string): Uint8Array {
    const t = this.text;
    const out: number[] = [];
    const start = this.pos++;
    for (;;) {
      if (this.pos >= t.length || t[this.pos] === '\n') {
        this.fail('string literal is not terminated', start);
      }
      const c = t[this.pos];
      if (c === quote) {
        this.pos++;
        return Uint8Array.from(out);
      }
      if (c !== '\\') {
        const cp = t.codePointAt(this.pos) as number;
        this.pos += cp > 0xffff ? 2 : 1;
        pushUtf8(out, cp);
        continue;
      }
      const at = this.pos;
      const e = t[++this.pos] ?? '';
      this.pos++;
      if (e in SIMPLE_ESCAPES) out.push(SIMPLE_ESCAPES[e]);
      else if (e >= '0' && e <= '7') {
        let v = Number(e);
        for (let i = 0; i < 2 && t[this.pos] >= '0' && t[this.pos] <= '7'; i++) {
          v = v * 8 + Number(t[this.pos++]);
        }
        if (v > 255) this.fail(`octal escape \\${v.toString(8)} is above \\377`, at);
        out.push(v);
      } else if (e === 'x' || e === 'X') {
        const from = this.pos;
        while (this.pos - from < 2 && isHex(t[this.pos] ?? '')) this.pos++;
        if (this.pos === from) this.fail('\\x must be followed by hex digits', at);
        out.push(parseInt(t.slice(from, this.pos), 16));
      } else if (e === 'u' || e === 'U') {
        pushUtf8(out, this.unicodeEscape(e === 'u' ? 4 : 8, at));
      } else this.fail(`invalid escape sequence \\${e} in string literal`, at);
    }
  }

  private unicodeEscape(len: number, at: number): number {
    const t = this.text;
    const read = () => {
      const h = t.slice(this.pos, this.pos + len);
      if (h.length !== len || ![...h].every(isHex)) {
        this.fail(`\\${len === 4 ? 'u' : 'U'} must be followed by ${len} hex digits`, at);
      }
      this.pos += len;
      return parseInt(h, 16);
    };
    const cp = read();
    // A high surrogate followed by \uDCxx is one code point, as in C++.
    if (len === 4 && cp >= 0xd800 && cp < 0xdc00 && t.startsWith('\\u', this.pos)) {
      const save = this.pos;
      this.pos += 2;
      const lo = read();
      if (lo >= 0xdc00 && lo < 0xe000) return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
      this.pos = save;
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
      this.fail(`\\u escape names no Unicode character (0x${cp.toString(16)})`, at);
    }
    return cp;
  }
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else {
    out.push(
      0xf0 | (cp >> 18),
      0x80 | ((cp >> 12) & 63),
      0x80 | ((cp >> 6) & 63),
      0x80 | (cp & 63),
    );
  }
}
