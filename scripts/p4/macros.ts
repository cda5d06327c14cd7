/**
 * `#define` macros, object-like and function-like (with `...` / `__VA_ARGS__`), and their
 * expansion over tokens. Arguments are split at top-level commas only: commas inside
 * `( ... )` stay in one argument, commas inside `{ ... }` do not (as in cpp), which is why
 * arch.p4's macros take their data list last, as `...`.
 *
 *   #define CRC32(name, result, ...) hash(result, HashAlgorithm.crc32, 32w0, __VA_ARGS__, ...)
 */
import { Loc, P4SourceError, Token, tokenizeLine } from './source';

export interface Macro {
  readonly name: string;
  /** Parameter names of a function-like macro; undefined for an object-like one. */
  readonly params?: readonly string[];
  readonly variadic: boolean;
  readonly body: readonly Token[];
  readonly loc: Loc;
}

const DEFINE = /^\s*([A-Za-z_]\w*)(\(([^)]*)\))?(.*)$/;

/** The macro of a `#define` line's text after the word `define`. */
export function parseDefine(rest: string, loc: Loc): Macro {
  const m = DEFINE.exec(rest);
  if (!m) throw new P4SourceError(loc, `#define not understood: '#define${rest}'`);
  const name = m[1];
  const body = tokenizeLine(m[4], loc);
  if (body.some((t) => t.text === '#')) {
    throw new P4SourceError(loc, `#define ${name}: the # and ## operators are not supported`);
  }
  if (m[2] === undefined) return { name, variadic: false, body, loc };
  const list = m[3].trim() === '' ? [] : m[3].split(',').map((p) => p.trim());
  const variadic = list[list.length - 1] === '...';
  const params = variadic ? list.slice(0, -1) : list;
  for (const p of params) {
    if (!/^[A-Za-z_]\w*$/.test(p)) {
      throw new P4SourceError(loc, `#define ${name}: parameter '${p}' is not a name`);
    }
  }
  return { name, params, variadic, body, loc };
}

/** True when two definitions are the same (a repeated identical #define is allowed). */
export function sameMacro(a: Macro, b: Macro): boolean {
  const text = (m: Macro) =>
    `${m.params?.join(',') ?? '-'}|${m.variadic}|${m.body.map((t) => t.text).join(' ')}`;
  return text(a) === text(b);
}

/** The tokens with every macro expanded; tokens from a macro body are placed at its use. */
export function expand(
  tokens: readonly Token[],
  macros: ReadonlyMap<string, Macro>,
  disabled: ReadonlySet<string> = new Set(),
): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const use = tokens[i];
    const macro = use.kind === 'id' ? macros.get(use.text) : undefined;
    if (!macro || disabled.has(macro.name)) {
      out.push(use);
      i++;
      continue;
    }
    const inner = new Set(disabled).add(macro.name);
    if (!macro.params) {
      out.push(...expand(placed(macro.body, use, macro), macros, inner));
      i++;
      continue;
    }
    if (tokens[i + 1]?.text !== '(') {
      out.push(use); // a function-like macro's name without a call is left alone
      i++;
      continue;
    }
    const { args, end } = collectArgs(tokens, i + 1, macro, use);
    const expanded = args.map((a) => expand(a, macros, disabled));
    const body: Token[] = [];
    for (const t of macro.body) {
      const index = t.kind === 'id' ? macro.params.indexOf(t.text) : -1;
      if (index >= 0) body.push(...expanded[index]);
      else if (t.text === '__VA_ARGS__' && macro.variadic)
        body.push(...expanded[macro.params.length]);
      else body.push(...placed([t], use, macro));
    }
    out.push(...expand(body, macros, inner));
    i = end + 1;
  }
  return out;
}

function placed(body: readonly Token[], use: Token, macro: Macro): Token[] {
  return body.map((t) => ({ ...t, loc: use.loc, macro: macro.name }));
}

/** The arguments of a call whose `(` is at `open`; the variadic rest is one argument. */
function collectArgs(tokens: readonly Token[], open: number, macro: Macro, use: Token) {
  const named = macro.params?.length ?? 0;
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    if (t.text === ')' && depth-- === 0) {
      checkArity(args, macro, use);
      if (macro.variadic && args.length === named) args.push([]);
      return { args, end: i };
    }
    // Commas split the named arguments; once the variadic one is reached they belong to it.
    const splits = !macro.variadic || args.length <= named;
    if (t.text === ',' && depth === 0 && splits) {
      args.push([]);
    } else {
      args[args.length - 1].push(t);
    }
  }
  throw new P4SourceError(
    use.loc,
    `unterminated call of macro ${macro.name} (a directive inside macro arguments is not supported)`,
  );
}

function checkArity(args: Token[][], macro: Macro, use: Token): void {
  const named = macro.params?.length ?? 0;
  if (named === 0 && !macro.variadic && args.length === 1 && args[0].length === 0) args.pop();
  const ok = macro.variadic ? args.length >= named : args.length === named;
  if (!ok) {
    const wanted = macro.variadic ? `at least ${named}` : `${named}`;
    throw new P4SourceError(
      use.loc,
      `macro ${macro.name} takes ${wanted} argument(s), given ${args.length}`,
    );
  }
}
