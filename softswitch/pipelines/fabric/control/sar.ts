/**
 * sar.p4 in TypeScript: the Service Address Router of ROSA (wire §1). For an IPv6 packet to
 * one of the SAR's own addresses: REQUEST -> sar.fib (service id) -> a member slot by the
 * service's scheduling mode -> sar.nhib (service, slot) -> src := the SAR address, dst := the
 * member, L4 checksum fixed; a FIB miss goes to the gateway when sar.to_gateway is the FIB's
 * default action, else is dropped. RESPONSE -> dst := the option's client. ANNOUNCE and
 * WITHDRAW are punted; anything else is dropped.
 */
import * as D from '../define';
import type { Binder, BoundTable } from '../bind';
import { DestOpts, Rosa, RosaRequest, V6, copyBytes, u16 } from '../header';
import type { Headers, LocalMetadata } from '../header';
import { crc32 } from '../v1model/hash';
import { RoundRobin } from '../v1model/round-robin';
import { flowFieldsV6 } from './lookup';

/** Sar, bound to sar.addresses, sar.fib, sar.nhib and sar.round_robin. */
export class Sar {
  private readonly addresses: BoundTable;
  private readonly fib: BoundTable;
  private readonly nhib: BoundTable;
  private readonly roundRobin: RoundRobin;
  private readonly setService: number;
  private readonly toGateway: number;
  private readonly sarAddress = new Uint8Array(16);
  private readonly nhibKey = new Uint8Array(4);

  constructor(
    bind: Binder,
    private readonly random: (lo: number, hi: number) => number,
  ) {
    this.addresses = bind.table(
      'sar.addresses',
      [['ipv6_dst', 'exact', 128]],
      [
        ['sar.own_address', []],
        ['sar.address_miss', []],
      ],
    );
    this.fib = bind.table(
      'sar.fib',
      [['service_id', 'exact', 64]],
      [
        [
          'sar.set_service',
          [
            ['service', 16],
            ['mode', 8],
            ['members', 16],
          ],
        ],
        ['sar.to_gateway', [['gateway', 128]]],
        ['sar.fib_miss', []],
      ],
    );
    this.nhib = bind.table(
      'sar.nhib',
      [
        ['service', 'exact', 16],
        ['slot', 'exact', 16],
      ],
      [
        ['sar.set_member', [['address', 128]]],
        ['sar.nhib_miss', []],
      ],
    );
    this.roundRobin = new RoundRobin(bind.register('sar.round_robin', D.SAR_SERVICES, 16));
    this.setService = this.fib.id('sar.set_service');
    this.toGateway = this.fib.id('sar.to_gateway');
  }

  apply(hdr: Headers, meta: LocalMetadata, bytes: number): void {
    if (!hdr.ipv6.valid) return;
    const ip = hdr.ipv6.b;
    if (this.addresses.apply(ip, V6.dst, bytes) < 0) return;
    meta.claimed = true;
    copyBytes(this.sarAddress, 0, ip, V6.dst, 16);
    const msg = hdr.rosa.b[Rosa.msgType];
    if (hdr.rosa_request.valid && msg === D.ROSA_MSG_REQUEST) {
      this.request(hdr, meta, bytes);
    } else if (hdr.rosa_response.valid && msg === D.ROSA_MSG_RESPONSE) {
      this.rewrite(hdr, meta, hdr.rosa_request.b, RosaRequest.client);
    } else if (hdr.rosa_announce.valid && msg === D.ROSA_MSG_ANNOUNCE) {
      meta.punt = true;
      meta.punt_reason = D.Punt.ROSA_ANNOUNCE;
    } else if (hdr.rosa_announce.valid && msg === D.ROSA_MSG_WITHDRAW) {
      meta.punt = true;
      meta.punt_reason = D.Punt.ROSA_WITHDRAW;
    } else {
      drop(meta, D.Drop.SAR_NOT_ROSA);
    }
  }

  private request(hdr: Headers, meta: LocalMetadata, bytes: number): void {
    const f = this.fib.apply(hdr.rosa.b, Rosa.serviceId, bytes);
    const action = this.fib.actionIdOf(f);
    if (action === this.setService) {
      const service = this.fib.word(f, 0);
      const mode = this.fib.word(f, 1);
      const members = this.fib.word(f, 2);
      if (members === 0) {
        drop(meta, D.Drop.SAR_NO_MEMBERS);
        return;
      }
      let slot = 0;
      if (mode === D.SAR_MODE_RANDOM || mode === D.SAR_MODE_WEIGHTED) {
        slot = this.random(0, members - 1);
      } else if (mode === D.SAR_MODE_ROUND_ROBIN) {
        slot = this.roundRobin.apply(service, members);
      } else if (mode === D.SAR_MODE_FLOW_HASH) {
        slot = crc32(flowFieldsV6(hdr, meta)) % members;
      }
      // SAR_MODE_LOWEST_METRIC and unknown modes: slot 0 (the controller orders the slots).
      const key = this.nhibKey;
      key[0] = service >> 8;
      key[1] = service & 0xff;
      key[2] = slot >> 8;
      key[3] = slot & 0xff;
      const n = this.nhib.apply(key, 0, bytes);
      if (n >= 0) this.rewrite(hdr, meta, this.nhib.action(n).params[0], 0);
      else drop(meta, D.Drop.SAR_NHIB_MISS);
    } else if (action === this.toGateway) {
      // A FIB miss with the gateway as default action: the default's parameter.
      this.rewrite(hdr, meta, this.fib.action(f).params[0], 0);
    } else {
      drop(meta, D.Drop.SAR_FIB_MISS);
    }
  }

  // src := the SAR's own address, dst := the chosen address; the option stays as it is.
  private rewrite(hdr: Headers, meta: LocalMetadata, dst: Uint8Array, dstOff: number): void {
    const ip = hdr.ipv6.b;
    copyBytes(ip, V6.src, this.sarAddress, 0, 16);
    copyBytes(ip, V6.dst, dst, dstOff, 16);
    meta.fix_l4_checksum = true;
    const optBytes = (hdr.dest_opts.b[DestOpts.hdrExtLen] + 1) << 3;
    meta.l4_len = (u16(ip, V6.payloadLen) - optBytes) & 0xffff;
  }
}

function drop(meta: LocalMetadata, reason: number): void {
  meta.drop = true;
  meta.drop_reason = reason;
}
