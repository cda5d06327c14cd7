/**
 * dissect.ts: decodes packet bytes into layers of fields (Ethernet, IPv4, IPv6, Destination
 * Options with the ROSA option, TCP, UDP, ICMP, ICMPv6, tunnelled and ICMP-quoted IP).
 * Each derived field carries the value it should hold, so a wrong checksum is visible.
 */
import { CHECKSUM_OFFSET, ipv4HeaderChecksum, PROTO, transportChecksum } from './checksum';
import {
  type DecodedLayer,
  type Field,
  type FieldFormat,
  type PacketLike,
  bytesOf,
  fieldValue,
  findField,
  findLayer,
} from './fields';
import type { LayerKind } from './layers';
import { ROSA_MSG, ROSA_OPTION_LENGTH, ROSA_OPTION_TYPE } from './rosa';

const ETHER_TYPES: Readonly<Record<number, string>> = { 0x0800: 'ipv4', 0x86dd: 'ipv6' };
const PROTOS: Readonly<Record<number, string>> = {
  [PROTO.ICMP]: 'icmp',
  [PROTO.IPV4]: 'ipv4',
  [PROTO.TCP]: 'tcp',
  [PROTO.UDP]: 'udp',
  [PROTO.IPV6]: 'ipv6',
  [PROTO.ICMPV6]: 'icmpv6',
  [PROTO.NO_NEXT_HEADER]: 'none',
  [PROTO.DEST_OPTS]: 'destOpts',
};
const ROSA_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(ROSA_MSG).map(([k, v]) => [v, k]),
);

/** The layer that follows an IP or Destination Options header with this protocol number. */
function nextOfProto(proto: number): LayerKind {
  const next = PROTOS[proto];
  return next === undefined || next === 'none' ? 'payload' : (next as LayerKind);
}

/** What the layers before this one tell it: the addresses of the enclosing IP header. */
interface Context {
  readonly ip?: { readonly src: Uint8Array; readonly dst: Uint8Array };
  /** Inside an ICMP error: the quoted packet's checksums and lengths are not checked. */
  readonly quoted: boolean;
}

interface Decoded {
  readonly fields: Field[];
  readonly length: number;
  readonly next?: LayerKind;
  readonly notes: string[];
  readonly context: Context;
}

type FieldSpec = [
  name: string,
  bitOffset: number,
  bitLength: number,
  format?: FieldFormat,
  extra?: Partial<Field>,
];

/** Builds fields from [name, bit offset in the layer, bits, format, extra] rows. */
function rows(offset: number, specs: readonly FieldSpec[]): Field[] {
  return specs.map(([name, bit, bits, format = 'dec', extra = {}]) => ({
    name,
    bitOffset: offset * 8 + bit,
    bitLength: bits,
    format,
    ...extra,
  }));
}

const u16at = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];

function decodeEther(b: Uint8Array, at: number, ctx: Context): Decoded {
  const type = u16at(b, at + 12);
  const fields = rows(at, [
    ['dst', 0, 48, 'mac'],
    ['src', 48, 48, 'mac'],
    ['type', 96, 16, 'hex', { names: ETHER_TYPES }],
  ]);
  const next = type === 0x0800 ? 'ipv4' : type === 0x86dd ? 'ipv6' : 'payload';
  return { fields, length: 14, next, notes: [], context: ctx };
}

function decodeIpv4(b: Uint8Array, at: number, ctx: Context): Decoded {
  const version = b[at] >> 4;
  const ihl = b[at] & 0x0f;
  const length = Math.max(20, ihl * 4);
  const available = Math.min(length, b.length - at);
  const notes: string[] = [];
  if (version !== 4) notes.push(`version ${version}, expected 4`);
  if (ihl < 5) notes.push(`ihl ${ihl} is below 5`);
  const check = !ctx.quoted;
  const fields = rows(at, [
    ['version', 0, 4],
    ['ihl', 4, 4],
    ['dscp', 8, 6],
    ['ecn', 14, 2],
    ['totalLength', 16, 16, 'dec', check ? { correct: b.length - at } : {}],
    ['id', 32, 16],
    ['flags', 48, 3],
    ['fragOffset', 51, 13],
    ['ttl', 64, 8],
    ['proto', 72, 8, 'dec', { names: PROTOS }],
    ['checksum', 80, 16, 'hex', { correct: ipv4HeaderChecksum(b.subarray(at, at + available)) }],
    ['src', 96, 32, 'ipv4'],
    ['dst', 128, 32, 'ipv4'],
  ]);
  if (length > 20) fields.push(...rows(at, [['options', 160, (length - 20) * 8, 'bytes']]));
  const fragment = ((b[at + 6] & 0x1f) << 8) | b[at + 7];
  const next = version !== 4 || fragment !== 0 ? 'payload' : nextOfProto(b[at + 9]);
  const ip = { src: b.slice(at + 12, at + 16), dst: b.slice(at + 16, at + 20) };
  return { fields, length, next, notes, context: { ...ctx, ip } };
}

function decodeIpv6(b: Uint8Array, at: number, ctx: Context): Decoded {
  const version = b[at] >> 4;
  const fields = rows(at, [
    ['version', 0, 4],
    ['tc', 4, 8],
    ['flowLabel', 12, 20, 'hex'],
    ['payloadLength', 32, 16, 'dec', ctx.quoted ? {} : { correct: b.length - at - 40 }],
    ['nh', 48, 8, 'dec', { names: PROTOS }],
    ['hopLimit', 56, 8],
    ['src', 64, 128, 'ipv6'],
    ['dst', 192, 128, 'ipv6'],
  ]);
  const notes = version === 6 ? [] : [`version ${version}, expected 6`];
  const next = version === 6 ? nextOfProto(b[at + 6]) : 'payload';
  const ip = { src: b.slice(at + 8, at + 24), dst: b.slice(at + 24, at + 40) };
  return { fields, length: 40, next, notes, context: { ...ctx, ip } };
}

/** ROSA option data fields (wire §1) at byte `d`, by message type. */
function rosaRows(d: number, msgType: number): FieldSpec[] {
  const head: FieldSpec[] = [
    ['msgType', d * 8, 8, 'dec', { names: ROSA_NAMES }],
    ['flags', d * 8 + 8, 8],
    [
      msgType === ROSA_MSG.ANNOUNCE || msgType === ROSA_MSG.WITHDRAW ? 'weight' : 'port',
      d * 8 + 16,
      16,
    ],
    ['serviceId', d * 8 + 32, 64, 'hex'],
  ];
  const at = (byte: number) => (d + byte) * 8;
  if (msgType === ROSA_MSG.REQUEST || msgType === ROSA_MSG.RESPONSE) {
    head.push(['client', at(12), 128, 'ipv6'], ['ingress', at(28), 128, 'ipv6']);
    if (msgType === ROSA_MSG.RESPONSE) head.push(['instance', at(44), 128, 'ipv6']);
  } else {
    head.push(['instance', at(12), 128, 'ipv6'], ['metric', at(28), 32], ['seq', at(32), 32]);
    head.push(['authTag', at(36), 128, 'bytes']);
  }
  return head;
}

function decodeDestOpts(b: Uint8Array, at: number, ctx: Context): Decoded {
  const length = (b[at + 1] + 1) * 8;
  const end = Math.min(at + length, b.length);
  const specs: FieldSpec[] = [
    ['nextHeader', 0, 8, 'dec', { names: PROTOS }],
    ['hdrExtLen', 8, 8],
  ];
  const notes: string[] = [];
  let pos = 2;
  let option = 0;
  while (at + pos < end) {
    const type = b[at + pos];
    if (type === 0) {
      specs.push(['pad1', pos * 8, 8, 'hex']);
      pos += 1;
      continue;
    }
    const len = at + pos + 1 < end ? b[at + pos + 1] : 0;
    if (type === 1) {
      specs.push(['padN', pos * 8, (2 + len) * 8, 'bytes']);
      pos += 2 + len;
      continue;
    }
    option += 1;
    const p = option === 1 ? 'opt' : `opt${option}`;
    specs.push([`${p}Type`, pos * 8, 8, 'hex'], [`${p}Len`, pos * 8 + 8, 8]);
    const msgType = b[at + pos + 2];
    const rosa = option === 1 && type === ROSA_OPTION_TYPE && ROSA_OPTION_LENGTH[msgType] === len;
    if (type === ROSA_OPTION_TYPE && !rosa) {
      notes.push(`ROSA option: length ${len} does not match message type ${msgType} (wire §1)`);
    }
    if (rosa) specs.push(...rosaRows(pos + 2, msgType));
    else if (len > 0) specs.push([`${p}Data`, (pos + 2) * 8, len * 8, 'bytes']);
    pos += 2 + len;
  }
  if (pos > length) notes.push(`options run ${pos - length} byte(s) past the header`);
  return { fields: rows(at, specs), length, next: nextOfProto(b[at]), notes, context: ctx };
}

/** The checksum a transport header at `at` should carry, unless quoted or without IP. */
function correctChecksum(proto: number, b: Uint8Array, at: number, ctx: Context) {
  if (ctx.quoted || (!ctx.ip && proto !== PROTO.ICMP)) return {};
  const ip = ctx.ip ?? { src: new Uint8Array(4), dst: new Uint8Array(4) };
  const segment = b.subarray(at);
  const value = (segment[CHECKSUM_OFFSET[proto]] << 8) | segment[CHECKSUM_OFFSET[proto] + 1];
  // Over IPv4 a UDP checksum of 0 means "none" (RFC 768).
  if (proto === PROTO.UDP && ip.src.length === 4 && value === 0) return { correct: 0 };
  return { correct: transportChecksum(proto, ip.src, ip.dst, segment) };
}

function decodeTcp(b: Uint8Array, at: number, ctx: Context): Decoded {
  const length = Math.max(20, (b[at + 12] >> 4) * 4);
  const fields = rows(at, [
    ['sport', 0, 16],
    ['dport', 16, 16],
    ['seq', 32, 32],
    ['ack', 64, 32],
    ['dataOffset', 96, 4],
    ['reserved', 100, 4],
    ['flags', 104, 8, 'tcpFlags'],
    ['window', 112, 16],
    ['checksum', 128, 16, 'hex', correctChecksum(PROTO.TCP, b, at, ctx)],
    ['urgentPtr', 144, 16],
  ]);
  if (length > 20) fields.push(...rows(at, [['options', 160, (length - 20) * 8, 'bytes']]));
  const notes = b[at + 12] >> 4 < 5 ? [`dataOffset ${b[at + 12] >> 4} is below 5`] : [];
  return { fields, length, next: 'payload', notes, context: ctx };
}

function decodeUdp(b: Uint8Array, at: number, ctx: Context): Decoded {
  const fields = rows(at, [
    ['sport', 0, 16],
    ['dport', 16, 16],
    ['length', 32, 16, 'dec', ctx.quoted ? {} : { correct: b.length - at }],
    ['checksum', 48, 16, 'hex', correctChecksum(PROTO.UDP, b, at, ctx)],
  ]);
  return { fields, length: 8, next: 'payload', notes: [], context: ctx };
}

/** ICMP / ICMPv6: echo has id and seq; errors quote the offending IP packet after 4 bytes. */
function decodeIcmp(kind: 'icmp' | 'icmpv6', b: Uint8Array, at: number, ctx: Context): Decoded {
  const type = b[at];
  const v6 = kind === 'icmpv6';
  const proto = v6 ? PROTO.ICMPV6 : PROTO.ICMP;
  const specs: FieldSpec[] = [
    ['type', 0, 8],
    ['code', 8, 8],
    ['checksum', 16, 16, 'hex', correctChecksum(proto, b, at, ctx)],
  ];
  const echo = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
  const error = v6 ? type >= 1 && type <= 4 : type === 3 || type === 11 || type === 12;
  if (echo) specs.push(['id', 32, 16], ['seq', 48, 16]);
  else if (v6 && type === 2) specs.push(['mtu', 32, 32]);
  else if (v6 && type === 4) specs.push(['pointer', 32, 32]);
  else if (!v6 && type === 3 && b[at + 1] === 4)
    specs.push(['unused', 32, 16], ['nextHopMtu', 48, 16]);
  else if (error) specs.push(['unused', 32, 32]);
  else return { fields: rows(at, specs), length: 4, next: 'payload', notes: [], context: ctx };
  const next: LayerKind = echo ? 'payload' : v6 ? 'ipv6' : 'ipv4';
  return {
    fields: rows(at, specs),
    length: 8,
    next,
    notes: [],
    context: { ...ctx, quoted: ctx.quoted || error },
  };
}

function decodePayload(b: Uint8Array, at: number, ctx: Context): Decoded {
  const length = b.length - at;
  return { fields: rows(at, [['data', 0, length * 8, 'bytes']]), length, notes: [], context: ctx };
}

const DECODERS: Readonly<Record<LayerKind, (b: Uint8Array, at: number, ctx: Context) => Decoded>> =
  {
    ether: decodeEther,
    ipv4: decodeIpv4,
    ipv6: decodeIpv6,
    destOpts: decodeDestOpts,
    tcp: decodeTcp,
    udp: decodeUdp,
    icmp: (b, at, ctx) => decodeIcmp('icmp', b, at, ctx),
    icmpv6: (b, at, ctx) => decodeIcmp('icmpv6', b, at, ctx),
    payload: decodePayload,
  };

/**
 * Decodes one layer of `kind` at `at`. With `end`, the layer spans exactly [at, end) (as the
 * composer laid it out); without, the layer's own header decides. Bytes of the span past the
 * layer's fields become a 'data' field; a layer cut off by the end of the bytes keeps the
 * fields that fit and says so in its notes.
 */
function decodeAt(kind: LayerKind, b: Uint8Array, at: number, ctx: Context, end?: number) {
  const d = DECODERS[kind](b, at, ctx);
  const notes = [...d.notes];
  const spanEnd = end ?? Math.min(at + d.length, b.length);
  if (end === undefined && at + d.length > b.length) {
    notes.push(`truncated: ${b.length - at} of ${d.length} bytes`);
  } else if (end !== undefined && at + d.length > end) {
    notes.push(`its header says ${d.length} bytes, the layer has ${end - at}`);
  }
  const fields = d.fields.filter((f) => f.bitOffset + f.bitLength <= spanEnd * 8);
  const covered = fields.reduce((m, f) => Math.max(m, f.bitOffset + f.bitLength), at * 8);
  if (covered < spanEnd * 8) {
    const name = at + d.length > spanEnd ? 'truncated' : 'data';
    fields.push({ name, bitOffset: covered, bitLength: spanEnd * 8 - covered, format: 'bytes' });
  }
  const next = at + d.length > spanEnd ? undefined : d.next;
  return { fields, length: spanEnd - at, notes, next, context: d.context };
}

/** Names layers by kind, numbering repeats: ether, ipv6, udp, ipv6#2, udp#2. */
function named(kinds: readonly LayerKind[]): string[] {
  const seen = new Map<LayerKind, number>();
  return kinds.map((k) => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? k : `${k}#${n}`;
  });
}

/** Decodes a packet, starting with Ethernet unless told otherwise. */
export function dissect(bytes: Uint8Array, first: LayerKind = 'ether'): DecodedLayer[] {
  const spans: { kind: LayerKind; d: ReturnType<typeof decodeAt>; at: number }[] = [];
  let ctx: Context = { quoted: false };
  let kind: LayerKind | undefined = first;
  let at = 0;
  while (kind !== undefined && at < bytes.length) {
    const d = decodeAt(kind, bytes, at, ctx);
    spans.push({ kind, d, at });
    [at, kind, ctx] = [at + d.length, d.next, d.context];
  }
  if (at < bytes.length)
    spans.push({ kind: 'payload', d: decodeAt('payload', bytes, at, ctx), at });
  return finish(spans);
}

/** Decodes a packet whose layers are known (the composer's), each spanning [offset, end). */
export function decodeLayers(
  bytes: Uint8Array,
  layout: readonly { readonly kind: LayerKind; readonly offset: number; readonly end: number }[],
): DecodedLayer[] {
  let ctx: Context = { quoted: false };
  const spans = layout.map(({ kind, offset, end }) => {
    const d = decodeAt(kind, bytes, offset, ctx, Math.min(end, bytes.length));
    ctx = d.context;
    return { kind, d, at: offset };
  });
  return finish(spans);
}

function finish(
  spans: readonly { kind: LayerKind; d: ReturnType<typeof decodeAt>; at: number }[],
): DecodedLayer[] {
  const names = named(spans.map((s) => s.kind));
  return spans.map(({ kind, d, at }, i) =>
    Object.freeze({
      name: names[i],
      kind,
      offset: at,
      length: d.length,
      fields: Object.freeze(d.fields.map((f) => Object.freeze(f))),
      notes: Object.freeze(d.notes),
    }),
  );
}

/** The layers of a packet: the composer's when it has them, else dissected from Ethernet. */
export function layersOf(p: PacketLike): readonly DecodedLayer[] {
  return p instanceof Uint8Array ? dissect(p) : p.layers;
}

/** A field's value: `readField(pkt, 'ipv6', 'hopLimit') === 64n`; throws if absent or cut off. */
export function readField(p: PacketLike, layer: number | string, field: string): bigint {
  const f = findField(findLayer(layersOf(p), layer), field);
  const v = fieldValue(f, bytesOf(p));
  if (v === undefined) throw new Error(`readField: the packet ends before ${layer}.${field}`);
  return v;
}
