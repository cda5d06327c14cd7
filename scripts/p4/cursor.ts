/**
 * A cursor over preprocessed tokens, with the few reading steps the P4Info reader needs:
 * expect a token, read a name or an integer, skip a balanced block, read annotations. Every
 * failure is a P4SourceError at the token's file:line.
 */
import { Loc, P4SourceError, Token, parseInteger } from './source';

/** `@name(args)`; `args` are the tokens between the parentheses (empty when there are none). */
export interface Annotation {
  readonly name: string;
  readonly args: readonly Token[];
  readonly loc: Loc;
}

const CLOSERS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

/** Reads preprocessed tokens in order; every failure names the token's file:line. */
export class Cursor {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** The token `ahead` places on, or undefined at the end. */
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  /** True at the end of the program. */
  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** The place of the next token (or of the last one at the end). */
  loc(): Loc {
    const t = this.peek() ?? this.tokens[this.tokens.length - 1];
    return t ? t.loc : { file: '<empty program>', line: 0 };
  }

  /** A P4SourceError at the next token. */
  error(detail: string, at: Loc = this.loc()): P4SourceError {
    return new P4SourceError(at, detail);
  }

  /** The next token; fails at the end of the program. */
  next(): Token {
    const t = this.peek();
    if (!t) throw this.error('unexpected end of the program');
    this.pos++;
    return t;
  }

  /** True when the next token is `text`. */
  at(text: string, ahead = 0): boolean {
    return this.peek(ahead)?.text === text;
  }

  /** Consumes the next token when it is `text`. */
  accept(text: string): boolean {
    if (!this.at(text)) return false;
    this.pos++;
    return true;
  }

  /** Consumes `text` or fails, saying what was being read. */
  expect(text: string, reading: string): Token {
    const t = this.peek();
    if (t?.text !== text)
      throw this.error(`expected '${text}' in ${reading}, found ${describe(t)}`);
    this.pos++;
    return t;
  }

  /** Consumes a name or fails. */
  name(reading: string): Token {
    const t = this.peek();
    if (t?.kind !== 'id') throw this.error(`expected a name in ${reading}, found ${describe(t)}`);
    this.pos++;
    return t;
  }

  /** Consumes an integer literal (a size, a width, an id) or fails. */
  integer(reading: string): number {
    const t = this.peek();
    const value = t?.kind === 'num' ? parseInteger(t.text) : undefined;
    if (value === undefined || value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw this.error(`expected an integer literal in ${reading}, found ${describe(t)}`);
    }
    this.pos++;
    return Number(value);
  }

  /** Consumes a block opened by the next token ( `(`, `{` or `[` ); returns what is inside. */
  block(reading: string): Token[] {
    const open = this.next();
    const close = CLOSERS[open.text];
    if (!close)
      throw this.error(`expected a block in ${reading}, found ${describe(open)}`, open.loc);
    const inner: Token[] = [];
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) throw this.error(`'${open.text}' of ${reading} is never closed`, open.loc);
      this.pos++;
      if (t.text === open.text) depth++;
      if (t.text === close && depth-- === 0) return inner;
      inner.push(t);
    }
  }

  /** Consumes tokens up to and including the next `;` outside brackets; returns them. */
  untilSemicolon(reading: string): Token[] {
    const out: Token[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) throw this.error(`${reading} does not end with ';'`);
      if (t.text === ';') {
        this.pos++;
        return out;
      }
      if (CLOSERS[t.text]) out.push(...this.block(reading));
      else out.push(this.next());
    }
  }

  /** Consumes the annotations before a declaration. */
  annotations(): Annotation[] {
    const list: Annotation[] = [];
    while (this.at('@')) {
      const at = this.next();
      const name = this.name('an annotation').text;
      const args = this.at('(') ? this.block(`@${name}`) : [];
      list.push({ name, args, loc: at.loc });
    }
    return list;
  }
}

/** A token for a message: `'x'` or `the end of the program`. */
export function describe(t: Token | undefined): string {
  return t ? `'${t.text}'` : 'the end of the program';
}

/** Fails unless every annotation is one of `allowed` (others may change the P4Info). */
export function onlyAnnotations(list: readonly Annotation[], allowed: string[], on: string): void {
  for (const a of list) {
    if (!allowed.includes(a.name)) {
      const known = allowed.length ? `; known here: ${allowed.map((n) => '@' + n).join(' ')}` : '';
      throw new P4SourceError(
        a.loc,
        `@${a.name} on ${on} is not understood by the P4Info reader${known}`,
      );
    }
  }
}

/** The annotation named `name`, if any (a second one fails). */
export function annotation(list: readonly Annotation[], name: string): Annotation | undefined {
  const found = list.filter((a) => a.name === name);
  if (found.length > 1) throw new P4SourceError(found[1].loc, `@${name} given twice`);
  return found[0];
}

/** The string argument of an annotation (`@name("x")` gives `x`). */
export function stringArg(a: Annotation): string {
  const [t, ...rest] = a.args;
  if (t?.kind !== 'str' || rest.length) {
    throw new P4SourceError(a.loc, `@${a.name} takes one string, as in @${a.name}("x")`);
  }
  return JSON.parse(t.text) as string;
}

/** The integer argument of an annotation (`@id(12)` gives 12). */
export function integerArg(a: Annotation): number {
  const [t, ...rest] = a.args;
  const value = t?.kind === 'num' ? parseInteger(t.text) : undefined;
  if (value === undefined || rest.length || value > 0xffffffffn) {
    throw new P4SourceError(a.loc, `@${a.name} takes one integer, as in @${a.name}(1)`);
  }
  return Number(value);
}
