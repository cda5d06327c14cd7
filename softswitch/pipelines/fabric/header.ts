/**
 * header.p4 in TypeScript: every header instance is a fixed byte buffer holding the header
 * exactly as it is on the wire, plus its validity bit, so that extract and emit are copies
 * and P4's header assignment (`hdr.ipv6 = hdr.inner_ipv6`) copies bytes and validity. Fields
 * are read and written at their bit positions by the helpers below; field offsets are
 * listed with each header. One Headers object is reused for every packet.
 */

/**
 * What the deparser needs to know of a packet's headers: the ones the parser extracted, in
 * order, and whether any validity changed since (a push, pop or header assignment). While
 * nothing changed, the valid headers are exactly the extracted ones, at their old offsets.
 */
export class Layout {
  changed = false;
  readonly parsed: Header[] = [];
}

/** One header instance: its wire bytes and whether it is valid. */
export class Header {
  readonly b: Uint8Array;
  valid = false;
  /** Where the parser extracted this header from, -1 if it did not. */
  parsedAt = -1;

  constructor(
    readonly name: string,
    readonly bytes: number,
    private readonly layout: Layout,
  ) {
    this.b = new Uint8Array(bytes);
  }

  /** extract(): the parser found this header at `offset`. */
  extracted(offset: number): void {
    this.valid = true;
    this.parsedAt = offset;
    this.layout.parsed.push(this);
  }

  /** setValid(): P4 leaves the fields undefined; this model zeroes them. */
  setValid(): void {
    this.b.fill(0);
    this.valid = true;
    this.layout.changed = true;
  }

  setInvalid(): void {
    this.valid = false;
    this.layout.changed = true;
  }

  /** `this = other` in P4: copies the bytes and the validity. */
  assign(other: Header): void {
    this.b.set(other.b);
    this.valid = other.valid;
    this.layout.changed = true;
  }
}

/** Byte sizes of the headers (header.p4). */
export const Size = {
  packet_out: 2,
  packet_in: 5,
  ethernet: 14,
  ipv4: 20,
  ipv6: 40,
  dest_opts: 4,
  rosa: 12,
  rosa_request: 32,
  rosa_response: 16,
  rosa_announce: 40,
  tcp: 20,
  udp: 8,
  icmp: 4,
} as const;

/** Byte offsets of the byte-aligned fields used by the controls. */
export const Eth = { dst: 0, src: 6, type: 12 } as const;
export const V4 = {
  tos: 1,
  totalLen: 2,
  id: 4,
  flagsFrag: 6,
  ttl: 8,
  proto: 9,
  csum: 10,
  src: 12,
  dst: 16,
} as const;
export const V6 = { payloadLen: 4, nextHeader: 6, hopLimit: 7, src: 8, dst: 24 } as const;
export const DestOpts = { nextHeader: 0, hdrExtLen: 1, optType: 2, optLen: 3 } as const;
export const Rosa = { msgType: 0, flags: 1, port: 2, serviceId: 4 } as const;
export const RosaRequest = { client: 0, ingress: 16 } as const;
export const L4 = { sport: 0, dport: 2 } as const;
export const Udp = { len: 4, csum: 6 } as const;
export const Tcp = { csum: 16 } as const;
export const Icmp = { type: 0, code: 1, csum: 2 } as const;

/** headers_t, in the deparser's emission order (parser.p4). */
export class Headers {
  readonly layout = new Layout();
  readonly packet_out = new Header('packet_out', Size.packet_out, this.layout);
  readonly packet_in = new Header('packet_in', Size.packet_in, this.layout);
  readonly ethernet = new Header('ethernet', Size.ethernet, this.layout);
  readonly tun_ipv4 = new Header('tun_ipv4', Size.ipv4, this.layout);
  readonly tun_ipv6 = new Header('tun_ipv6', Size.ipv6, this.layout);
  readonly ipv4 = new Header('ipv4', Size.ipv4, this.layout);
  readonly ipv6 = new Header('ipv6', Size.ipv6, this.layout);
  readonly dest_opts = new Header('dest_opts', Size.dest_opts, this.layout);
  readonly rosa = new Header('rosa', Size.rosa, this.layout);
  readonly rosa_request = new Header('rosa_request', Size.rosa_request, this.layout);
  readonly rosa_response = new Header('rosa_response', Size.rosa_response, this.layout);
  readonly rosa_announce = new Header('rosa_announce', Size.rosa_announce, this.layout);
  readonly tcp = new Header('tcp', Size.tcp, this.layout);
  readonly udp = new Header('udp', Size.udp, this.layout);
  readonly icmp = new Header('icmp', Size.icmp, this.layout);
  readonly icmpv6 = new Header('icmpv6', Size.icmp, this.layout);
  readonly inner_ipv4 = new Header('inner_ipv4', Size.ipv4, this.layout);
  readonly inner_ipv6 = new Header('inner_ipv6', Size.ipv6, this.layout);
  readonly inner_tcp = new Header('inner_tcp', Size.tcp, this.layout);
  readonly inner_udp = new Header('inner_udp', Size.udp, this.layout);

  /** Every instance in emission order. */
  readonly all: readonly Header[] = [
    this.packet_out,
    this.packet_in,
    this.ethernet,
    this.tun_ipv4,
    this.tun_ipv6,
    this.ipv4,
    this.ipv6,
    this.dest_opts,
    this.rosa,
    this.rosa_request,
    this.rosa_response,
    this.rosa_announce,
    this.tcp,
    this.udp,
    this.icmp,
    this.icmpv6,
    this.inner_ipv4,
    this.inner_ipv6,
    this.inner_tcp,
    this.inner_udp,
  ];

  /** Every header invalid: the state before the parser runs. */
  reset(): void {
    const { layout } = this;
    const headers = layout.changed ? this.all : layout.parsed;
    for (let i = 0; i < headers.length; i++) {
      headers[i].valid = false;
      headers[i].parsedAt = -1;
    }
    layout.parsed.length = 0;
    layout.changed = false;
  }
}

/** lookup_metadata_t. */
export interface LookupMetadata {
  ip_proto: number;
  l4_sport: number;
  l4_dport: number;
  icmp_type: number;
}

/** local_metadata_t; reset by FabricIngress at the start of every packet. */
export class LocalMetadata {
  ingress_port = 0;
  egress_port = 0;
  bypass = false;
  drop = false;
  drop_reason = 0;
  punt = false;
  punt_reason = 0;
  punt_mtu = 0;
  demote = false;
  claimed = false;
  has_next_hop = false;
  next_hop = 0;
  fix_l4_checksum = false;
  l4_len = 0;
  readonly lkp: LookupMetadata = { ip_proto: 0, l4_sport: 0, l4_dport: 0, icmp_type: 0 };
}

// ---- field access ------------------------------------------------------------------------

/** The big-endian 16-bit value at b[off]. */
export function u16(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}

/** Stores the low 16 bits of v big-endian at b[off]. */
export function setU16(b: Uint8Array, off: number, v: number): void {
  b[off] = (v >>> 8) & 0xff;
  b[off + 1] = v & 0xff;
}

/** The big-endian 32-bit value at b[off], unsigned. */
export function u32(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}

/** Stores v big-endian as 32 bits at b[off]. */
export function setU32(b: Uint8Array, off: number, v: number): void {
  b[off] = (v >>> 24) & 0xff;
  b[off + 1] = (v >>> 16) & 0xff;
  b[off + 2] = (v >>> 8) & 0xff;
  b[off + 3] = v & 0xff;
}

/** Copies n bytes from src[so] to dst[doff]. */
export function copyBytes(
  dst: Uint8Array,
  doff: number,
  src: Uint8Array,
  so: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) dst[doff + i] = src[so + i];
}

/** True when a[ao..ao+n) equals b[bo..bo+n). */
export function equalBytes(
  a: Uint8Array,
  ao: number,
  b: Uint8Array,
  bo: number,
  n: number,
): boolean {
  for (let i = 0; i < n; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

// ipv4 sub-byte fields
export const ipv4Version = (h: Header) => h.b[0] >> 4;
export const ipv4Ihl = (h: Header) => h.b[0] & 0x0f;
export const ipv4Flags = (h: Header) => h.b[6] >> 5;
export const ipv4FragOffset = (h: Header) => u16(h.b, 6) & 0x1fff;
// ipv6 sub-byte fields
export const ipv6Version = (h: Header) => h.b[0] >> 4;
export const ipv6TrafficClass = (h: Header) => ((h.b[0] & 0x0f) << 4) | (h.b[1] >> 4);
