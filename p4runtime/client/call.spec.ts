import { backoffMs, deadlineOf } from './call';

describe('backoffMs', () => {
  it('doubles from the initial delay, with jitter in [base/2, base], capped', () => {
    for (let n = 0; n < 12; n++) {
      const base = Math.min(5000, 100 * 2 ** n);
      for (let k = 0; k < 50; k++) {
        const ms = backoffMs(n, 100, 5000);
        expect(ms).toBeGreaterThanOrEqual(Math.floor(base / 2));
        expect(ms).toBeLessThanOrEqual(base);
      }
    }
  });
});

describe('deadlineOf', () => {
  it('uses the default timeout, a relative one, or an absolute date', () => {
    const now = Date.now();
    const d1 = deadlineOf(undefined, 1000).deadline as Date;
    expect(d1.getTime()).toBeGreaterThanOrEqual(now + 1000);
    expect(d1.getTime()).toBeLessThan(now + 2000);
    const d2 = deadlineOf({ timeout: 50 }, 1000).deadline as Date;
    expect(d2.getTime()).toBeLessThan(now + 1000);
    const at = new Date(now + 12345);
    expect(deadlineOf({ timeout: at }, 1000).deadline).toBe(at);
  });
});
