import * as protobuf from 'protobufjs';
import Long from 'long';
import { TextFormatError, parseText, parseTextToObject } from './index';

const PROTO = `
syntax = "proto3";
package t;
import "google/protobuf/any.proto";
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
message Inner { int32 a = 1; string s = 2; repeated Inner kids = 3; }
message All {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
  fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10; bool b = 11;
  float fl = 12; double db = 13; string str = 14; bytes by = 15; Color color = 16; Inner inner = 17;
  repeated int32 r_i32 = 18; repeated string r_str = 19; repeated Inner r_inner = 20;
  repeated bool r_b = 21; repeated double r_db = 22;
  map<string, int32> m_str = 25; map<int64, Inner> m_i64 = 26; map<bool, Color> m_bool = 27;
  oneof choice { string o_str = 29; Inner o_inner = 30; }
  google.protobuf.Any any = 34;
}`;
const root = new protobuf.Root();
root.addJSON(protobuf.common.get('google/protobuf/any.proto')!.nested!);
protobuf.parse(PROTO, root, { keepCase: true });
root.resolveAll();
const All = root.lookupType('t.All');
const Inner = root.lookupType('t.Inner');

const parse = (text: string) => parseTextToObject(text, All);

function errorOf(text: string): TextFormatError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof TextFormatError) return e;
    throw e;
  }
  throw new Error('expected a TextFormatError');
}

describe('parseTextToObject: structure', () => {
  it('reads comments, separators, both delimiters and optional colons before messages', () => {
    const text = `# leading comment
      i32: 1; u32: 2,  # trailing comment
      inner { a: 3 }
      r_inner < a: 4 >
      r_inner: { s: "x" }
      r_inner: < kids {} >`;
    expect(parse(text)).toEqual({
      i32: 1,
      u32: 2,
      inner: { a: 3 },
      r_inner: [{ a: 4 }, { s: 'x' }, { kids: [{}] }],
    });
  });

  it('reads repeated fields as lines and as [lists], empty lists included', () => {
    expect(parse('r_i32: 1 r_i32: [2, 3] r_i32: []')).toEqual({ r_i32: [1, 2, 3] });
    expect(parse('r_inner [{a: 1}, <a: 2>] r_inner: []')).toEqual({
      r_inner: [{ a: 1 }, { a: 2 }],
    });
    expect(parse('r_str: ["a" "b", \'c\']')).toEqual({ r_str: ['ab', 'c'] });
  });

  it('reads map entries (any order, missing key or value = default) and list syntax', () => {
    const text = `m_str { key: "a" value: 1 } m_str { value: 2 key: "b" } m_str {}
      m_i64 [{ key: -9223372036854775808 value { a: 1 } }, { key: 5 }]
      m_bool { key: true value: GREEN } m_bool { key: false }`;
    expect(parse(text)).toEqual({
      m_str: { a: 1, b: 2, '': 0 },
      m_i64: { '-9223372036854775808': { a: 1 }, '5': {} },
      m_bool: { true: 2, false: 0 },
    });
  });

  it('reads Any in expanded form (re-encoding the value) and in plain form', () => {
    const expanded = parse('any { [type.googleapis.com/t.Inner] { a: 7 } }');
    const value = Inner.encode(Inner.fromObject({ a: 7 })).finish();
    expect(expanded).toEqual({ any: { type_url: 'type.googleapis.com/t.Inner', value } });
    expect(parse('any { [example.com/a/b/t.Inner]: < a: 7 > }')).toEqual({
      any: { type_url: 'example.com/a/b/t.Inner', value },
    });
    expect(parse('any { type_url: "x/y" value: "\\001" }')).toEqual({
      any: { type_url: 'x/y', value: Uint8Array.of(1) },
    });
  });

  it('returns a message instance from parseText, ready to encode', () => {
    const msg = parseText(
      'i64: 5 inner { a: 1 } any { [type.googleapis.com/t.Inner] { a: 2 } }',
      All,
    );
    expect(msg).toBeInstanceOf(All.ctor);
    const back = All.decode(All.encode(msg).finish());
    expect(All.toObject(back, { longs: String })).toEqual({
      i64: '5',
      inner: { a: 1 },
      any: { type_url: 'type.googleapis.com/t.Inner', value: Buffer.from([8, 2]) },
    });
  });
});

describe('parseTextToObject: scalars', () => {
  it.each([
    ['i32: -2147483648', { i32: -2147483648 }],
    ['i32: 0x7fffffff', { i32: 2147483647 }],
    ['i32: 017', { i32: 15 }],
    ['u32: 4294967295', { u32: 4294967295 }],
    ['s32: -5 sf32: -6 f32: 7', { s32: -5, sf32: -6, f32: 7 }],
    ['i64: -9223372036854775808', { i64: Long.fromString('-9223372036854775808') }],
    ['u64: 18446744073709551615', { u64: Long.fromString('18446744073709551615', true) }],
    ['f64: 0xffffffffffffffff', { f64: Long.fromString('18446744073709551615', true) }],
    ['s64: 9007199254740993', { s64: Long.fromString('9007199254740993') }],
    ['sf64: -1', { sf64: Long.fromInt(-1) }],
    ['b: true', { b: true }],
    ['b: t', { b: true }],
    ['b: True', { b: true }],
    ['b: 1', { b: true }],
    ['b: false', { b: false }],
    ['b: f', { b: false }],
    ['b: False', { b: false }],
    ['b: 0', { b: false }],
    ['color: GREEN', { color: 2 }],
    ['color: 1', { color: 1 }],
    ['color: 99', { color: 99 }], // open (proto3) enum: unknown numbers are kept
  ])('%s', (text, want) => expect(parse(text)).toEqual(want));

  it('keeps 64-bit values exact and signed or unsigned as the field is', () => {
    const o = parse('u64: 18446744073709551615 i64: -1');
    expect((o.u64 as Long).toString()).toBe('18446744073709551615');
    expect((o.u64 as Long).unsigned).toBe(true);
    expect((o.i64 as Long).toString()).toBe('-1');
  });

  it.each([
    ['db: 1.5', 1.5],
    ['db: -1e-3', -0.001],
    ['db: .5', 0.5],
    ['db: 2.', 2],
    ['db: 1E5', 100000],
    ['db: 7', 7],
    ['db: 18446744073709551616', 18446744073709551616],
    ['db: 1.5f', 1.5],
    ['db: inf', Infinity],
    ['db: -Infinity', -Infinity],
    ['db: -inf', -Infinity],
    ['db: nan', NaN],
    ['db: -0', -0],
    ['fl: 0.1', Math.fround(0.1)],
    ['fl: 1e39', Infinity],
  ])('%s', (text, want) => {
    const o = parse(text);
    expect(o.db ?? o.fl).toBe(want);
  });

  it('decodes every C escape, \\x, octal, \\u and \\U, and concatenates adjacent strings', () => {
    expect(
      parse(String.raw`str: "\a\b\f\n\r\t\v\\\?\'\"" 'x' "\101\x42\u00e9\U0001F600\ud83d\ude00"`),
    ).toEqual({
      str: '\x07\b\f\n\r\t\v\\?\'"xABé😀😀',
    });
    expect(parse(String.raw`by: "\0\00\000\377\xff\x1" "é"`)).toEqual({
      by: Uint8Array.from([0, 0, 0, 255, 255, 1, 0xc3, 0xa9]),
    });
    expect(parse(String.raw`str: "\303\251"`)).toEqual({ str: 'é' }); // UTF-8 bytes as C++ prints them
  });
});

describe('parseTextToObject: errors name line, column, field and type', () => {
  it.each([
    ['i32: 1\n  nmae: 2', "line 2, column 3: message t.All has no field named 'nmae'"],
    ['inner { s: "x" b: 1 }', "line 1, column 16: message t.Inner has no field named 'b'"],
    ['i32 1', "line 1, column 5: expected ':' after field name 'i32', got '1'"],
    [
      'i32: 1 i32: 2',
      "line 1, column 8: non-repeated field 'i32' of t.All is specified more than once",
    ],
    [
      'o_str: "a" o_inner {}',
      "line 1, column 12: field 'o_inner' is specified along with field 'o_str', another member of oneof 'choice' in t.All",
    ],
    [
      'i32: 2147483648',
      "line 1, column 6: value 2147483648 is out of range for field 'i32' (int32)",
    ],
    ['u32: -1', "line 1, column 6: value -1 is out of range for field 'u32' (uint32)"],
    ['u64: 18446744073709551616', 'value 18446744073709551616 is out of range'],
    ['i64: 0x8000000000000000', 'value 0x8000000000000000 is out of range'],
    ['i32: 1.5', "line 1, column 6: expected an integer for field 'i32' (int32), got '1.5'"],
    ['i32: 08', "invalid octal number '08'"],
    ['i32: 1a', "line 1, column 7: need space between number and 'a'"],
    ['db: 0x10', "expected a decimal number, inf or nan for field 'db' (double), got '0x10'"],
    ['b: yes', "expected true or false for field 'b' (bool), got 'yes'"],
    ['str: 5', "expected a string for field 'str' (string), got '5'"],
    ['str: "\\377"', "field 'str' (string) is not valid UTF-8"],
    ['str: "abc', 'line 1, column 6: string literal is not terminated'],
    ['str: "\\q"', 'invalid escape sequence \\q in string literal'],
    ['str: "\\400"', 'octal escape \\400 is above \\377'],
    [
      'color: GREN',
      "unknown value 'GREN' of enum t.Color for field 'color'. Did you mean 'GREEN'?",
    ],
    ['inner { a: 1', "line 1, column 13: expected '}' to close t.Inner, got end of input"],
    ['inner { a: 1 >', "line 1, column 14: expected a field name in t.Inner, got '>'"],
    ['inner: 5', "expected '{' or '<' to open t.Inner, got '5'"],
    ['i32: [1]', "field 'i32' is not repeated: [list] syntax is not allowed"],
    ['r_i32: [1 2]', "line 1, column 11: expected ']' to close the list of 'r_i32', got '2'"],
    [
      'm_str { key: "a" kye: 1 }',
      "map entry of 'm_str' has no field named 'kye'. Did you mean 'key'?",
    ],
    ['[ext.foo]: 1', 'line 1, column 1: extension [ext.foo] is not supported in t.All'],
    ['any { [type.googleapis.com/t.Nope] {} }', "could not find type 'type.googleapis.com/t.Nope'"],
    ['any { [t.Inner] {} }', 'type URL prefix is missing in [t.Inner]'],
    [
      'any { [type.googleapis.com/t.Inner] {} type_url: "x" }',
      "non-repeated field 'type_url' of google.protobuf.Any is specified more than once",
    ],
    ['any { [type.googleapis.com/t.Inner] { z: 1 } }', "message t.Inner has no field named 'z'"],
  ])('%j', (text, message) => {
    const err = errorOf(text);
    expect(err.message).toContain(message);
    expect(err.message).toMatch(/^line \d+, column \d+: /);
  });

  it('suggests the closest field name and reports the position separately', () => {
    const err = errorOf('inner {\n  kid { }\n}');
    expect(err.message).toBe(
      "line 2, column 3: message t.Inner has no field named 'kid'. Did you mean 'kids'?",
    );
    expect([err.line, err.column]).toEqual([2, 3]);
    expect(err.reason).toBe("message t.Inner has no field named 'kid'. Did you mean 'kids'?");
  });

  it('refuses numbers outside a closed (proto2) enum', () => {
    const r = protobuf.parse(
      'syntax = "proto2"; enum E { A = 1; } message M { optional E e = 1; }',
      {
        keepCase: true,
      },
    ).root;
    expect(() => parseTextToObject('e: 2', r.lookupType('M'))).toThrow(
      'line 1, column 4: 2 is not a value of closed enum E',
    );
    expect(parseTextToObject('e: 1', r.lookupType('M'))).toEqual({ e: 1 });
  });
});
