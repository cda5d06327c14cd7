import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { toLong } from '../proto';
import { P4SchemaError, P4ValueError } from './common';
import { RegisterEntry, type RegisterValue } from './register';

const schema = kitchenSink();
const data = (register: string, v: RegisterValue) =>
  new RegisterEntry({ register, index: 0, data: v }).encode(schema).register_entry?.data;
const hex = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('hex');

describe('RegisterEntry', () => {
  it.each<[string, RegisterValue, string]>([
    ['flow_bytes', 0, '00'],
    ['flow_bytes', 1500, '05dc'],
    ['flow_bytes', 0xffffffffn, 'ffffffff'],
    ['flow_bytes', '10.0.0.1', '0a000001'],
    ['rtt_delta', 99, '63'],
    ['rtt_delta', -99, '9d'],
    ['rtt_delta', 128, '0080'],
    ['rtt_delta', -32768, '8000'],
    ['rtt_delta', 0, '00'],
  ])('%s = %p -> bitstring %s (canonical, signed ones sign-extended)', (register, v, expected) => {
    expect(hex(data(register, v)?.bitstring)).toBe(expected);
  });

  it('round trips unsigned and signed cells, and reads with wildcards', () => {
    for (const spec of [
      { register: 'MyIngress.flow_bytes', index: 3, data: 1500n },
      { register: 'MyIngress.rtt_delta', index: 15, data: -300n },
      { register: 'MyIngress.flow_bytes' },
    ]) {
      const r = new RegisterEntry(spec);
      expect(RegisterEntry.decode(r.encode(schema).register_entry ?? {}, schema)).toEqual(r);
    }
    expect(new RegisterEntry().encode(schema)).toEqual({ register_entry: {} });
    expect(new RegisterEntry({ register: 'flow_bytes', index: 2 }).encode(schema)).toEqual({
      register_entry: { register_id: 0x16000001, index: { index: toLong(2n) } },
    });
  });

  it.each<[string, RegisterValue, string]>([
    [
      'flow_bytes',
      2 ** 32,
      "register 'MyIngress.flow_bytes' data (bit<32>): value 0x100000000 does not fit in 32 bits",
    ],
    ['flow_bytes', true, "register 'MyIngress.flow_bytes' data: true is not a bit<32> value"],
    [
      'rtt_delta',
      40000,
      "register 'MyIngress.rtt_delta' data (int<16>): value 40000 does not fit in int<16> (expected -32768 to 32767)",
    ],
    ['rtt_delta', '5', "register 'MyIngress.rtt_delta' data: '5' is not an int<16> number"],
  ])('refuses %s = %p', (register, v, message) => {
    expect(() => data(register, v)).toThrow(P4ValueError);
    expect(() => data(register, v)).toThrow(message);
  });

  it('refuses an index past the end and an unknown register', () => {
    expect(() => new RegisterEntry({ register: 'rtt_delta', index: 16 }).encode(schema)).toThrow(
      "register 'MyIngress.rtt_delta': index 16 is out of range (size 16, expected 0 to 15)",
    );
    expect(() => new RegisterEntry({ register: 'flow_byte' }).encode(schema)).toThrow(
      P4SchemaError,
    );
  });
});
