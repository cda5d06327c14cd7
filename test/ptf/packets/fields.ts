/**
 * fields.ts: a packet as decoded layers of named fields at known bit positions, shared by
 * the composer (which knows its layers), the dissector, the Mask and the diff.
 */
import { formatIpv4, formatIpv6, formatMac } from './address';
import { bigIntToBytes, readBits, toHex } from './bytes';
import type { LayerKind } from './layers';

/** How a field's value is shown. */
export type FieldFormat = 'dec' | 'hex' | 'mac' | 'ipv4' | 'ipv6' | 'bytes' | 'tcpFlags';

/** A field of a decoded layer; offsets are absolute bit positions in the packet. */
export interface Field {
  readonly name: string;
  readonly bitOffset: number;
  readonly bitLength: number;
  readonly format: FieldFormat;
  /** For derived fields (lengths, checksums): the value consistent with the bytes around it. */
  readonly correct?: number;
  /** Names of well-known values, e.g. { 17: 'udp' }. */
  readonly names?: Readonly<Record<number, string>>;
}

/** One layer of a packet: 'ipv6', or 'ipv6#2' for the second IPv6 header (a tunnel's inner one). */
export interface DecodedLayer {
  readonly name: string;
  readonly kind: LayerKind;
  readonly offset: number;
  readonly length: number;
  readonly fields: readonly Field[];
  /** What is wrong with the layer, e.g. 'truncated: 20 of 40 bytes'. */
  readonly notes: readonly string[];
}

/** Bytes with the layers they were composed from. */
export interface Packet {
  readonly bytes: Uint8Array;
  readonly layers: readonly DecodedLayer[];
}

/** A packet as plain bytes or as composed by `packet()`. */
export type PacketLike = Uint8Array | Packet;

/** The bytes of a packet. */
export function bytesOf(p: PacketLike): Uint8Array {
  return p instanceof Uint8Array ? p : p.bytes;
}

/** Whether the field lies entirely within `bytes`. */
export function fieldFits(field: Field, bytes: Uint8Array): boolean {
  return field.bitOffset + field.bitLength <= bytes.length * 8;
}

/** The field's value in `bytes` as an integer (undefined when the bytes end before it). */
export function fieldValue(field: Field, bytes: Uint8Array): bigint | undefined {
  return fieldFits(field, bytes) ? readBits(bytes, field.bitOffset, field.bitLength) : undefined;
}

const TCP_FLAG_LETTERS = 'FSRPAUEC';
const SHOWN_BYTES = 24;

/** Formats an integer as the field shows it: '2001:db8::1', '0x86dd', '18 (SA)', '64'. */
export function formatValue(
  field: Pick<Field, 'format' | 'bitLength' | 'names'>,
  v: bigint,
): string {
  const bytes = () => bigIntToBytes(v, Math.ceil(field.bitLength / 8));
  const named = (text: string) => {
    const name = field.names?.[Number(v)];
    return name === undefined ? text : `${text} (${name})`;
  };
  switch (field.format) {
    case 'mac':
      return formatMac(bytes());
    case 'ipv4':
      return formatIpv4(bytes());
    case 'ipv6':
      return formatIpv6(v);
    case 'hex':
      return named(`0x${v.toString(16).padStart(Math.ceil(field.bitLength / 4), '0')}`);
    case 'tcpFlags': {
      const letters = [...TCP_FLAG_LETTERS].filter((_, i) => (v >> BigInt(i)) & 1n).join('');
      return `0x${v.toString(16).padStart(2, '0')}${letters ? ` (${letters})` : ''}`;
    }
    case 'bytes': {
      const b = bytes();
      const shown = toHex(b.subarray(0, SHOWN_BYTES));
      return `${b.length} bytes ${shown}${b.length > SHOWN_BYTES ? '...' : ''}`;
    }
    case 'dec':
      return named(v.toString());
  }
}

/** The field's value in `bytes` as text, or '(missing)' when the bytes end before it. */
export function formatField(field: Field, bytes: Uint8Array): string {
  const v = fieldValue(field, bytes);
  return v === undefined ? '(missing)' : formatValue(field, v);
}

/** The field of a layer by name; throws listing the layer's fields when there is none. */
export function findField(layer: DecodedLayer, name: string): Field {
  const f = layer.fields.find((x) => x.name === name);
  if (!f) {
    const names = layer.fields.map((x) => x.name).join(', ');
    throw new Error(`layer ${layer.name} has no field '${name}' (fields: ${names})`);
  }
  return f;
}

/** A layer by index or by name ('ipv6' = the first, 'ipv6#2' = the second); throws if absent. */
export function findLayer(layers: readonly DecodedLayer[], which: number | string): DecodedLayer {
  const layer = typeof which === 'number' ? layers[which] : layers.find((l) => l.name === which);
  if (!layer) {
    const names = layers.map((l, i) => `${i}:${l.name}`).join(', ');
    throw new Error(`no layer ${JSON.stringify(which)} (layers: ${names})`);
  }
  return layer;
}
