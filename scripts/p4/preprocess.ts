/**
 * The subset of the C preprocessor this program uses: `#include "relative"` (include guards
 * work as in cpp), `#include <core.p4>` / `<v1model.p4>` / `<tna.p4>` (recorded, not read:
 * they declare the architecture), `#define` (object-like, function-like, `__VA_ARGS__`),
 * `#ifdef`, `#ifndef`, `#else`, `#endif`, `#error` (fails with its text), comments and `\`
 * continuations. Any other directive fails with its file:line.
 *
 *   const { tokens } = preprocess('p4/v1model/main.p4', { defines: { CPU_PORT: '192' } });
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Macro, expand, parseDefine, sameMacro } from './macros';
import { Loc, P4SourceError, Token, sourceLines, tokenizeLine } from './source';

/** Angle-bracket includes that are the architecture, known to the reader without reading. */
export const SYSTEM_INCLUDES: readonly string[] = ['core.p4', 'v1model.p4', 'tna.p4'];

export interface PreprocessOptions {
  /** `-DNAME=value` definitions, made before the first line is read. */
  readonly defines?: Readonly<Record<string, string>>;
  /** Reads a file (tests pass files held in memory); defaults to the file system. */
  readonly read?: (path: string) => string;
}

export interface Preprocessed {
  /** The program's tokens after directives and macros. */
  readonly tokens: readonly Token[];
  /** Every file read, in the order first read. */
  readonly files: readonly string[];
  /** The system includes seen (`core.p4`, `v1model.p4`, `tna.p4`). */
  readonly systemIncludes: readonly string[];
  /** The macros defined at the end of the program. */
  readonly macros: ReadonlyMap<string, Macro>;
}

interface Conditional {
  readonly loc: Loc;
  /** Whether the enclosing group is active. */
  readonly outer: boolean;
  /** Whether this branch is taken. */
  taken: boolean;
  seenElse: boolean;
}

const DIRECTIVE = /^\s*#\s*([A-Za-z_]\w*)?(.*)$/;
const INCLUDE = /^\s*(?:"([^"]+)"|<([^>]+)>)\s*$/;
const NAME = /^\s*([A-Za-z_]\w*)\s*$/;

/** The tokens of `entry` and of every file it includes, with directives and macros applied. */
export function preprocess(entry: string, options: PreprocessOptions = {}): Preprocessed {
  const read = options.read ?? ((path: string) => readFileSync(path, 'utf8'));
  const macros = new Map<string, Macro>();
  for (const [name, value] of Object.entries(options.defines ?? {})) {
    macros.set(name, parseDefine(`${name} ${value}`, { file: '<command line>', line: 1 }));
  }
  const tokens: Token[] = [];
  const files: string[] = [];
  const systemIncludes: string[] = [];
  const stack: string[] = [];

  const readFile = (path: string, from: Loc | undefined): void => {
    if (stack.includes(path)) {
      throw new P4SourceError(from ?? { file: path, line: 1 }, `include cycle: ${path}`);
    }
    let text: string;
    try {
      text = read(path);
    } catch {
      throw new P4SourceError(from ?? { file: path, line: 1 }, `cannot read ${path}`);
    }
    if (!files.includes(path)) files.push(path);
    stack.push(path);
    const conditionals: Conditional[] = [];
    let pending: Token[] = [];
    const flush = () => {
      tokens.push(...expand(pending, macros));
      pending = [];
    };
    const active = () => conditionals.every((c) => c.taken);

    for (const { text: line, line: number } of sourceLines(text, path)) {
      const loc = { file: path, line: number };
      const d = DIRECTIVE.exec(line);
      if (!d) {
        if (active()) pending.push(...tokenizeLine(line, loc));
        continue;
      }
      // Tokens before a directive are expanded with the macros defined before it.
      flush();
      const [, name = '', rest] = d;
      if (name === 'ifdef' || name === 'ifndef') {
        const macro = directiveName(name, rest, loc);
        const defined = macros.has(macro);
        const outer = active();
        conditionals.push({
          loc,
          outer,
          taken: outer && defined === (name === 'ifdef'),
          seenElse: false,
        });
      } else if (name === 'else' || name === 'endif') {
        const top = conditionals[conditionals.length - 1];
        if (!top) throw new P4SourceError(loc, `#${name} without #ifdef / #ifndef`);
        if (rest.trim() !== '') throw new P4SourceError(loc, `unexpected text after #${name}`);
        if (name === 'endif') {
          conditionals.pop();
        } else {
          if (top.seenElse) throw new P4SourceError(loc, 'second #else');
          top.seenElse = true;
          top.taken = top.outer && !top.taken;
        }
      } else if (!active()) {
        continue; // other directives of a skipped group are not looked at, as in cpp
      } else if (name === 'error') {
        throw new P4SourceError(loc, `#error${rest}`);
      } else if (name === 'define') {
        const macro = parseDefine(rest, loc);
        const before = macros.get(macro.name);
        if (before && !sameMacro(before, macro)) {
          throw new P4SourceError(
            loc,
            `#define ${macro.name} differs from the definition at ${before.loc.file}:${before.loc.line}`,
          );
        }
        macros.set(macro.name, macro);
      } else if (name === 'include') {
        const m = INCLUDE.exec(rest);
        if (!m) throw new P4SourceError(loc, `#include not understood: '#include${rest}'`);
        if (m[2] !== undefined) {
          if (!SYSTEM_INCLUDES.includes(m[2])) {
            throw new P4SourceError(
              loc,
              `#include <${m[2]}>: only ${SYSTEM_INCLUDES.map((s) => `<${s}>`).join(', ')} are known`,
            );
          }
          if (!systemIncludes.includes(m[2])) systemIncludes.push(m[2]);
        } else {
          readFile(join(dirname(path), m[1]), loc);
        }
      } else {
        throw new P4SourceError(
          loc,
          `#${name} is not supported by the P4Info reader's preprocessor`,
        );
      }
    }
    flush();
    const open = conditionals[conditionals.length - 1];
    if (open) throw new P4SourceError(open.loc, '#ifdef / #ifndef without #endif');
    stack.pop();
  };

  readFile(entry, undefined);
  return { tokens, files, systemIncludes, macros };
}

function directiveName(directive: string, rest: string, loc: Loc): string {
  const m = NAME.exec(rest);
  if (!m) throw new P4SourceError(loc, `#${directive} needs one macro name`);
  return m[1];
}
