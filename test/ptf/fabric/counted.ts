/**
 * Drops and punts as the fabric suites assert them: the packet's fate, and the pipeline-wide
 * counter of its reason (`ingress.drops` / `ingress.punts`, docs/dataplane.md) up by exactly
 * one packet of the frame's length as received. Indexed counters keep counting across tests,
 * so each check reads the cell before sending.
 *
 *   await expectDropped(s, p1, truncate(pkt, 33), Drop.PARSER_PACKET_TOO_SHORT);
 *   await expectPunted(s, p1, arp, Punt.ACL);
 */
import type { Counts, Expected, PtfSession } from '../harness';

/** `counts` plus one packet of `bytes` bytes. */
const plusOne = (counts: Counts, bytes: number): Counts => ({
  packets: counts.packets + 1n,
  bytes: counts.bytes + BigInt(bytes),
});

/** Sends `frame` into `port`; nothing leaves and `ingress.drops[reason]` counts it. */
export async function expectDropped(
  s: PtfSession,
  port: number,
  frame: Uint8Array,
  reason: number,
): Promise<void> {
  const before = await s.readCounter('ingress.drops', reason);
  await s.send(port, frame);
  await s.expectNoOtherPackets();
  expect(await s.readCounter('ingress.drops', reason)).toEqual(plusOne(before, frame.length));
}

/**
 * Sends `frame` into `port`; it reaches the controller as a PacketIn carrying `payload`
 * (default: the frame as it arrived) with ingress_port, `reason` and mtu 0, nothing else
 * leaves, and `ingress.punts[reason]` counts it.
 */
export async function expectPunted(
  s: PtfSession,
  port: number,
  frame: Uint8Array,
  reason: number,
  payload: Expected = frame,
): Promise<void> {
  const before = await s.readCounter('ingress.punts', reason);
  await s.send(port, frame);
  await s.expectPacketIn(payload, { ingressPort: port, metadata: { reason, mtu: 0 } });
  await s.expectNoOtherPackets();
  expect(await s.readCounter('ingress.punts', reason)).toEqual(plusOne(before, frame.length));
}

/** The cells of `ingress.drops` at `reasons`, to check later that none of them moved. */
export async function dropCounts(s: PtfSession, reasons: readonly number[]): Promise<Counts[]> {
  return Promise.all(reasons.map((r) => s.readCounter('ingress.drops', r)));
}
