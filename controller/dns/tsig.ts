/**
 * tsig.ts: TSIG (RFC 8945) with HMAC-SHA256: signs a request, verifies the server's signed
 * answer (whose MAC covers the request's MAC). The dynamic-update publisher signs its updates
 * with it.
 *
 *   const signed = signTsig(update, key);           // { message, mac }
 *   verifyTsig(answer, key, signed.mac);            // throws TsigError on a bad or missing MAC
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readMessage } from './reader';
import { C, T, encodeName, encodeRr } from './wire';

/** A TSIG key: its name and its secret (the bytes, not base64). */
export interface TsigKey {
  readonly name: string;
  readonly secret: Buffer;
  /** Only HMAC-SHA256 is implemented. */
  readonly algorithm?: 'hmac-sha256';
}

/** Thrown for an answer whose TSIG is missing, wrong, or reports an error. */
export class TsigError extends Error {
  override readonly name = 'TsigError';
}

const ALGORITHM = 'hmac-sha256';
const FUDGE = 300;

/** The TSIG variables of RFC 8945 section 4.3.3 (timers and error included). */
function variables(
  key: TsigKey,
  time: number,
  fudge: number,
  error: number,
  other: Buffer,
): Buffer {
  const head = Buffer.concat([
    encodeName(key.name.toLowerCase()),
    Buffer.alloc(6),
    encodeName(ALGORITHM),
  ]);
  head.writeUInt16BE(C.ANY, encodeName(key.name).length);
  const tail = Buffer.alloc(12 + other.length);
  tail.writeUIntBE(time, 0, 6);
  tail.writeUInt16BE(fudge, 6);
  tail.writeUInt16BE(error, 8);
  tail.writeUInt16BE(other.length, 10);
  other.copy(tail, 12);
  return Buffer.concat([head, tail]);
}

function mac(key: TsigKey, parts: Buffer[]): Buffer {
  const h = createHmac('sha256', key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** A request MAC to prefix a response's MAC input with. */
const priorMac = (m: Buffer) => {
  const b = Buffer.alloc(2 + m.length);
  b.writeUInt16BE(m.length, 0);
  m.copy(b, 2);
  return b;
};

/** Signs a message (which must not carry a TSIG yet); returns it with the TSIG record and the MAC. */
export function signTsig(
  msg: Buffer,
  key: TsigKey,
  nowMs = Date.now(),
): { message: Buffer; mac: Buffer } {
  const time = Math.floor(nowMs / 1000);
  const m = mac(key, [msg, variables(key, time, FUDGE, 0, Buffer.alloc(0))]);
  const rdata = Buffer.concat([encodeName(ALGORITHM), Buffer.alloc(10 + m.length + 6)]);
  let at = encodeName(ALGORITHM).length;
  rdata.writeUIntBE(time, at, 6);
  rdata.writeUInt16BE(FUDGE, at + 6);
  rdata.writeUInt16BE(m.length, at + 8);
  m.copy(rdata, at + 10);
  at += 10 + m.length;
  rdata.writeUInt16BE(msg.readUInt16BE(0), at); // original ID
  const out = Buffer.concat([msg, encodeRr(key.name.toLowerCase(), T.TSIG, C.ANY, 0, rdata)]);
  out.writeUInt16BE(msg.readUInt16BE(10) + 1, 10);
  return { message: out, mac: m };
}

/** TSIG error codes of RFC 8945 by number. */
const ERRORS: Record<number, string> = {
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
  22: 'BADTRUNC',
};

/** Checks the TSIG of an answer to a request signed with `requestMac`; throws TsigError otherwise. */
export function verifyTsig(
  answer: Buffer,
  key: TsigKey,
  requestMac: Buffer,
  nowMs = Date.now(),
): void {
  const m = readMessage(answer);
  const tsig = m.additionals[m.additionals.length - 1];
  if (!tsig || tsig.type !== T.TSIG) {
    throw new TsigError(
      `the answer (rcode ${m.rcode}) carries no TSIG: the server did not accept key '${key.name}'`,
    );
  }
  const rd = tsig.rdata;
  const alg = encodeName(ALGORITHM);
  if (!rd.subarray(0, alg.length).equals(alg))
    throw new TsigError('the answer is signed with another algorithm');
  let at = alg.length;
  const time = rd.readUIntBE(at, 6);
  const fudge = rd.readUInt16BE(at + 6);
  const macLen = rd.readUInt16BE(at + 8);
  const got = rd.subarray(at + 10, at + 10 + macLen);
  at += 10 + macLen;
  const originalId = rd.readUInt16BE(at);
  const error = rd.readUInt16BE(at + 2);
  const other = rd.subarray(at + 6, at + 6 + rd.readUInt16BE(at + 4));
  if (error !== 0) throw new TsigError(`the server answered TSIG error ${ERRORS[error] ?? error}`);
  const body = Buffer.from(answer.subarray(0, tsig.offset));
  body.writeUInt16BE(originalId, 0);
  body.writeUInt16BE(m.additionals.length - 1, 10);
  const want = mac(key, [priorMac(requestMac), body, variables(key, time, fudge, error, other)]);
  if (got.length !== want.length || !timingSafeEqual(got, want))
    throw new TsigError("the answer's TSIG MAC is wrong");
  if (Math.abs(nowMs / 1000 - time) > fudge)
    throw new TsigError(`the answer was signed ${time}, outside the fudge of ${fudge} s`);
}
