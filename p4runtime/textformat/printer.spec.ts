/**
 * Printer goldens. Every expected text here was produced by C++ protobuf 3.21.12
 * `TextFormat::Printer` with `SetExpandAny(true)` (what p4c uses) from the same binary message.
 */
import * as protobuf from 'protobufjs';
import { cEscape, formatDouble, formatFloat, parseText, printText } from './index';

const PROTO = `
syntax = "proto3";
package t;
import "google/protobuf/any.proto";
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; BLUE = -3; }
message Inner { int32 a = 1; string s = 2; repeated Inner kids = 3; }
message All {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
  fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10; bool b = 11;
  float fl = 12; double db = 13; string str = 14; bytes by = 15; Color color = 16; Inner inner = 17;
  repeated int32 r_i32 = 18; repeated string r_str = 19; repeated Inner r_inner = 20;
  repeated Color r_color = 21; repeated double r_db = 22; repeated bytes r_by = 23;
  repeated uint64 r_u64 = 24; map<string, int32> m_str = 25; map<int64, Inner> m_i64 = 26;
  map<bool, string> m_bool = 27; map<uint32, Color> m_u32 = 28;
  oneof choice { string o_str = 29; Inner o_inner = 30; int32 o_i32 = 31; }
  optional int32 opt_i32 = 32; optional string opt_str = 33;
  google.protobuf.Any any = 34; repeated google.protobuf.Any r_any = 35;
  float fl2 = 40; int32 out_of_order = 36; repeated float r_fl = 37; sint64 neg64 = 38;
}`;

function load(keepCase: boolean): protobuf.Root {
  const root = new protobuf.Root();
  root.addJSON(protobuf.common.get('google/protobuf/any.proto')!.nested!);
  protobuf.parse(PROTO, root, { keepCase });
  root.resolveAll();
  return root;
}
const root = load(true);
const All = root.lookupType('t.All');
const Inner = root.lookupType('t.Inner');
const enc = (T: protobuf.Type, o: object) => T.encode(T.fromObject(o)).finish();

const EVERY = {
  i32: -42,
  i64: '-9223372036854775808',
  u32: 4294967295,
  u64: '18446744073709551615',
  s32: -1,
  s64: '-2',
  f32: 7,
  f64: '1234567890123',
  sf32: -5,
  sf64: '9223372036854775807',
  b: true,
  fl: 0.1,
  db: 0.30000000000000004,
  str: 'tab\there "q" \'s\' back\\ é😀 \x00\x7f',
  by: Uint8Array.from([0, 1, 0x7f, 0x80, 0xff, 0x0a, 0x22, 0x27, 0x5c, 0x41, 0x0d, 0x09]),
  color: 'BLUE',
  inner: { a: 1, s: 'x', kids: [{ a: 2 }, {}] },
  r_i32: [1, 0, -1],
  r_str: ['', 'a'],
  r_color: [0, 2, 7],
  r_db: [Infinity, -Infinity, NaN, -0, 1e100, 5e-324, 0.1 + 0.7],
  r_u64: ['0', '1'],
  m_str: { b: 2, a: 1, '': 0, é: 5, Z: 4 },
  m_i64: { '-1': { a: 1 }, '10': {}, '2': { a: 3 } },
  m_bool: { true: 'y', false: 'n' },
  m_u32: { '4294967295': 1, '0': 0, '7': 7 },
  o_inner: {},
  opt_i32: 0,
  any: { type_url: 'type.googleapis.com/t.Inner', value: enc(Inner, { a: 5, kids: [{ s: 'k' }] }) },
  r_any: [
    { type_url: 'type.googleapis.com/t.Nope', value: [1, 2] },
    { type_url: 'example.com/x/t.Inner', value: enc(Inner, { a: 1 }) },
    {},
  ],
  fl2: 1e-45,
  out_of_order: 3,
  neg64: '-1',
  r_fl: [1.1, 16777217, 3.4028234663852886e38, 1e-40],
};

const EVERY_TEXT = `i32: -42
i64: -9223372036854775808
u32: 4294967295
u64: 18446744073709551615
s32: -1
s64: -2
f32: 7
f64: 1234567890123
sf32: -5
sf64: 9223372036854775807
b: true
fl: 0.1
db: 0.30000000000000004
str: "tab\\there \\"q\\" \\'s\\' back\\\\ \\303\\251\\360\\237\\230\\200 \\000\\177"
by: "\\000\\001\\177\\200\\377\\n\\"\\'\\\\A\\r\\t"
color: BLUE
inner {
  a: 1
  s: "x"
  kids {
    a: 2
  }
  kids {
  }
}
r_i32: 1
r_i32: 0
r_i32: -1
r_str: ""
r_str: "a"
r_color: COLOR_UNSPECIFIED
r_color: GREEN
r_color: 7
r_db: inf
r_db: -inf
r_db: nan
r_db: -0
r_db: 1e+100
r_db: 4.94065645841247e-324
r_db: 0.79999999999999993
r_u64: 0
r_u64: 1
m_str {
  key: ""
  value: 0
}
m_str {
  key: "Z"
  value: 4
}
m_str {
  key: "a"
  value: 1
}
m_str {
  key: "b"
  value: 2
}
m_str {
  key: "\\303\\251"
  value: 5
}
m_i64 {
  key: -1
  value {
    a: 1
  }
}
m_i64 {
  key: 2
  value {
    a: 3
  }
}
m_i64 {
  key: 10
  value {
  }
}
m_bool {
  key: false
  value: "n"
}
m_bool {
  key: true
  value: "y"
}
m_u32 {
  key: 0
  value: COLOR_UNSPECIFIED
}
m_u32 {
  key: 7
  value: 7
}
m_u32 {
  key: 4294967295
  value: RED
}
o_inner {
}
opt_i32: 0
any {
  [type.googleapis.com/t.Inner] {
    a: 5
    kids {
      s: "k"
    }
  }
}
r_any {
  type_url: "type.googleapis.com/t.Nope"
  value: "\\001\\002"
}
r_any {
  type_url: "example.com/x/t.Inner"
  value: "\\010\\001"
}
r_any {
}
out_of_order: 3
r_fl: 1.1
r_fl: 16777216
r_fl: 3.40282347e+38
r_fl: 9.9999461e-41
neg64: -1
fl2: 1.40129846e-45
`;

describe('printText matches C++ TextFormat::Printer byte for byte', () => {
  it('prints every scalar type, nesting, maps, oneofs, Any and field-number order', () => {
    expect(printText(All.fromObject(EVERY), All)).toBe(EVERY_TEXT);
  });

  it('prints a decoded message instance the same as the object it came from', () => {
    expect(printText(All.decode(enc(All, EVERY)), All)).toBe(EVERY_TEXT);
  });

  it('skips default-valued implicit scalars but keeps -0 (C++ compares bits)', () => {
    const msg = { i32: 0, str: '', b: false, color: 0, fl: -0, db: 0, by: [] };
    expect(printText(All.fromObject(msg), All)).toBe('fl: -0\n');
    expect(printText(All.decode(enc(All, msg)), All)).toBe('fl: -0\n');
  });

  it('prints set oneof members and proto3 optionals even when zero', () => {
    const text = 'o_i32: 0\nopt_str: ""\n';
    expect(printText(All.fromObject({ o_i32: 0, opt_str: '' }), All)).toBe(text);
    expect(printText(All.decode(enc(All, { o_i32: 0, opt_str: '' })), All)).toBe(text);
  });

  it('prints an empty message as empty text', () => {
    expect(printText({}, All)).toBe('');
    expect(printText(All.create(), All)).toBe('');
  });

  it('takes plain objects as toObject writes them (enum names, Long-like, base64 bytes)', () => {
    const obj = All.toObject(All.fromObject(EVERY), {
      enums: String,
      longs: String,
      bytes: String,
    });
    expect(printText(obj, All)).toBe(EVERY_TEXT);
    expect(printText({ i64: 5n, u64: -1 }, All)).toBe('i64: 5\nu64: 18446744073709551615\n');
  });

  it('uses .proto names even for roots loaded with camelCase names', () => {
    const camel = load(false).lookupType('t.All');
    expect(printText(camel.fromObject({ outOfOrder: 3, rI32: [1] }), camel)).toBe(
      'r_i32: 1\nout_of_order: 3\n',
    );
    expect(parseText('out_of_order: 4', camel)).toEqual(camel.fromObject({ outOfOrder: 4 }));
  });

  it('prints the first declared name of aliased enum values, as C++ does', () => {
    const r = protobuf.parse(
      'syntax = "proto3"; enum E { option allow_alias = true; Z = 0; A = 1; B = 1; } message M { E e = 1; }',
      { keepCase: true },
    ).root;
    expect(printText({ e: 1 }, r.lookupType('M'))).toBe('e: A\n');
    expect(printText({ e: 0 }, r.lookupType('M'))).toBe(''); // root never resolved by the caller
  });

  it('proto2: prints what was set, even to the default, and nothing else', () => {
    const r = protobuf.parse(
      'syntax = "proto2"; message P { optional int32 x = 1 [default = 5]; optional string s = 2; required bool r = 3; }',
      { keepCase: true },
    ).root;
    const P = r.lookupType('P');
    expect(printText(P.decode(P.encode({ r: false }).finish()), P)).toBe('r: false\n');
    expect(printText(P.decode(P.encode({ x: 5, s: '', r: true }).finish()), P)).toBe(
      'x: 5\ns: ""\nr: true\n',
    );
  });
});

describe('scalars as C++ SimpleDtoa / SimpleFtoa / CEscape spell them', () => {
  // [value, C++ output]: %.15g (%.6g for float) unless it does not read back, then %.17g (%.9g).
  it.each([
    [0.1, '0.1'],
    [0.3, '0.3'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e15, '1e+15'],
    [1e16, '1e+16'],
    [123456789012345680, '1.2345678901234568e+17'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e21, '1e+21'],
    [9007199254740992, '9007199254740992'],
    [5e-324, '4.94065645841247e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1 + 2 ** -17, '1.0000076293945312'], // exact tie at 17 digits: half to even
    [100, '100'],
    [-2.5e-7, '-2.5e-07'],
    [0.1 + 0.7, '0.79999999999999993'], // not JS's shortest '0.7999999999999999'
    [1 / 3, '0.33333333333333331'],
    [2.2250738585072014e-308, '2.2250738585072014e-308'],
    [1000000000000005, '1000000000000005'],
    [123456.789, '123456.789'],
    [-0, '-0'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ])('double %p -> %s', (v, s) => expect(formatDouble(v)).toBe(s));

  it.each([
    [0.1, '0.1'],
    [16777217, '16777216'],
    [3.4028234663852886e38, '3.40282347e+38'],
    [1e-40, '9.9999461e-41'], // subnormal: strtof reports ERANGE, so always 9 digits
    [1.1754943508222875e-38, '1.17549435e-38'],
    [Math.PI, '3.14159274'],
    [1e10, '1e+10'],
    [123456.7, '123456.703'],
    [0.3, '0.3'],
    [1e-7, '1e-07'],
    [1 / 3, '0.333333343'],
    [65504, '65504'],
    [2 ** -149, '1.40129846e-45'],
    [1234567, '1234567'],
    [0.000123, '0.000123'],
    [1e39, 'inf'],
  ])('float %p -> %s', (v, s) => expect(formatFloat(v)).toBe(s));

  it('CEscape names \\n \\r \\t \\" \\\' \\\\ and writes other non-printable bytes in octal', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    const expected =
      Array.from({ length: 32 }, (_, i) =>
        i === 9
          ? '\\t'
          : i === 10
            ? '\\n'
            : i === 13
              ? '\\r'
              : '\\' + i.toString(8).padStart(3, '0'),
      ).join('') +
      printable.replace(/[\\"']/g, (c) => '\\' + c) +
      Array.from({ length: 129 }, (_, i) => '\\' + (127 + i).toString(8)).join('');
    expect(cEscape(all)).toBe(expected);
  });
});
