import { Preprocessed, preprocess } from './preprocess';
import { P4SourceError, where } from './source';

/** Preprocesses `files['main.p4']`, reading every file from the table. */
function run(files: Record<string, string>, defines?: Record<string, string>): Preprocessed {
  return preprocess('main.p4', {
    defines,
    read: (path) => {
      if (!(path in files)) throw new Error(`no file ${path}`);
      return files[path];
    },
  });
}

const text = (p: Preprocessed) => p.tokens.map((t) => t.text).join(' ');

/** The P4SourceError message `run` throws. */
function failure(files: Record<string, string>): string {
  try {
    run(files);
  } catch (e) {
    if (e instanceof P4SourceError) return e.message;
    throw e;
  }
  throw new Error('expected a P4SourceError');
}

describe('preprocess: macros', () => {
  it('expands object-like macros, and -D definitions win over #ifndef defaults', () => {
    const files = {
      'main.p4': [
        '#ifndef SIZE',
        '#define SIZE 512',
        '#endif',
        '#define DOUBLE SIZE SIZE',
        'size = SIZE; x = DOUBLE;',
      ].join('\n'),
    };
    expect(text(run(files))).toBe('size = 512 ; x = 512 512 ;');
    expect(text(run(files, { SIZE: '64' }))).toBe('size = 64 ; x = 64 64 ;');
  });

  it('passes a braced list with commas through __VA_ARGS__, as arch.p4 does', () => {
    const files = {
      'main.p4': [
        '#define CRC32(name, result, ...) \\',
        '    hash(result, HashAlgorithm.crc32, 32w0, __VA_ARGS__, 33w0x100000000)',
        '#define FIELDS(h) { h.src, h.dst }',
        'CRC32(hash_v6, flow_hash, FIELDS(hdr));',
      ].join('\n'),
    };
    expect(text(run(files))).toBe(
      'hash ( flow_hash , HashAlgorithm . crc32 , 32w0 , { hdr . src , hdr . dst } , 33w0x100000000 ) ;',
    );
  });

  it('keeps commas inside parentheses in one argument, and expands to nothing', () => {
    const files = {
      'main.p4': [
        '#define FIRST(a, b) a',
        '#define HASHER(name)',
        'HASHER(h) x = FIRST(f(1, 2), 3);',
      ].join('\n'),
    };
    expect(text(run(files))).toBe('x = f ( 1 , 2 ) ;');
  });

  it('reads a macro call spread over several lines', () => {
    const files = {
      'main.p4': ['#define ADD(a, b) a + b', 'x = ADD(1,', '        2);'].join('\n'),
    };
    expect(text(run(files))).toBe('x = 1 + 2 ;');
  });

  it('does not expand a macro inside its own expansion', () => {
    const files = { 'main.p4': '#define X X + 1\ny = X;' };
    expect(text(run(files))).toBe('y = X + 1 ;');
  });

  it('leaves a function-like macro name without a call alone', () => {
    const files = { 'main.p4': '#define F(a) a\ny = F;' };
    expect(text(run(files))).toBe('y = F ;');
  });

  it('expands tokens before a #define with the macros defined before it', () => {
    const files = { 'main.p4': 'X\n#define X 1\nX' };
    expect(text(run(files))).toBe('X 1');
  });

  it('places tokens of a macro body at the macro use, arguments at their own line', () => {
    const files = {
      'main.p4': [
        '#define COUNTER(name) direct_counter(CounterType.packets_and_bytes) name',
        '',
        'COUNTER(',
        'c);',
      ].join('\n'),
    };
    const tokens = run(files).tokens;
    expect(tokens[0]).toMatchObject({ text: 'direct_counter', macro: 'COUNTER' });
    expect(where(tokens[0].loc)).toBe('main.p4:3');
    const name = tokens.find((t) => t.text === 'c');
    expect(name && where(name.loc)).toBe('main.p4:4');
  });
});

describe('preprocess: files, conditionals and comments', () => {
  it('includes relative files once behind their include guard', () => {
    const files = {
      'main.p4': '#include "inc/a.p4"\n#include "inc/b.p4"\nmain;',
      'inc/a.p4': '#ifndef A\n#define A\n#include "b.p4"\na;\n#endif',
      'inc/b.p4': '#ifndef B\n#define B\nb;\n#endif',
    };
    const p = run(files);
    expect(text(p)).toBe('b ; a ; main ;');
    expect(p.files).toEqual(['main.p4', 'inc/a.p4', 'inc/b.p4']);
  });

  it('records <core.p4> and <v1model.p4> without reading them', () => {
    const p = run({ 'main.p4': '#include <core.p4>\n#include <v1model.p4>\nx;' });
    expect(p.systemIncludes).toEqual(['core.p4', 'v1model.p4']);
    expect(text(p)).toBe('x ;');
  });

  it('takes #ifdef / #ifndef / #else branches, nested, and skips unknown directives in dead ones', () => {
    const files = {
      'main.p4': [
        '#define ON',
        '#ifdef ON',
        '  #ifndef ON',
        '    #if 1',
        '    dead1;',
        '  #else',
        '    live1;',
        '  #endif',
        '#else',
        '  dead2;',
        '#endif',
        '#ifdef OFF',
        '  dead3;',
        '#else',
        '  live2;',
        '#endif',
      ].join('\n'),
    };
    expect(text(run(files))).toBe('live1 ; live2 ;');
  });

  it('drops comments, keeps line numbers, and keeps // inside strings', () => {
    const files = {
      'main.p4': ['a; /* one', '  two */ b; // three', '@name("//x") c;'].join('\n'),
    };
    const p = run(files);
    expect(text(p)).toBe('a ; b ; @ name ( "//x" ) c ;');
    expect(p.tokens.map((t) => t.loc.line)).toEqual([1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3]);
  });

  it('keeps line numbers after a continued #define', () => {
    const p = run({ 'main.p4': '#define A \\\n  1\nx = A;' });
    expect(p.tokens.map((t) => where(t.loc))).toEqual([
      'main.p4:3',
      'main.p4:3',
      'main.p4:3',
      'main.p4:3',
    ]);
  });
});

describe('preprocess: what it refuses, with file:line', () => {
  it.each([
    ['#if', { 'main.p4': 'x;\n#if 1\n#endif' }, 'main.p4:2: #if is not supported'],
    ['#undef', { 'main.p4': '#undef X' }, 'main.p4:1: #undef is not supported'],
    [
      'an unterminated #ifndef',
      { 'main.p4': 'a;\n#ifndef X\nb;' },
      'main.p4:2: #ifdef / #ifndef without #endif',
    ],
    ['#endif alone', { 'main.p4': '#endif' }, 'main.p4:1: #endif without #ifdef / #ifndef'],
    [
      'a wrong argument count',
      { 'main.p4': '#define F(a, b) a\nF(1);' },
      'main.p4:2: macro F takes 2 argument(s), given 1',
    ],
    [
      'too few for a variadic macro',
      { 'main.p4': '#define F(a, b, ...) a\nF(1);' },
      'main.p4:2: macro F takes at least 2 argument(s), given 1',
    ],
    [
      'an unterminated call',
      { 'main.p4': '#define F(a) a\nF(1,\n#define G\n);' },
      'main.p4:2: unterminated call of macro F',
    ],
    ['a missing include', { 'main.p4': '\n#include "nope.p4"' }, 'main.p4:2: cannot read nope.p4'],
    [
      'an include cycle',
      { 'main.p4': '#include "a.p4"', 'a.p4': '#include "main.p4"' },
      'a.p4:1: include cycle: main.p4',
    ],
    [
      'an unknown system include',
      { 'main.p4': '#include <psa.p4>' },
      'main.p4:1: #include <psa.p4>: only <core.p4>, <v1model.p4>, <tna.p4> are known',
    ],
    [
      'an #error in an active group',
      { 'main.p4': '#ifndef A\n#error "A is needed"\n#endif' },
      'main.p4:2: #error "A is needed"',
    ],
    [
      'a different redefinition',
      { 'main.p4': '#define A 1\n#define A 2' },
      'main.p4:2: #define A differs from the definition at main.p4:1',
    ],
    [
      'the # operator',
      { 'main.p4': '#define S(a) #a' },
      'main.p4:1: #define S: the # and ## operators are not supported',
    ],
    ['an unterminated comment', { 'main.p4': 'a;\n/* b' }, 'main.p4:2: unterminated /* comment'],
    ['an unknown character', { 'main.p4': 'a;\nb $ c;' }, "main.p4:2: unexpected character '$'"],
  ])('refuses %s', (_what, files, message) => {
    expect(failure(files)).toContain(message);
  });

  it('skips an #error in an inactive group', () => {
    expect(
      text(run({ 'main.p4': '#define A 1\n#ifndef A\n#error "A is needed"\n#endif\nA' })),
    ).toBe('1');
  });

  it('allows an identical redefinition', () => {
    expect(text(run({ 'main.p4': '#define A 1\n#define A 1\nA' }))).toBe('1');
  });
});
