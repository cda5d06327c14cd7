/**
 * The reflector pipeline as a PTF suite target, and small builders for the self-tests: a
 * port_table entry, and frames as raw bytes (the packets module is not needed here).
 */
import { TableEntry } from '../../../p4runtime/entities';
import { REFLECTOR_P4INFO, reflector } from '../../../softswitch/pipelines/reflector';
import type { SuiteOptions } from '../harness';

/**
 * The self-tests run on the embedded switch, and on bmv2 too when P4_TARGET=bmv2 comes with
 * P4_REFLECTOR_JSON, the compiled reflector.p4 (P4_BMV2_JSON names the main program's).
 */
const onBmv2 = process.env.P4_TARGET === 'bmv2' && !!process.env.P4_REFLECTOR_JSON;

/** reflector.p4 as a PTF suite target. */
export const REFLECTOR: SuiteOptions = {
  p4info: REFLECTOR_P4INFO,
  pipelines: [reflector],
  embeddedConfig: 'reflector',
  bmv2Json: process.env.P4_REFLECTOR_JSON,
  env: onBmv2 ? process.env : { ...process.env, P4_TARGET: 'embedded' },
  portsNeeded: 3,
};

/** The port_table entry that sends what arrives on `from` out of `to`. */
export function forward(from: number, to: number): TableEntry {
  return new TableEntry({
    table: 'port_table',
    match: { ingress_port: from },
    action: { name: 'to_port', params: { port: to } },
  });
}

/**
 * A 60-byte Ethernet frame (broadcast, EtherType 0x88b5 "local experimental") whose payload
 * starts with `tag`, so that frames of one test differ.
 */
export function frame(tag: number): Uint8Array {
  const f = new Uint8Array(60);
  f.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 0x01, 0x88, 0xb5]);
  f[14] = tag;
  for (let i = 15; i < f.length; i++) f[i] = i;
  return f;
}
