/**
 * An instance simulator: the controller sends an ANNOUNCE / WITHDRAW itself, as PacketOut out
 * of a switch port, built from wire §1 alone (controller/announcements/rosa.ts). Tests use it
 * to play an instance, and `ssactl` will; the frame goes out of `port` towards the instance's
 * link, as if the instance had sent it to the SAR address on that link.
 *
 *   sendAnnouncement(session.client, fields, 10);
 */
import type { P4RuntimeClient } from '../../p4runtime';
import { type AnnouncementFields, buildAnnouncement } from '../announcements/rosa';

/** Builds the frame and sends it as PacketOut out of `port`; the frame sent. */
export function sendAnnouncement(
  client: Pick<P4RuntimeClient, 'sendPacket'>,
  fields: AnnouncementFields,
  port: number,
): Uint8Array {
  const frame = buildAnnouncement(fields);
  client.sendPacket(frame, { egress_port: port });
  return frame;
}
