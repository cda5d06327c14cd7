/**
 * The SSA intent (wire §2; tables in docs/dataplane.md) as golden protobuf text: what one switch
 * should hold in ssa.ranges and ssa.slices for the example domain. Ids in hex with their
 * names beside them; values are the canonical bytestrings.
 */
import { EXAMPLE } from '../../test/fixtures/domain-example';
import type { TableEntry } from '../../p4runtime/entities';
import { protoRoot } from '../../p4runtime/proto';
import { P4Schema } from '../../p4runtime/schema';
import { parseText, printText } from '../../p4runtime/textformat';
import { FABRIC_P4INFO } from '../../softswitch/pipelines/fabric';
import { DomainError, DomainState, type DomainStateInput } from '../domain';
import { epochAt, ssaIntent } from './ssa';

const schema = P4Schema.fromFile(FABRIC_P4INFO);
const print = (m: object) => printText(m, protoRoot.Entity);
const NOW = 1_700_000_000;

/** Each entry encoded and printed, against each golden text parsed and printed. */
function expectGolden(entries: readonly TableEntry[], texts: string[]): void {
  expect(entries.map((e) => print(e.encode(schema)))).toEqual(
    texts.map((t) => print(parseText(t, protoRoot.Entity))),
  );
}

const P5 = String.raw`\x20\x01\x0d\xb8\x00\x05\x00\x00`; // 2001:db8:5:0, the top 8 bytes
const P9 = String.raw`\x20\x01\x0d\xb8\x00\x09\x00\x00`; // 2001:db8:9:0
const Z8 = String.raw`\x00\x00\x00\x00\x00\x00\x00\x00`;

/** ssa.slices entry: `prefix` bytes /len -> ssa.set_slice(index, next_hop). */
const slice = (prefix: string, len: number, index: string, nextHop: string) => String.raw`
  table_entry {
    table_id: 0x0200000b                    # ssa.slices
    match { field_id: 1 lpm { value: "${prefix}" prefix_len: ${len} } }
    action { action {
      action_id: 0x01000011                 # ssa.set_slice
      params { param_id: 1 value: "${index}" }      # index
      params { param_id: 2 value: "${nextHop}" }    # next_hop
    } }
  }`;

const RANGE_HASH = String.raw`
  table_entry {
    table_id: 0x0200000a                    # ssa.ranges
    match { field_id: 1 lpm { value: "${P5}${Z8}" prefix_len: 64 } }   # 2001:db8:5::/64
    action { action {
      action_id: 0x0100000d                 # ssa.rule_hash
      params { param_id: 1 value: "\x01" }              # service 1
      params { param_id: 2 value: "\x0a\x1b\x2c\x3d" }  # key
      params { param_id: 3 value: "\x03" }              # slice_mask = 2^2 - 1
      params { param_id: 4 value: "\x00" }              # demote: drop
    } }
  }`;

const RANGE_CONTENT = String.raw`
  table_entry {
    table_id: 0x0200000a                    # ssa.ranges
    match { field_id: 1 lpm { value: "${P9}${Z8}" prefix_len: 64 } }   # 2001:db8:9::/64
    action { action {
      action_id: 0x0100000f                 # ssa.rule_content
      params { param_id: 1 value: "\x02" }  # service 2
    } }
  }`;

describe('ssaIntent', () => {
  const state = DomainState.create(EXAMPLE);

  it('gives s1 one range entry per IPv6 range, one slice entry per slice and the legacy slice', () => {
    const r = ssaIntent(state, 's1', NOW);
    expect(r.unreachable).toEqual([]);
    // video.example: 4 slices (s = 2) held a, a, a, b; video-a behind next hop 4 (port 3),
    // video-b behind next hop 5 (port 4). storage.svc.example has no slice map yet.
    expectGolden(r.entries, [
      RANGE_HASH,
      RANGE_CONTENT,
      slice(`${P5}${Z8}`, 66, '\\x00', '\\x04'),
      slice(`${P5}\\x40\\x00\\x00\\x00\\x00\\x00\\x00\\x00`, 66, '\\x01', '\\x04'),
      slice(`${P5}\\x80\\x00\\x00\\x00\\x00\\x00\\x00\\x00`, 66, '\\x02', '\\x04'),
      slice(`${P5}\\xc0\\x00\\x00\\x00\\x00\\x00\\x00\\x00`, 66, '\\x03', '\\x05'),
      String.raw`
        table_entry {
          table_id: 0x0200000b                  # ssa.slices
          match { field_id: 1 lpm { value: "${P5}\xc0\x00${Z8.slice(0, 24)}" prefix_len: 126 } }
          action { action {
            action_id: 0x01000012               # ssa.set_legacy_slice
            params { param_id: 1 value: "\x05" }  # next_hop: the holder of slice 3
          } }
        }`,
    ]);
  });

  it('reaches instances on other switches through routes, and reports slices it cannot reach', () => {
    const input: DomainStateInput = {
      ...EXAMPLE,
      instances: [
        ...(EXAMPLE.instances ?? []),
        { id: 'store-2', service: 'storage.svc.example', locators: ['2001:db8:77::1'] },
      ],
      sliceMaps: [
        ...(EXAMPLE.sliceMaps ?? []),
        {
          service: 'storage.svc.example',
          sliceBits: 1,
          holders: ['store-1', 'store-2'],
          runs: [0, 1, 1, 1],
        },
      ],
    };
    const r = ssaIntent(DomainState.create(input), 's1', NOW);
    // store-1 (2001:db8:b::1) is behind s1's route 2001:db8:b::/48 on port 2: next hop 3.
    expectGolden(r.entries.slice(7), [slice(`${P9}${Z8}`, 65, '\\x00', '\\x03')]);
    expect(r.unreachable).toEqual([
      { service: 'storage.svc.example', slice: 1, instance: 'store-2' },
    ]);
    expect(r.entries.length).toBe(2 + 4 + 1 + 1); // ranges, video slices, legacy, store-1's
  });

  it('writes the time-hop epoch of the clock and demotes when the service says so', () => {
    const services = [
      {
        ...(EXAMPLE.services?.[0] as object),
        rule: { kind: 'time-hop', key: 0x01020304, period: 30 },
        nonConforming: 'demote',
      },
      EXAMPLE.services?.[1],
    ];
    const s = DomainState.create({ ...EXAMPLE, services });
    const EPOCH_START = 56_666_666 * 30; // 0x0360aa2a periods of 30 s
    expect(epochAt(NOW, 30)).toBe(56_666_666);
    const range = (now: number, epoch: string) =>
      [
        ssaIntent(s, 's1', now).entries[0],
        String.raw`
        table_entry {
          table_id: 0x0200000a                  # ssa.ranges
          match { field_id: 1 lpm { value: "${P5}${Z8}" prefix_len: 64 } }
          action { action {
            action_id: 0x0100000e               # ssa.rule_time_hop
            params { param_id: 1 value: "\x01" }
            params { param_id: 2 value: "\x01\x02\x03\x04" }
            params { param_id: 3 value: "\x03" }
            params { param_id: 4 value: "${epoch}" }         # floor(now / 30)
            params { param_id: 5 value: "\x01" }             # demote
          } }
        }`,
      ] as const;
    for (const [now, epoch] of [
      [EPOCH_START, String.raw`\x03\x60\xaa\x2a`],
      [EPOCH_START + 29.9, String.raw`\x03\x60\xaa\x2a`],
      [EPOCH_START + 30, String.raw`\x03\x60\xaa\x2b`],
    ] as const) {
      const [entry, text] = range(now, epoch);
      expectGolden([entry], [text]);
    }
  });

  it('gives switches without the ssa role nothing, and refuses unknown switches', () => {
    expect(ssaIntent(state, 's2', NOW).entries).toEqual([]);
    expect(() => ssaIntent(state, 's9', NOW)).toThrow(DomainError);
    expect(() => ssaIntent(state, 's1', -1)).toThrow(DomainError);
  });
});
