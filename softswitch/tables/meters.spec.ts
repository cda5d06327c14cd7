import { TableError } from './errors';
import { MeterArray } from './meters';
import { MeterColor } from './types';

const { GREEN, YELLOW, RED } = MeterColor;
const S = 1e9; // ns per second

describe('trTCM (RFC 2698, colour-blind)', () => {
  // cir 1000 B/s, cburst 500 B, pir 2000 B/s, pburst 1000 B; both buckets start full.
  const cfg = { cir: 1000, cburst: 500, pir: 2000, pburst: 1000 };

  it.each<[string, [number, number, MeterColor][]]>([
    [
      'green while within the committed burst',
      [
        [0, 200, GREEN],
        [0, 300, GREEN],
        [0, 1, YELLOW],
      ],
    ],
    [
      'yellow above the committed, red above the peak burst',
      [
        [0, 400, GREEN],
        [0, 400, YELLOW],
        [0, 400, RED],
        [0, 200, YELLOW],
      ],
    ],
    [
      'a packet larger than the peak burst is always red, one larger than the committed one at best yellow',
      [
        [0, 1001, RED],
        [10 * S, 1001, RED],
        [10 * S, 1000, YELLOW],
      ],
    ],
    [
      'buckets refill at their rates, capped at the bursts',
      [
        [0, 500, GREEN],
        [0, 500, YELLOW],
        [0.25 * S, 250, GREEN],
        [0.25 * S, 300, RED],
        [10 * S, 500, GREEN],
        [10 * S, 500, YELLOW],
      ],
    ],
  ])('%s', (_what, steps) => {
    const m = new MeterArray('m', 1, 'bytes');
    m.setConfig(0, cfg, 0);
    for (const [t, bytes, colour] of steps)
      expect([t, bytes, m.execute(0, bytes, t)]).toEqual([t, bytes, colour]);
  });

  it('meters packets, not bytes, in packet units', () => {
    const m = new MeterArray('m', 1, 'packets');
    m.setConfig(0, { cir: 1, cburst: 1, pir: 2, pburst: 2 }, 0);
    expect([1500, 1500, 1500].map((b) => m.execute(0, b, 0))).toEqual([GREEN, YELLOW, RED]);
    expect(m.execute(0, 1500, S)).toBe(GREEN);
  });

  it('is green when unconfigured and after the config is cleared', () => {
    const m = new MeterArray('m', 2, 'bytes');
    expect(m.execute(1, 1e9, 0)).toBe(GREEN);
    m.setConfig(1, cfg, 0);
    expect(m.config(1)).toEqual(cfg);
    m.setConfig(1, undefined, 0);
    expect(m.config(1)).toBeUndefined();
    expect(m.execute(1, 1e9, 0)).toBe(GREEN);
  });

  it.each([
    [() => new MeterArray('m', 2, 'bytes').execute(2, 1, 0), /meter 'm': index 2 is outside 0..1/],
    [
      () => new MeterArray('m', 2, 'bytes').setConfig(0, { ...cfg, pir: 999 }, 0),
      /pir 999 is below cir 1000/,
    ],
    [
      () => new MeterArray('m', 2, 'bytes').setConfig(0, { ...cfg, cburst: -1 }, 0),
      /cburst -1 is not a non-negative number/,
    ],
  ])('refuses bad input (%#)', (op, message) => {
    expect(op).toThrow(TableError);
    expect(op).toThrow(message);
  });
});
