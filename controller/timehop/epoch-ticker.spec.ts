import { Service } from '../domain';
import { EpochTicker, nextBoundary } from './epoch-ticker';

const svc = (name: string, index: number, rule: unknown) =>
  Service.create({ name, index, ranges: [`2001:db8:${index}::/64`], rule, sliceBits: 2 });

describe('time-hop boundaries (wire §2)', () => {
  const services = [
    svc('a.example', 1, { kind: 'time-hop', key: 1, period: 60 }),
    svc('b.example', 2, { kind: 'time-hop', key: 2, period: 45 }),
    svc('c.example', 3, { kind: 'source-bound-hash', key: 3 }),
  ];

  it('is the first boundary of any time-hop service after now', () => {
    expect(nextBoundary(services, 0)).toBe(45);
    expect(nextBoundary(services, 45)).toBe(60); // a boundary itself is not "after"
    expect(nextBoundary(services, 61.5)).toBe(90);
    expect(nextBoundary([services[2]], 10)).toBeUndefined();
  });

  it('calls back once per boundary and never before it', async () => {
    let now = 100;
    const calls: number[] = [];
    const timers: { ms: number; fn: () => Promise<void> }[] = [];
    const t = new EpochTicker({
      services: () => services,
      clock: () => now,
      onBoundary: (at) => void calls.push(at),
      schedule: (ms, fn) => {
        timers.push({ ms, fn });
        return () => undefined;
      },
    });
    t.start();
    expect(timers.map((x) => x.ms)).toEqual([20_000]); // 120 = 60 * 2
    now = 119.999;
    await timers[0].fn(); // early: nothing, armed again
    now = 120;
    await timers[1].fn();
    now = 135;
    await timers[2].fn();
    expect(calls).toEqual([120, 135]);
    t.stop();
    expect(t.waitingFor).toBeUndefined();
  });

  it('reports a failing callback and keeps ticking', async () => {
    let now = 0;
    const errors: unknown[] = [];
    const fns: (() => Promise<void>)[] = [];
    const t = new EpochTicker({
      services: () => services,
      clock: () => now,
      onBoundary: () => Promise.reject(new Error('switch down')),
      onError: (e) => errors.push(e),
      schedule: (_ms, fn) => (fns.push(fn), () => undefined),
    });
    t.start();
    now = 45;
    await fns[0]();
    expect(errors).toHaveLength(1);
    expect(t.waitingFor).toBe(60);
    t.stop();
  });
});
