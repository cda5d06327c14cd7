/**
 * Moves digest lists from the data plane's digest queues to the primary controller (spec §9.9
 * and §16.4): polled right after every packet (so max_timeout_ns 0 means "at once") and by a
 * timer at the next list deadline; while no primary listens, messages stay queued.
 */
import type { P4Digest } from '../../p4runtime/schema';
import type { p4 } from '../../p4runtime/proto';
import type { Device } from '../device';
import type { DigestList } from '../tables/digests';
import { toCanonical } from './bytestrings';
import { int64 } from './entities/common';

/** Sends the due digest lists of `device` to the primary controller. */
export class DigestPump {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly device: Device,
    /** Delivers one message to the primary. */
    private readonly send: (msg: p4.v1.IStreamMessageResponse) => void,
    /** Whether a primary listens; nothing is polled while none does. */
    private readonly canSend: () => boolean,
  ) {}

  /** Sends every list that is due and re-arms the timer for the next deadline. */
  poll(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const dp = this.device.dataplane;
    if (!dp || !this.canSend()) return;
    const now = this.device.clock();
    let next: number | undefined;
    for (const [id, queue] of dp.state.digests) {
      const info = dp.schema.digests.findId(id)!;
      for (const list of queue.drain(now)) this.send({ digest: digestListOut(info, list) });
      const d = queue.nextDeadlineNs();
      if (d !== undefined && (next === undefined || d < next)) next = d;
    }
    if (next !== undefined) {
      this.timer = setTimeout(() => this.poll(), Math.max(0, Math.ceil((next - now) / 1e6)));
      this.timer.unref();
    }
  }

  /** Handles a DigestListAck; false when the digest id is not in the P4Info. */
  ack(ack: p4.v1.IDigestListAck): boolean {
    const dp = this.device.dataplane;
    const queue = dp?.state.digests.get(ack.digest_id ?? 0);
    if (!queue) return false;
    queue.ack(Number(ack.list_id ?? 0));
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

/** A digest list as the stream message, each message typed by the digest's P4Info type. */
function digestListOut(info: P4Digest, list: DigestList): p4.v1.IDigestList {
  const kind = Object.keys(info.typeSpec).find(
    (k) => (info.typeSpec as Record<string, unknown>)[k],
  );
  const data = list.data.map((members): p4.v1.IP4Data => {
    const bits = members.map((m) => toCanonical(m));
    if (kind === 'bitstring') return { bitstring: bits[0] };
    if (kind === 'header') return { header: { is_valid: true, bitstrings: bits } };
    return { struct: { members: bits.map((b) => ({ bitstring: b })) } };
  });
  return {
    digest_id: list.digestId,
    list_id: int64(list.listId),
    data,
    timestamp: int64(BigInt(Date.now()) * 1_000_000n),
  };
}
