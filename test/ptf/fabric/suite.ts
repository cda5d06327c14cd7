/**
 * p4/v1model/main.p4 as a PTF suite target: its P4Info, the embedded switch's `fabric` model,
 * and on bmv2 the JSON p4c made of it (P4_BMV2_JSON, `npm run p4:compile`). The lab around the
 * switch: four front-panel ports, the switch's MAC and the neighbours' MACs, one next hop per
 * port (ids 1..4 behind ports[0..3]).
 */
import { FABRIC_P4INFO, fabric } from '../../../softswitch/pipelines/fabric';
import type { SuiteOptions } from '../harness';
import { describe as describePacket } from '../packets';
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
