/**
 * layers.ts: packet layers as immutable values with scapy's defaults. A field left unset
 * (`undefined`) is derived by `packet()` from the layers around it, exactly as scapy does
 * (EtherType, lengths, protocol numbers, checksums); setting it builds a malformed packet.
 *
 *   packet(ether({ dst, src }), ipv6({ src, dst }), udp({ sport: 1, dport: 2 }), payload('hi'))
 */
import { type AddressLike, ipv4Address, ipv6Address, mac } from './address';
import { utf8 } from './bytes';

/** The kinds of layer, one per header type (ICMP and ICMPv6 are two). */
export type LayerKind =
  'ether' | 'ipv4' | 'ipv6' | 'destOpts' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'payload';

/** Ethernet II: destination, source, EtherType. */
export interface EtherLayer {
  readonly kind: 'ether';
  readonly dst: Uint8Array;
  readonly src: Uint8Array;
  readonly type?: number;
}

/** IPv4 header (RFC 791); unset optional fields are derived by `packet()`. */
export interface Ipv4Layer {
  readonly kind: 'ipv4';
  readonly version: number;
  readonly ihl?: number;
  readonly dscp: number;
  readonly ecn: number;
  readonly totalLength?: number;
  readonly id: number;
  readonly flags: number;
  readonly fragOffset: number;
  readonly ttl: number;
  readonly proto?: number;
  readonly checksum?: number;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  /** Raw option bytes, zero-padded to a multiple of 4 on the wire (like scapy). */
  readonly options: Uint8Array;
}

/** IPv6 header (RFC 8200); unset optional fields are derived by `packet()`. */
export interface Ipv6Layer {
  readonly kind: 'ipv6';
  readonly version: number;
  readonly tc: number;
  readonly flowLabel: number;
  readonly payloadLength?: number;
  readonly nh?: number;
  readonly hopLimit: number;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
}

/** One TLV option of a Destination Options header; `length` overrides the length byte. */
export interface DestOption {
  readonly type: number;
  readonly data: Uint8Array;
  readonly length?: number;
}

/** IPv6 Destination Options header with its TLV options. */
export interface DestOptsLayer {
  readonly kind: 'destOpts';
  readonly nextHeader?: number;
  readonly hdrExtLen?: number;
  readonly options: readonly DestOption[];
  /** Pad to a multiple of 8 bytes with Pad1/PadN after the options, as scapy's autopad. */
  readonly pad: boolean;
}

/** TCP header (RFC 9293). */
export interface TcpLayer {
  readonly kind: 'tcp';
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  readonly dataOffset?: number;
  readonly reserved: number;
  readonly flags: number;
  readonly window: number;
  readonly checksum?: number;
  readonly urgentPtr: number;
  /** Raw option bytes, zero-padded to a multiple of 4 on the wire (like scapy). */
  readonly options: Uint8Array;
}

/** UDP header (RFC 768). */
export interface UdpLayer {
  readonly kind: 'udp';
  readonly sport: number;
  readonly dport: number;
  readonly length?: number;
  readonly checksum?: number;
}

/** ICMP or ICMPv6: type, code, checksum, then `body` (e.g. echo id, seq and data). */
export interface IcmpLayer {
  readonly kind: 'icmp' | 'icmpv6';
  readonly type: number;
  readonly code: number;
  readonly checksum?: number;
  readonly body: Uint8Array;
}

/** Raw bytes after the headers. */
export interface PayloadLayer {
  readonly kind: 'payload';
  readonly data: Uint8Array;
}

/** Any layer `packet()` composes. */
export type Layer =
  | EtherLayer
  | Ipv4Layer
  | Ipv6Layer
  | DestOptsLayer
  | TcpLayer
  | UdpLayer
  | IcmpLayer
  | PayloadLayer;

/** Refuses a value that is not an integer in 0 .. 2^bits - 1, naming the field. */
export function checkField(what: string, value: number | undefined, bits: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > 2 ** bits - 1) {
    throw new Error(`${what}: ${value} is not an integer in 0..${2 ** bits - 1} (${bits} bits)`);
  }
}

function checked<T extends Layer>(layer: T, widths: Readonly<Record<string, number>>): T {
  for (const [name, bits] of Object.entries(widths)) {
    checkField(`${layer.kind}.${name}`, (layer as unknown as Record<string, number>)[name], bits);
  }
  return Object.freeze(layer);
}

/** Ethernet II; `type` defaults from the next layer (0x0800, 0x86dd, else 0x9000 like scapy). */
export function ether(o: { dst: AddressLike; src: AddressLike; type?: number }): EtherLayer {
  return checked(
    { kind: 'ether', dst: mac(o.dst, 'ether.dst'), src: mac(o.src, 'ether.src'), type: o.type },
    { type: 16 },
  );
}

const IPV4_WIDTHS = {
  version: 4,
  ihl: 4,
  dscp: 6,
  ecn: 2,
  totalLength: 16,
  id: 16,
  flags: 3,
  fragOffset: 13,
  ttl: 8,
  proto: 8,
  checksum: 16,
};

/** IPv4 with scapy's defaults (id 1, ttl 64); ihl, totalLength, proto and checksum are derived. */
export function ipv4(o: {
  src: AddressLike;
  dst: AddressLike;
  ttl?: number;
  proto?: number;
  id?: number;
  flags?: number;
  dscp?: number;
  ecn?: number;
  ihl?: number;
  version?: number;
  checksum?: number;
  fragOffset?: number;
  totalLength?: number;
  options?: Uint8Array;
}): Ipv4Layer {
  return checked(
    {
      kind: 'ipv4',
      version: o.version ?? 4,
      ihl: o.ihl,
      dscp: o.dscp ?? 0,
      ecn: o.ecn ?? 0,
      totalLength: o.totalLength,
      id: o.id ?? 1,
      flags: o.flags ?? 0,
      fragOffset: o.fragOffset ?? 0,
      ttl: o.ttl ?? 64,
      proto: o.proto,
      checksum: o.checksum,
      src: ipv4Address(o.src, 'ipv4.src'),
      dst: ipv4Address(o.dst, 'ipv4.dst'),
      options: Uint8Array.from(o.options ?? []),
    },
    IPV4_WIDTHS,
  );
}

/** IPv6 with scapy's defaults (hop limit 64); payloadLength and nh are derived. */
export function ipv6(o: {
  src: AddressLike;
  dst: AddressLike;
  hopLimit?: number;
  nh?: number;
  tc?: number;
  flowLabel?: number;
  payloadLength?: number;
  version?: number;
}): Ipv6Layer {
  return checked(
    {
      kind: 'ipv6',
      version: o.version ?? 6,
      tc: o.tc ?? 0,
      flowLabel: o.flowLabel ?? 0,
      payloadLength: o.payloadLength,
      nh: o.nh,
      hopLimit: o.hopLimit ?? 64,
      src: ipv6Address(o.src, 'ipv6.src'),
      dst: ipv6Address(o.dst, 'ipv6.dst'),
    },
    { version: 4, tc: 8, flowLabel: 20, payloadLength: 16, nh: 8, hopLimit: 8 },
  );
}

/** A Destination Options header with raw options (for the ROSA option see rosa.ts). */
export function destOpts(
  o: {
    options?: readonly DestOption[];
    nextHeader?: number;
    hdrExtLen?: number;
    pad?: boolean;
  } = {},
): DestOptsLayer {
  const options = (o.options ?? []).map((opt, i) => {
    checkField(`destOpts.options[${i}].type`, opt.type, 8);
    checkField(`destOpts.options[${i}].length`, opt.length, 8);
    if (opt.data.length > 255) throw new Error(`destOpts.options[${i}].data: over 255 bytes`);
    return Object.freeze({ type: opt.type, data: Uint8Array.from(opt.data), length: opt.length });
  });
  return checked(
    {
      kind: 'destOpts',
      nextHeader: o.nextHeader,
      hdrExtLen: o.hdrExtLen,
      options: Object.freeze(options),
      pad: o.pad ?? true,
    },
    { nextHeader: 8, hdrExtLen: 8 },
  );
}

const TCP_FLAG_BITS: Readonly<Record<string, number>> = {
  F: 0x01,
  S: 0x02,
  R: 0x04,
  P: 0x08,
  A: 0x10,
  U: 0x20,
  E: 0x40,
  C: 0x80,
};

/** TCP flags from scapy's letters ('SA' = SYN+ACK) or a number. */
export function tcpFlags(flags: number | string): number {
  if (typeof flags === 'number') return flags;
  return [...flags].reduce((acc, letter) => {
    const bit = TCP_FLAG_BITS[letter];
    if (bit === undefined) throw new Error(`tcp.flags: '${letter}' is not one of FSRPAUEC`);
    return acc | bit;
  }, 0);
}

/** TCP with scapy's defaults (flags 'S', window 8192); dataOffset and checksum are derived. */
export function tcp(o: {
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  flags?: number | string;
  window?: number;
  dataOffset?: number;
  checksum?: number;
  urgentPtr?: number;
  reserved?: number;
  options?: Uint8Array;
}): TcpLayer {
  return checked(
    {
      kind: 'tcp',
      sport: o.sport,
      dport: o.dport,
      seq: o.seq ?? 0,
      ack: o.ack ?? 0,
      dataOffset: o.dataOffset,
      reserved: o.reserved ?? 0,
      flags: tcpFlags(o.flags ?? 'S'),
      window: o.window ?? 8192,
      checksum: o.checksum,
      urgentPtr: o.urgentPtr ?? 0,
      options: Uint8Array.from(o.options ?? []),
    },
    {
      sport: 16,
      dport: 16,
      seq: 32,
      ack: 32,
      dataOffset: 4,
      reserved: 4,
      flags: 8,
      window: 16,
      checksum: 16,
      urgentPtr: 16,
    },
  );
}

/** UDP; length and checksum are derived (a computed checksum of 0 is sent as 0xffff). */
export function udp(o: {
  sport: number;
  dport: number;
  length?: number;
  checksum?: number;
}): UdpLayer {
  return checked(
    { kind: 'udp', sport: o.sport, dport: o.dport, length: o.length, checksum: o.checksum },
    { sport: 16, dport: 16, length: 16, checksum: 16 },
  );
}

type IcmpInit = { type: number; code: number; checksum?: number; body?: Uint8Array };

function icmpLayer(kind: 'icmp' | 'icmpv6', o: IcmpInit): IcmpLayer {
  const body = Uint8Array.from(o.body ?? []);
  return checked({ kind, type: o.type, code: o.code, checksum: o.checksum, body }, ICMP_WIDTHS);
}

const ICMP_WIDTHS = { type: 8, code: 8, checksum: 16 };

/** ICMP (IPv4): the checksum covers the message and the layers after it. */
export function icmp(o: IcmpInit): IcmpLayer {
  return icmpLayer('icmp', o);
}

/** ICMPv6: the checksum covers the IPv6 pseudo-header, the message and the layers after it. */
export function icmpv6(o: IcmpInit): IcmpLayer {
  return icmpLayer('icmpv6', o);
}

/** Raw bytes, or a string as UTF-8. */
export function payload(data: Uint8Array | string): PayloadLayer {
  return Object.freeze({
    kind: 'payload',
    data: typeof data === 'string' ? utf8(data) : Uint8Array.from(data),
  });
}
