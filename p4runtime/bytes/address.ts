/** IPv4, IPv6 and MAC address text <-> bytes (RFC 4291 parsing, RFC 5952 printing). */
import { HEX, P4ValueError, fullWidth, hexDigit } from './bytestring';

/** `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff`, one separator throughout. */
export const MAC = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$/;

/** Parses dotted-quad IPv4 (no leading zeros) into 4 bytes. */
export function parseIPv4(text: string): Uint8Array {
  const out = new Uint8Array(4);
  if (!parseIPv4Into(text, out, 0)) {
    throw new P4ValueError(`value '${text}' is not an IPv4 address: expected a.b.c.d, each 0..255`);
  }
  return out;
}

function parseIPv4Into(text: string, out: Uint8Array, at: number): boolean {
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // '.' ends the last part
    if (c === 46) {
      if (digits === 0 || part > 3) return false;
      out[at + part++] = value;
      digits = value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // leading zero: ambiguous (octal)
      value = value * 10 + c - 48;
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return part === 4;
}

/** Parses an IPv6 address (RFC 4291 text: `::`, embedded IPv4) into 16 bytes. */
export function parseIPv6(text: string): Uint8Array {
  const bad = (why: string) => new P4ValueError(`value '${text}' is not an IPv6 address: ${why}`);
  if (text.includes('%')) throw bad('zone indexes (%...) are not allowed');
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 2) >= 0) throw bad("'::' may appear only once");
  const head = gap < 0 ? text : text.slice(0, gap);
  const tail = gap < 0 ? '' : text.slice(gap + 2);
  const groups: number[] = [];
  const push = (part: string, last: boolean) => {
    if (part === '') return;
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (last && i === items.length - 1 && g.includes('.')) {
        const v4 = new Uint8Array(4);
        if (!parseIPv4Into(g, v4, 0)) throw bad(`'${g}' is not a valid embedded IPv4 address`);
        groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
        continue;
      }
      let v = g.length < 1 || g.length > 4 ? -1 : 0;
      for (let j = 0; j < g.length && v >= 0; j++) {
        const d = hexDigit(g.charCodeAt(j));
        v = d < 0 ? -1 : (v << 4) | d;
      }
      if (v < 0) throw bad(`group '${g}' is not 1 to 4 hex digits`);
      groups.push(v);
    }
  };
  push(head, gap < 0);
  const headCount = groups.length;
  push(tail, true);
  const out = new Uint8Array(16);
  const fill = 8 - groups.length;
  if (gap < 0 ? fill !== 0 : fill < 1) {
    throw bad(
      gap < 0 ? `expected 8 groups or '::', got ${groups.length}` : `more than 7 groups with '::'`,
    );
  }
  for (let i = 0; i < groups.length; i++) {
    const k = i < headCount ? i : i + (gap < 0 ? 0 : fill);
    out[2 * k] = groups[i] >> 8;
    out[2 * k + 1] = groups[i] & 0xff;
  }
  return out;
}

/** Parses a MAC address `aa:bb:cc:dd:ee:ff` (or with `-`) into 6 bytes. */
export function parseMac(text: string): Uint8Array {
  if (!MAC.test(text)) {
    throw new P4ValueError(`value '${text}' is not a MAC address: expected aa:bb:cc:dd:ee:ff`);
  }
  const out = new Uint8Array(6);
  for (let i = 0; i < 6; i++) out[i] = parseInt(text.slice(3 * i, 3 * i + 2), 16);
  return out;
}

/** Dotted-quad text of a value that fits in 32 bits. */
export function formatIPv4(bytes: Uint8Array): string {
  const b = fullWidth(bytes, 32);
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** `aa:bb:cc:dd:ee:ff` text of a value that fits in 48 bits. */
export function formatMac(bytes: Uint8Array): string {
  const b = fullWidth(bytes, 48);
  return `${HEX[b[0]]}:${HEX[b[1]]}:${HEX[b[2]]}:${HEX[b[3]]}:${HEX[b[4]]}:${HEX[b[5]]}`;
}

/** RFC 5952 text of a value that fits in 128 bits (IPv4-mapped as `::ffff:a.b.c.d`). */
export function formatIPv6(bytes: Uint8Array): string {
  const b = fullWidth(bytes, 128);
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i] << 8) | b[i + 1]);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIPv4(b.subarray(12))}`;
  }
  let best = -1;
  let bestLen = 1; // a single zero group is never shortened (RFC 5952 4.2.2)
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j > i ? j : i + 1;
  }
  const hex = (from: number, to: number) =>
    g
      .slice(from, to)
      .map((x) => x.toString(16))
      .join(':');
  return best < 0 ? hex(0, 8) : `${hex(0, best)}::${hex(best + bestLen, 8)}`;
}
