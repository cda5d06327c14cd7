/**
 * rosa.ts: the ROSA option (wire §1) as Destination Options layers, the service id and the
 * ANNOUNCE auth tag, written from the wire contract alone.
 *
 *   packet(ether(...), ipv6(...), rosaRequest({ serviceId: serviceId('video.example'),
 *     port: 40000, client, ingress }), udp({ sport: 40000, dport: 443 }))
 */
import { createHash, createHmac } from 'node:crypto';
import { type AddressLike, ipv6Address } from './address';
import { be, concat, fromHex } from './bytes';
import { type DestOptsLayer, checkField, destOpts } from './layers';

/** Option type 0x1E (RFC 4727 experimental: skip if unknown, not changed en route). */
export const ROSA_OPTION_TYPE = 0x1e;

/** Message types (wire §1). */
export const ROSA_MSG = Object.freeze({ ANNOUNCE: 1, REQUEST: 2, RESPONSE: 3, WITHDRAW: 4 });

/** Option data length per message type (wire §1); Hdr Ext Len is (2 + 2 + length) / 8 - 1. */
export const ROSA_OPTION_LENGTH: Readonly<Record<number, number>> = Object.freeze({
  [ROSA_MSG.ANNOUNCE]: 52,
  [ROSA_MSG.REQUEST]: 44,
  [ROSA_MSG.RESPONSE]: 60,
  [ROSA_MSG.WITHDRAW]: 52,
});

/** A service id as its 8 bytes or as a 64-bit integer. */
export type ServiceIdLike = Uint8Array | bigint;

/** A key as bytes or hex text. */
export type KeyLike = Uint8Array | string;

/** The service id of a name: SHA-256 of the lower-cased name without trailing dot, first 8 bytes. */
export function serviceId(name: string): Uint8Array {
  const canonical = name.toLowerCase().replace(/\.$/, '');
  return new Uint8Array(createHash('sha256').update(canonical, 'utf8').digest().subarray(0, 8));
}

function serviceIdBytes(id: ServiceIdLike): Uint8Array {
  if (typeof id === 'bigint') return be(id, 8, 'rosa.serviceId');
  if (id.length !== 8) throw new Error(`rosa.serviceId: expected 8 bytes, got ${id.length}`);
  return Uint8Array.from(id);
}

function keyBytes(key: KeyLike): Uint8Array {
  return typeof key === 'string' ? fromHex(key) : Uint8Array.from(key);
}

/** The ANNOUNCE/WITHDRAW auth tag: HMAC-SHA256(key, option data bytes 0..35), first 16 bytes. */
export function announceAuthTag(key: KeyLike, optionData: Uint8Array): Uint8Array {
  if (optionData.length < 36) {
    throw new Error(`announceAuthTag: option data has ${optionData.length} bytes, needs 36`);
  }
  const mac = createHmac('sha256', keyBytes(key)).update(optionData.subarray(0, 36)).digest();
  return new Uint8Array(mac.subarray(0, 16));
}

/** Overrides shared by every ROSA layer, to build malformed options. */
export interface RosaOverrides {
  readonly flags?: number;
  readonly nextHeader?: number;
  /** Replaces the message type byte (the layout still follows the builder used). */
  readonly msgType?: number;
  readonly optType?: number;
  readonly optLen?: number;
  readonly hdrExtLen?: number;
}

function common(msgType: number, port: number, id: ServiceIdLike, o: RosaOverrides): Uint8Array {
  checkField('rosa.flags', o.flags, 8);
  checkField('rosa.msgType', o.msgType, 8);
  return concat(
    Uint8Array.of(o.msgType ?? msgType, o.flags ?? 0),
    be(port, 2, 'rosa.port'),
    serviceIdBytes(id),
  );
}

function rosaLayer(data: Uint8Array, o: RosaOverrides): DestOptsLayer {
  const option = { type: o.optType ?? ROSA_OPTION_TYPE, data, length: o.optLen };
  return destOpts({ options: [option], nextHeader: o.nextHeader, hdrExtLen: o.hdrExtLen });
}

/** REQUEST option data (44 bytes): type, flags, port, service id, client, ingress. */
export function rosaRequestData(
  o: {
    serviceId: ServiceIdLike;
    port: number;
    client: AddressLike;
    ingress: AddressLike;
  } & RosaOverrides,
): Uint8Array {
  return concat(
    common(ROSA_MSG.REQUEST, o.port, o.serviceId, o),
    ipv6Address(o.client, 'rosa.client'),
    ipv6Address(o.ingress, 'rosa.ingress'),
  );
}

/** RESPONSE option data (60 bytes): the REQUEST fields, then the instance. */
export function rosaResponseData(
  o: Parameters<typeof rosaRequestData>[0] & { instance: AddressLike },
): Uint8Array {
  const request = rosaRequestData({ ...o, msgType: o.msgType ?? ROSA_MSG.RESPONSE });
  return concat(request, ipv6Address(o.instance, 'rosa.instance'));
}

/** ANNOUNCE/WITHDRAW input: the tag is given or computed from the instance key. */
export type AnnounceInit = {
  serviceId: ServiceIdLike;
  instance: AddressLike;
  weight: number;
  metric: number;
  seq: number;
} & ({ authTag: Uint8Array; key?: undefined } | { key: KeyLike; authTag?: undefined }) &
  RosaOverrides;

function announceData(msgType: number, o: AnnounceInit): Uint8Array {
  const signed = concat(
    common(msgType, o.weight, o.serviceId, o),
    ipv6Address(o.instance, 'rosa.instance'),
    be(o.metric, 4, 'rosa.metric'),
    be(o.seq, 4, 'rosa.seq'),
  );
  const tag = o.authTag !== undefined ? Uint8Array.from(o.authTag) : announceAuthTag(o.key, signed);
  if (tag.length !== 16) throw new Error(`rosa.authTag: expected 16 bytes, got ${tag.length}`);
  return concat(signed, tag);
}

/** ANNOUNCE option data (52 bytes): type, flags, weight, service id, instance, metric, seq, tag. */
export function rosaAnnounceData(o: AnnounceInit): Uint8Array {
  return announceData(ROSA_MSG.ANNOUNCE, o);
}

/** WITHDRAW option data (52 bytes): as ANNOUNCE with message type 4. */
export function rosaWithdrawData(o: AnnounceInit): Uint8Array {
  return announceData(ROSA_MSG.WITHDRAW, o);
}

/** A Destination Options header holding a ROSA REQUEST (Hdr Ext Len 5). */
export function rosaRequest(o: Parameters<typeof rosaRequestData>[0]): DestOptsLayer {
  return rosaLayer(rosaRequestData(o), o);
}

/** A Destination Options header holding a ROSA RESPONSE (Hdr Ext Len 7). */
export function rosaResponse(o: Parameters<typeof rosaResponseData>[0]): DestOptsLayer {
  return rosaLayer(rosaResponseData(o), o);
}

/** A Destination Options header holding a ROSA ANNOUNCE (Hdr Ext Len 6). */
export function rosaAnnounce(o: AnnounceInit): DestOptsLayer {
  return rosaLayer(rosaAnnounceData(o), o);
}

/** A Destination Options header holding a ROSA WITHDRAW (Hdr Ext Len 6). */
export function rosaWithdraw(o: AnnounceInit): DestOptsLayer {
  return rosaLayer(rosaWithdrawData(o), o);
}
