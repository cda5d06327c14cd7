/**
 * main.p4 (v1model) in TypeScript: what V1Switch and bmv2 simple_switch do with one packet.
 * V1Parser runs FabricParser; FabricVerifyChecksum sets checksum_error; V1Ingress turns the
 * parser error into a drop reason and meta.drop / punt / egress_port into egress_spec
 * (mark_to_drop = the drop port); the egress runs for a packet that is not dropped;
 * FabricComputeChecksum and FabricDeparser build the packet that leaves.
 */
import type { EgressPacket, Pipeline, PipelineContext } from '../../../pipeline/types';
import { Binder } from '../bind';
import { computeChecksum, verifyChecksum } from '../checksum';
import * as D from '../define';
import { Headers, LocalMetadata } from '../header';
import { FabricParser, ParserError, deparse } from '../parser';
import { FabricIngress, fabricEgress } from '../pipeline';
import { type TableVisit, TraceSlot } from '../trace';

/** The v1model parser error -> drop reason mapping of V1Ingress. */
function parserDropReason(error: ParserError, checksumError: boolean): number {
  switch (error) {
    case ParserError.NoError:
      return checksumError ? D.Drop.IPV4_CHECKSUM : D.Drop.NONE;
    case ParserError.PacketTooShort:
      return D.Drop.PARSER_PACKET_TOO_SHORT;
    case ParserError.NoMatch:
      return D.Drop.PARSER_NO_MATCH;
    case ParserError.BadIpVersion:
      return D.Drop.PARSER_BAD_IP_VERSION;
    case ParserError.BadIpv4Ihl:
      return D.Drop.PARSER_BAD_IPV4_IHL;
    case ParserError.BadRosaOption:
      return D.Drop.PARSER_BAD_ROSA_OPTION;
    default:
      return D.Drop.PARSER_OTHER;
  }
}

/** A traced packet's way through the model (FabricModel.trace). */
export interface PacketTrace {
  readonly visits: readonly TableVisit[];
  readonly egress: readonly EgressPacket[];
  readonly verdict: 'forwarded' | 'dropped' | 'punted';
  /** The drop reason's name (define.p4's Drop), '' unless dropped. */
  readonly dropReason: string;
  readonly puntReason: string;
}

const DROP_NAMES = new Map(Object.entries(D.Drop).map(([k, v]) => [v as number, k]));
const PUNT_NAMES = new Map(Object.entries(D.Punt).map(([k, v]) => [v as number, k]));

/** Options of the model beyond the pipeline context. */
export interface FabricModelOptions {
  /** v1model random(lo, hi): a uniform integer in [lo, hi]. Default: Math.random. */
  random?: (lo: number, hi: number) => number;
}

/** main.p4 bound to one device's forwarding state. */
export class FabricModel implements Pipeline {
  /** Every P4Info name the model resolved (tables, keys, actions, params, counters, ...). */
  readonly namesUsed: ReadonlySet<string>;
  private readonly hdr = new Headers();
  private readonly meta = new LocalMetadata();
  private readonly parser: FabricParser;
  private readonly ingress: FabricIngress;
  private readonly traceSlot: TraceSlot;

  constructor(
    private readonly ctx: PipelineContext,
    opts: FabricModelOptions = {},
  ) {
    const bind = new Binder(ctx.schema, ctx.state);
    bind.controllerHeader('packet_out', [
      ['egress_port', 9],
      ['_pad0', 7],
    ]);
    bind.controllerHeader('packet_in', [
      ['ingress_port', 9],
      ['_pad0', 7],
      ['reason', 8],
      ['mtu', 16],
    ]);
    const random = opts.random ?? ((lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1)));
    this.ingress = new FabricIngress(bind, random);
    this.parser = new FabricParser(this.hdr, ctx.cpuPort);
    this.namesUsed = bind.used;
    this.traceSlot = bind.trace;
  }

  /**
   * Processes one packet exactly as `process` does (tables, counters and registers change as
   * for any packet) and records its way: the tables it hit, the entries and actions, its
   * verdict. Only ssactl probe calls this; `process` itself records nothing.
   */
  trace(ingressPort: number, packet: Uint8Array): PacketTrace {
    const visits: TableVisit[] = [];
    this.traceSlot.current = visits;
    let egress: EgressPacket[];
    try {
      egress = this.process(ingressPort, packet);
    } finally {
      this.traceSlot.current = null;
    }
    const m = this.meta;
    return {
      visits,
      egress,
      verdict: m.drop ? 'dropped' : m.punt ? 'punted' : egress.length > 0 ? 'forwarded' : 'dropped',
      dropReason: m.drop ? (DROP_NAMES.get(m.drop_reason) ?? String(m.drop_reason)) : '',
      puntReason: m.punt ? (PUNT_NAMES.get(m.punt_reason) ?? String(m.punt_reason)) : '',
    };
  }

  process(ingressPort: number, packet: Uint8Array): EgressPacket[] {
    const { hdr, meta, parser } = this;
    const error = parser.parse(packet, ingressPort);
    const checksumError = error === ParserError.NoError && !verifyChecksum(hdr);
    meta.ingress_port = ingressPort;
    this.ingress.apply(hdr, meta, parserDropReason(error, checksumError), packet.length);

    let egressSpec: number;
    if (meta.drop) egressSpec = this.ctx.dropPort;
    else if (meta.punt) egressSpec = this.ctx.cpuPort;
    else egressSpec = meta.egress_port;
    if (egressSpec === this.ctx.dropPort) return [];

    fabricEgress(hdr, meta, egressSpec, this.ctx.cpuPort);
    computeChecksum(hdr, meta, packet, parser.offset);
    return [{ port: egressSpec, packet: deparse(hdr, packet, parser.offset) }];
  }
}
