/**
 * The status trailer of a Write with refused updates (spec §12.3): a google.rpc.Status whose
 * details hold one p4.v1.Error per update, in order (OK for the ones that took effect), the
 * standard form bmv2 writes too.
 *
 * Its size is what limits large error lists, not the time to build it. A trailer is an HTTP/2
 * header block, and a Node (nghttp2) receiver takes at most 64 KiB per header field and nine
 * 16 KiB frames per block (one HEADERS and eight CONTINUATIONs: the CVE-2024-27983 guard); past
 * that the call dies without a status. So:
 *   - every entry is as short as the standard form allows: an OK is an Any with no value,
 *     a refusal carries its code, its message and our error space;
 *   - a status larger than one field is sent as several values of the same trailer, cut every
 *     48,000 bytes (a multiple of 3, so that the base64 of each piece has no padding and the
 *     receiver's join of the values, "a, b", still decodes as one string); their concatenation
 *     is the status (docs/p4runtime.md, "Large error lists");
 *   - past STATUS_BUDGET bytes the refusals' messages are shortened, longest first, so that the
 *     list still arrives; past what even empty messages fit in, the status says so and lists no
 *     details (over about 2,000 refusals, or 2,700 updates, in one request: the client keeps
 *     its batches at 250 updates by default, for bmv2's sake: DEFAULT_BATCH_SIZE).
 */
import { Metadata } from '@grpc/grpc-js';
import { google, p4 } from '../../p4runtime/proto';
import { ERROR_TYPE_URL, STATUS_DETAILS_KEY } from '../../p4runtime/client/errors';
import { Code, codeName } from './status';

/** Bytes of one trailer value: 64,000 base64 characters, under nghttp2's 64 KiB per field. */
export const STATUS_PIECE = 48_000;
/**
 * Bytes of the whole status: 128 KiB of base64, which fits the 144 KiB a Node receiver takes in
 * one header block even without Huffman coding, with room for grpc-status and grpc-message.
 */
export const STATUS_BUDGET = 96 * 1024;

/** Bytes of an OK entry: details tag and length, an Any with its type_url and no value. */
const OK_BYTES = 2 + (2 + ERROR_TYPE_URL.length);
/**
 * Bytes of a refusal besides its message and space, counted high: longer lengths, the value's
 * tag and length, the code, the message's and the space's tags and lengths.
 */
const REFUSAL_OVERHEAD = OK_BYTES + 1 + 3 + 2 + 3 + 2;

/** The status of a Write in which some updates failed, and its trailer. */
export function writeErrorStatus(errors: readonly p4.v1.IError[]): {
  message: string;
  metadata: Metadata;
} {
  return errorListStatus(errors, 'updates', 'send fewer updates per WriteRequest');
}

/**
 * The status of a Read in which some of the request's entities failed, and its trailer: the
 * same form (one p4.v1.Error per entity of the request, spec §13), cut and fitted the same way.
 */
export function readErrorStatus(errors: readonly p4.v1.IError[]): {
  message: string;
  metadata: Metadata;
} {
  return errorListStatus(errors, 'read requests', 'send fewer entities per ReadRequest');
}

function errorListStatus(
  errors: readonly p4.v1.IError[],
  what: string,
  advice: string,
): { message: string; metadata: Metadata } {
  const refused = errors.filter((e) => (e.canonical_code ?? 0) !== Code.OK);
  const first = errors.findIndex((e) => (e.canonical_code ?? 0) !== Code.OK);
  const f = errors[first];
  const message =
    `${refused.length} of ${errors.length} ${what} failed; #${first}: ` +
    `${codeName(f.canonical_code ?? 0)}: ${f.message ?? ''}`;
  const details = fitted(errors, refused);
  const said = details
    ? message
    : `${message} (the per-entry list does not fit a gRPC trailer: ${advice})`;
  const status = google.rpc.Status.encode({
    code: Code.UNKNOWN,
    message: said,
    details: details ?? [],
  }).finish();
  const metadata = new Metadata();
  const bytes = Buffer.from(status.buffer, status.byteOffset, status.byteLength);
  for (let i = 0; i < bytes.length; i += STATUS_PIECE)
    metadata.add(STATUS_DETAILS_KEY, bytes.subarray(i, i + STATUS_PIECE));
  return { message: said, metadata };
}

/** One Any per update, messages shortened to fit STATUS_BUDGET; undefined if nothing fits. */
function fitted(
  errors: readonly p4.v1.IError[],
  refused: readonly p4.v1.IError[],
): google.protobuf.IAny[] | undefined {
  const fixed = (errors.length - refused.length) * OK_BYTES;
  const lengths = refused.map((e) => utf8(e.message) + utf8(e.space));
  const full = lengths.reduce((a, b) => a + b, fixed + refused.length * REFUSAL_OVERHEAD);
  let cap = Infinity;
  if (full > STATUS_BUDGET) {
    // The largest cap (bytes of message and space per refusal) under which the list fits.
    const room = STATUS_BUDGET - fixed - refused.length * REFUSAL_OVERHEAD;
    if (room < 0) return undefined;
    cap = capFor(lengths, room);
  }
  return errors.map((e) =>
    (e.canonical_code ?? 0) === Code.OK
      ? { type_url: ERROR_TYPE_URL } // no value: an empty p4.v1.Error, which is OK
      : { type_url: ERROR_TYPE_URL, value: p4.v1.Error.encode(shortened(e, cap)).finish() },
  );
}

/** The largest per-entry cap c with sum(min(len, c)) <= room. */
function capFor(lengths: readonly number[], room: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let used = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rest = sorted.length - i;
    if (used + sorted[i] * rest > room) return Math.floor((room - used) / rest);
    used += sorted[i];
  }
  return Infinity;
}

/** An error whose message and space take at most `cap` bytes (the space goes first). */
function shortened(e: p4.v1.IError, cap: number): p4.v1.IError {
  const message = e.message ?? '';
  const space = e.space ?? '';
  if (utf8(message) + utf8(space) <= cap) return e;
  const keep = Math.max(0, cap);
  // The space goes first: a message that fits the room left keeps every character.
  if (utf8(message) <= keep) return { canonical_code: e.canonical_code, message };
  // A cut message ends in '...' when there is room for it; characters, not bytes, are cut, so
  // a multi-byte character never splits (ASCII is what our messages are).
  const cut = keep >= 8 ? `${message.slice(0, keep - 3)}...` : message.slice(0, keep);
  return { canonical_code: e.canonical_code, message: Buffer.byteLength(cut) <= keep ? cut : '' };
}

function utf8(s: string | null | undefined): number {
  return s ? Buffer.byteLength(s) : 0;
}
