/**
 * Idle-timeout notifications (spec §9.1.9, §16.5): every scan interval, the entries of ageing
 * tables not hit for their idle_timeout_ns are sent to the primary, coalesced per table, with
 * their key, metadata and timeout. After a notification the entry's timer restarts, so an
 * entry that stays idle is reported again after another timeout, as the spec asks.
 */
import type { p4 } from '../../p4runtime/proto';
import type { Device } from '../device';
import { contextOf, int64 } from './entities/common';
import { entryOut } from './entities/table-read';

/** Scans the device's ageing tables while a primary listens. */
export class IdleTimeoutScanner {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly device: Device,
    private readonly send: (msg: p4.v1.IStreamMessageResponse) => void,
    private readonly canSend: () => boolean,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.scan(), intervalMs);
    this.timer.unref();
  }

  /** One scan: notify about every entry whose idle time reached its timeout. */
  scan(): void {
    const dp = this.device.dataplane;
    if (!dp || !this.canSend()) return;
    const ctx = contextOf(dp.state);
    const now = this.device.clock();
    for (const info of dp.schema.tables.all()) {
      if (!info.idleTimeout) continue;
      const table = dp.state.tables.get(info.id)!;
      const handles = table.idleExpired(now, false);
      if (handles.length === 0) continue;
      const entries = handles.map((h) => {
        const view = table.read(h);
        // Restart the entry's timer: the next notification comes one timeout later.
        table.hit(h, now);
        const te = entryOut(ctx, info, view, {
          counterData: false,
          meterConfig: false,
          sinceLastHit: false,
        });
        delete te.action; // key, metadata and timeout are what the spec asks for
        return te;
      });
      this.send({
        idle_timeout_notification: {
          table_entry: entries,
          timestamp: int64(BigInt(Date.now()) * 1_000_000n),
        },
      });
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
