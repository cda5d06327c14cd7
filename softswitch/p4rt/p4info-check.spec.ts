import { p4 } from '../../p4runtime/proto';
import { P4Schema } from '../../p4runtime/schema';
import { REFLECTOR_P4INFO } from '../pipelines/reflector';
import { KITCHEN_SINK_P4INFO } from '../../test/fixtures/kitchen-sink';
import { checkP4Info } from './p4info-check';
import { Code } from './status';

const load = (path: string) => P4Schema.fromFile(path).p4info;

describe('checkP4Info', () => {
  it.each([
    ['reflector', REFLECTOR_P4INFO],
    ['kitchen sink', KITCHEN_SINK_P4INFO],
  ])('accepts the %s P4Info and returns its schema', (_name, path) => {
    const schema = checkP4Info(load(path));
    expect(schema.tables.size).toBeGreaterThan(0);
  });

  const mutations: [string, (i: p4.config.v1.P4Info) => void, RegExp][] = [
    ['an object without id', (i) => (i.tables[0].preamble!.id = 0), /no preamble id/],
    [
      'a counter id with the table prefix',
      (i) => (i.counters[0].preamble!.id = 0x02000077),
      /prefix 0x12/,
    ],
    [
      'two parameters with one id',
      (i) => (i.actions[2].params![1].id = 1),
      /two parameters have id 1/,
    ],
    ['an unnamed parameter', (i) => (i.actions[2].params![0].name = ''), /has no name/],
    [
      'an action listed twice in a table',
      (i) => i.tables[0].action_refs!.push({ id: i.tables[0].action_refs![0].id }),
      /twice/,
    ],
    [
      'a const default action not in the table',
      (i) => (i.tables[0].const_default_action_id = 16777221),
      /const default/,
    ],
    [
      'an initial default argument that does not fit',
      (i) =>
        (i.tables[0].initial_default_action = {
          action_id: 16777219,
          arguments: [
            { param_id: 1, value: Uint8Array.of(2, 0) },
            { param_id: 2, value: Uint8Array.of(1) },
          ],
        }),
      /does not fit in 9 bits/,
    ],
    [
      'a table using a profile that does not list it',
      (i) => (i.action_profiles[0].table_ids = []),
      /does not list this table/,
    ],
    [
      'tables of one profile with different actions',
      (i) => {
        const ecmp = i.tables.find((t) => t.preamble!.name === 'MyIngress.ecmp')!;
        const nexthop = i.tables.find((t) => t.preamble!.name === 'MyIngress.nexthop')!;
        ecmp.implementation_id = nexthop.implementation_id;
        i.action_profiles[0].table_ids!.push(ecmp.preamble!.id!);
        i.action_profiles[1].table_ids = [];
      },
      /do not list the same actions/,
    ],
    [
      'a single-rate three-colour meter',
      (i) => (i.meters[0].spec!.type = p4.config.v1.MeterSpec.Type.SINGLE_RATE_THREE_COLOR),
      /cannot be realized/,
    ],
    [
      'a controller header that is neither packet_in nor packet_out',
      (i) => (i.controller_packet_metadata[0].preamble!.name = 'punt'),
      /only 'packet_in' and 'packet_out'/,
    ],
    [
      'a negative size',
      (i) => (i.counters[0].size = -1 as unknown as (typeof i.counters)[0]['size']),
      /size -1/,
    ],
  ];
  it.each(mutations)('refuses %s (INVALID_ARGUMENT)', (_name, mutate, message) => {
    const info = load(KITCHEN_SINK_P4INFO);
    mutate(info);
    expect(() => checkP4Info(info)).toThrow(
      expect.objectContaining({
        code: Code.INVALID_ARGUMENT,
        message: expect.stringMatching(message),
      }),
    );
  });
});
