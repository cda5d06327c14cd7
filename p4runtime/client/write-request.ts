/**
 * WriteRequest bytes assembled from updates encoded one at a time. Encoding each update to bytes
 * at once lets its objects die young, instead of a whole batch's object graph living until the
 * request is serialized: with large batches that halves the client's garbage-collection work.
 */
import { p4, toLong, toUint128 } from '../proto';

/** Field numbers of p4.v1.WriteRequest (specification v1.5.0). */
const UPDATES_TAG = (4 << 3) | 2;

/** The encoded WriteRequest without its updates. */
export function writeRequestHeader(
  deviceId: bigint,
  electionId: bigint,
  role: string,
  atomicity: number,
): Uint8Array {
  return p4.v1.WriteRequest.encode({
    device_id: toLong(deviceId),
    election_id: toUint128(electionId),
    ...(role ? { role } : {}),
    ...(atomicity ? { atomicity } : {}),
  }).finish();
}

/** One update as bytes. */
export function encodeUpdateBytes(update: p4.v1.IUpdate): Uint8Array {
  return p4.v1.Update.encode(update).finish();
}

/** Header fields followed by each update as field 4 (protobuf allows fields in any order). */
export function assembleWriteRequest(header: Uint8Array, updates: readonly Uint8Array[]): Buffer {
  let size = header.length;
  for (const u of updates) size += 1 + varintSize(u.length) + u.length;
  const out = Buffer.allocUnsafe(size);
  out.set(header, 0);
  let at = header.length;
  for (const u of updates) {
    out[at++] = UPDATES_TAG;
    for (let n = u.length; ;) {
      if (n < 0x80) {
        out[at++] = n;
        break;
      }
      out[at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    out.set(u, at);
    at += u.length;
  }
  return out;
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n >>>= 7;
    size++;
  }
  return size;
}
