/**
 * p4/v1model/main.p4 as a PTF suite target: its P4Info, the embedded switch's `fabric` model,
 * and on bmv2 the JSON p4c made of it (P4_BMV2_JSON, `npm run p4:compile`). The lab around the
 * switch: four front-panel ports, the switch's MAC and the neighbours' MACs, one next hop per
 * port (ids 1..4 behind ports[0..3]).
 */
import { FABRIC_P4INFO, fabric } from '../../../softswitch/pipelines/fabric';
import type { SuiteOptions } from '../harness';
import { describe as describePacket, ether, packet, type Layer } from '../packets';
import * as E from './entries';

/** The fabric pipeline on the target P4_TARGET names. */
export const FABRIC: SuiteOptions = {
  p4info: FABRIC_P4INFO,
  pipelines: [fabric],
  embeddedConfig: 'fabric',
  bmv2Json: process.env.P4_BMV2_JSON,
  portsNeeded: 4,
  describe: (b) => describePacket(b),
};

/** The switch's own MAC on every link. */
export const SWITCH_MAC = '02:00:00:00:00:fe';
/** The neighbour's MAC behind next hop `id`. */
export const hostMac = (id: number) => `02:00:00:00:00:0${id}`;

/** The next-hop entries 1..4, next hop i leaving on ports[i - 1]. */
export const nextHops = (ports: readonly number[]) =>
  [1, 2, 3, 4].map((id) => E.nextHop(id, ports[id - 1], SWITCH_MAC, hostMac(id)));

/** The sender's MAC: a neighbour that is none of the next hops. */
export const CLIENT_MAC = '02:00:00:00:00:aa';

/** A frame from the client to the switch, with these layers after Ethernet. */
export const arriving = (...layers: Layer[]) =>
  packet(ether({ dst: SWITCH_MAC, src: CLIENT_MAC }), ...layers);

/** The same layers as they leave towards next hop `id`. */
export const leaving = (id: number, ...layers: Layer[]) =>
  packet(ether({ dst: hostMac(id), src: SWITCH_MAC }), ...layers);
