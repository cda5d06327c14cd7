import { CounterArray } from './counters';
import { TableError } from './errors';
import { RegisterArray } from './registers';

describe('CounterArray', () => {
  it('counts bytes and packets per index, and can be written and reset', () => {
    const c = new CounterArray('ingress_port_counter', 4);
    c.count(1, 64);
    c.count(1, 1500);
    c.count(3, 100);
    expect(c.read(1)).toEqual({ bytes: 1564, packets: 2 });
    expect(c.read(0)).toEqual({ bytes: 0, packets: 0 });
    c.write(3, { bytes: 7, packets: 1 });
    expect(c.read(3)).toEqual({ bytes: 7, packets: 1 });
    c.reset();
    expect(c.read(1)).toEqual({ bytes: 0, packets: 0 });
  });

  it.each([
    [(c: CounterArray) => c.count(4, 1), /counter 'c': index 4 is outside 0..3/],
    [(c: CounterArray) => c.read(-1), /index -1/],
    [
      (c: CounterArray) => c.write(0, { bytes: -1, packets: 0 }),
      /counter bytes -1 is not a non-negative integer/,
    ],
  ])('refuses out-of-range indices and bad data (%#)', (op, message) => {
    const c = new CounterArray('c', 4);
    expect(() => op(c)).toThrow(TableError);
    expect(() => op(c)).toThrow(message);
  });
});

describe('RegisterArray', () => {
  it('stores full-width values and reads copies', () => {
    const r = new RegisterArray('flow_state', 2, 12);
    expect(r.read(0)).toEqual(Uint8Array.of(0, 0));
    r.write(1, Uint8Array.of(0x0f, 0xff));
    const v = r.read(1);
    v[0] = 0;
    expect(r.read(1)).toEqual(Uint8Array.of(0x0f, 0xff));
    const out = new Uint8Array(4);
    r.readInto(1, out, 2);
    expect(out).toEqual(Uint8Array.of(0, 0, 0x0f, 0xff));
    r.reset();
    expect(r.read(1)).toEqual(Uint8Array.of(0, 0));
  });

  it.each([
    [(r: RegisterArray) => r.write(0, Uint8Array.of(0x10, 0)), /value 0x1000 exceeds 12 bits/],
    [(r: RegisterArray) => r.write(0, Uint8Array.of(1)), /expected 2 byte/],
    [(r: RegisterArray) => r.read(2), /register 'r': index 2 is outside 0..1/],
  ])('refuses bad writes and indices (%#)', (op, message) => {
    expect(() => op(new RegisterArray('r', 2, 12))).toThrow(message);
  });
});
