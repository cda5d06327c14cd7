/**
 * Round trips: a realistic P4Info as p4c writes it, and random messages of a type that has
 * every scalar type: print(parse(text)) === text and parse(print(msg)) deep-equals msg.
 */
import * as protobuf from 'protobufjs';
import Long from 'long';
import { protoRoot } from '../proto';
import { parseText, parseTextToObject, printText } from './index';

// Field-number order, as p4c (C++ TextFormat::Printer with SetExpandAny) writes a P4Info;
// checked against C++ protobuf 3.21.12 with print(parse(text)).
const P4INFO = `pkg_info {
  arch: "v1model"
}
tables {
  preamble {
    id: 37375156
    name: "MyIngress.ipv4_lpm"
    alias: "ipv4_lpm"
  }
  match_fields {
    id: 1
    name: "hdr.ipv4.dstAddr"
    bitwidth: 32
    match_type: LPM
  }
  action_refs {
    id: 28792405
  }
  action_refs {
    id: 21257015
    annotations: "@defaultonly"
    scope: DEFAULT_ONLY
  }
  const_default_action_id: 21257015
  initial_default_action {
    action_id: 21257015
  }
  direct_resource_ids: 325583051
  size: 1024
}
tables {
  preamble {
    id: 33618104
    name: "MyIngress.acl"
    alias: "acl"
    annotations: "@name(\\"acl\\")"
  }
  match_fields {
    id: 1
    name: "hdr.ethernet.etherType"
    bitwidth: 16
    match_type: TERNARY
  }
  match_fields {
    id: 2
    name: "meta.l4_port"
    bitwidth: 16
    match_type: RANGE
  }
  action_refs {
    id: 21257015
  }
  size: 4096
  idle_timeout_behavior: NOTIFY_CONTROL
  is_const_table: true
  has_initial_entries: true
}
actions {
  preamble {
    id: 21257015
    name: "NoAction"
    alias: "NoAction"
    annotations: "@noWarn(\\"unused\\")"
  }
}
actions {
  preamble {
    id: 28792405
    name: "MyIngress.ipv4_forward"
    alias: "ipv4_forward"
  }
  params {
    id: 1
    name: "dstAddr"
    bitwidth: 48
  }
  params {
    id: 2
    name: "port"
    bitwidth: 9
  }
}
counters {
  preamble {
    id: 305112812
    name: "MyIngress.port_counter"
    alias: "port_counter"
  }
  spec {
    unit: BOTH
  }
  size: 512
}
direct_counters {
  preamble {
    id: 325583051
    name: "MyIngress.ipv4_counter"
    alias: "ipv4_counter"
  }
  spec {
    unit: PACKETS
  }
  direct_table_id: 37375156
}
controller_packet_metadata {
  preamble {
    id: 67146229
    name: "packet_in"
    alias: "packet_in"
    annotations: "@controller_header(\\"packet_in\\")"
  }
  metadata {
    id: 1
    name: "ingress_port"
    bitwidth: 9
  }
}
registers {
  preamble {
    id: 371202024
    name: "MyIngress.seen"
    alias: "seen"
  }
  type_spec {
    bitstring {
      bit {
        bitwidth: 32
      }
    }
  }
  size: 65536
}
externs {
  extern_type_id: 129
  extern_type_name: "Checksum"
  instances {
    preamble {
      id: 2164260865
      name: "MyIngress.csum"
      alias: "csum"
    }
    info {
      [type.googleapis.com/p4.config.v1.Documentation] {
        brief: "caf\\303\\251 \\"checksum\\"\\n"
      }
    }
  }
}
type_info {
  structs {
    key: "learn_t"
    value {
      members {
        name: "port"
        type_spec {
          bitstring {
            bit {
              bitwidth: 9
            }
          }
        }
      }
    }
  }
}
`;

describe('a P4Info as p4c writes it (the project protos)', () => {
  const { P4Info } = protoRoot;

  it('round-trips byte for byte', () => {
    expect(printText(parseText(P4INFO, P4Info), P4Info)).toBe(P4INFO);
  });

  it('survives the binary encoding in between', () => {
    const bin = P4Info.encode(parseText(P4INFO, P4Info)).finish();
    expect(printText(P4Info.decode(bin), P4Info)).toBe(P4INFO);
  });

  it('reads values a controller needs: names, widths, enums, int64 sizes, Any payloads', () => {
    type Info = {
      tables: { preamble: { name: string }; size: Long; match_fields: { match_type: number }[] }[];
      externs: { instances: { info: { type_url: string; value: Uint8Array } }[] }[];
    };
    const info = parseText<Info>(P4INFO, P4Info);
    expect(info.tables.map((t) => t.preamble.name)).toEqual([
      'MyIngress.ipv4_lpm',
      'MyIngress.acl',
    ]);
    expect(info.tables[0].size.toNumber()).toBe(1024);
    expect(info.tables[1].match_fields.map((m) => m.match_type)).toEqual([4, 5]);
    const any = info.externs[0].instances[0].info;
    expect(any.type_url).toBe('type.googleapis.com/p4.config.v1.Documentation');
    const Doc = protoRoot.lookup('p4.config.v1.Documentation');
    expect(Doc.toObject(Doc.decode(any.value))).toEqual({ brief: 'café "checksum"\n' });
  });
});

const PROTO = `
syntax = "proto3";
package r;
import "google/protobuf/any.proto";
enum Color { COLOR_UNSPECIFIED = 0; RED = 1; BLUE = -3; }
message Inner { int32 a = 1; string s = 2; repeated Inner kids = 3; }
message All {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
  fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10; bool b = 11;
  float fl = 12; double db = 13; string str = 14; bytes by = 15; Color color = 16; Inner inner = 17;
  repeated int32 r_i32 = 18; repeated string r_str = 19; repeated Inner r_inner = 20;
  repeated Color r_color = 21; repeated double r_db = 22; repeated bytes r_by = 23;
  repeated uint64 r_u64 = 24; repeated float r_fl = 37; repeated sint64 r_s64 = 38;
  map<string, int32> m_str = 25; map<int64, Inner> m_i64 = 26; map<bool, string> m_bool = 27;
  map<uint32, Color> m_u32 = 28; map<fixed64, bytes> m_f64 = 39;
  oneof choice { string o_str = 29; Inner o_inner = 30; int32 o_i32 = 31; }
  optional int32 opt_i32 = 32; optional string opt_str = 33; optional double opt_db = 36;
  google.protobuf.Any any = 34; repeated google.protobuf.Any r_any = 35;
}`;
const root = new protobuf.Root();
root.addJSON(protobuf.common.get('google/protobuf/any.proto')!.nested!);
protobuf.parse(PROTO, root, { keepCase: true });
root.resolveAll();
const All = root.lookupType('r.All');
const Inner = root.lookupType('r.Inner');

/** A seeded generator of random `r.All` objects in the form parseTextToObject returns. */
function generator(seed: number): () => Record<string, unknown> {
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(a: readonly T[]): T => a[int(a.length)];
  const u32 = () => pick([0, 1, 127, 128, 0x7fffffff, 0x80000000, 0xffffffff, int(2 ** 32)]);
  const long = (unsigned: boolean) =>
    Long.fromBits(u32() | 0, pick([0, -1, 0x7fffffff, -0x80000000, u32() | 0]), unsigned);
  const view = new DataView(new ArrayBuffer(8));
  const double = () => {
    view.setUint32(0, u32());
    view.setUint32(4, u32());
    return pick([
      view.getFloat64(0),
      0.1,
      -0,
      NaN,
      Infinity,
      -Infinity,
      5e-324,
      1e100,
      int(1e6) / 7,
    ]);
  };
  const float = () => {
    view.setUint32(0, u32());
    return Math.fround(
      pick([view.getFloat32(0), 0.1, -0, NaN, 1e-40, 3.4e38, (next() - 0.5) * 1e6]),
    );
  };
  const chars = ['a', 'Z', ' ', '"', "'", '\\', '\n', '\t', '\0', '\x7f', 'é', '😀', '#', '{'];
  const str = () => Array.from({ length: int(5) }, () => pick(chars)).join('');
  const bytes = () => Uint8Array.from({ length: int(5) }, () => int(256));
  const scalars: Record<string, () => unknown> = {
    int32: () => u32() | 0,
    sint32: () => u32() | 0,
    sfixed32: () => u32() | 0,
    uint32: u32,
    fixed32: u32,
    int64: () => long(false),
    sint64: () => long(false),
    sfixed64: () => long(false),
    uint64: () => long(true),
    fixed64: () => long(true),
    bool: () => next() < 0.5,
    float,
    double,
    string: str,
    bytes,
  };
  const isDefault = (v: unknown) =>
    (v === 0 && !Object.is(v, -0)) ||
    v === false ||
    v === '' ||
    (v instanceof Uint8Array && v.length === 0) ||
    (Long.isLong(v) && (v as Long).isZero());
  const value = (f: { type: string; resolvedType: unknown }, depth: number): unknown => {
    const rt = f.resolvedType;
    if (rt === Inner) return depth > 2 ? {} : message(Inner, depth + 1);
    if (rt instanceof protobuf.Type) {
      // Any: a known type (printed expanded) or an unknown one (printed as plain fields).
      if (next() < 0.3)
        return { type_url: 'type.googleapis.com/r.Unknown', value: Uint8Array.of(1, ...bytes()) };
      const inner = message(Inner, depth + 1);
      return {
        type_url: 'type.googleapis.com/r.Inner',
        value: Inner.encode(Inner.fromObject(inner)).finish(),
      };
    }
    if (rt instanceof protobuf.Enum) return pick([...Object.values(rt.values), 7]);
    return scalars[f.type]();
  };
  function message(type: protobuf.Type, depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const f of type.fieldsArray) {
      if (next() < 0.4) continue;
      if (f instanceof protobuf.MapField) {
        const m: Record<string, unknown> = {};
        for (let n = 1 + int(3); n > 0; n--) {
          m[String(scalars[f.keyType]())] = value(f, depth);
        }
        o[f.name] = m;
      } else if (f.repeated) {
        o[f.name] = Array.from({ length: 1 + int(3) }, () => value(f, depth));
      } else if (f.partOf && f.partOf.fieldsArray.length > 1) {
        if (f.partOf.fieldsArray.every((g) => o[g.name] === undefined)) o[f.name] = value(f, depth);
      } else {
        const v = value(f, depth);
        // Implicit-presence fields at their default are not printed, so not parsed back.
        if (f.hasPresence || !isDefault(v)) o[f.name] = v;
      }
    }
    return o;
  }
  return () => message(All, 0);
}

describe('random messages of every scalar type', () => {
  const random = generator(20240611);
  const cases = Array.from({ length: 300 }, random);

  it('parse(print(msg)) deep-equals msg', () => {
    for (const msg of cases) {
      const text = printText(All.fromObject(msg), All);
      expect(parseTextToObject(text, All)).toEqual(msg);
    }
  });

  it('print(parse(text)) === text for printed text, through a message instance too', () => {
    for (const msg of cases) {
      const text = printText(msg, All);
      expect(printText(parseTextToObject(text, All), All)).toBe(text);
      expect(printText(All.decode(All.encode(parseText(text, All)).finish()), All)).toBe(text);
    }
  });

  it('covers every field of the test type at least once', () => {
    const seen = new Set(cases.flatMap((m) => Object.keys(m)));
    expect([...seen].sort()).toEqual(All.fieldsArray.map((f) => f.name).sort());
  });
});
