/**
 * Which target the suite runs on, from the environment:
 *
 *   P4_TARGET            embedded (default) | bmv2 | tofino
 *   P4RUNTIME_ADDR       bmv2's / Tofino's P4Runtime address (default 127.0.0.1:9559)
 *   P4RUNTIME_DEVICE_ID  bmv2's / Tofino's device id (default 1)
 *   P4_BMV2_JSON         the bmv2 JSON pushed with the P4Info (bmv2 only)
 *   P4_TOFINO_OUT        tofino: bf-p4c's output directory (bfrt.json, p4info.txt,
 *                        pipe/tofino.bin, pipe/context.json); its P4Info is pushed
 *   P4_TOFINO_SERVER     tofino: tofino-sde (default, bf_switchd) | stratum-tofino
 *   P4_TOFINO_PIPES      tofino: the pipes of the pipeline, `0,1,2,3` (default)
 *   P4_PORT_MAP          front-panel ports: `1=veth1,2=veth3` (bmv2, tofino: required;
 *                        embedded: the port numbers are used, the interface names ignored)
 *   P4_PYTHON            command running the packet helper (default /usr/bin/python3, where
 *                        Debian's python3-scapy is installed; may carry arguments)
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deviceConfigFor } from '../../../p4runtime/device-config';

export type TargetKind = 'embedded' | 'bmv2' | 'tofino';

/** Where bmv2 is and how its ports are reached. */
export interface Bmv2Settings {
  address: string;
  deviceId: bigint;
  /** Port number -> Linux interface (the test side of a veth pair). */
  portMap: ReadonlyMap<number, string>;
  /** The helper command, program first. */
  python: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** The target named by P4_TARGET (default embedded); throws on any other value. */
export function targetKind(env: Env = process.env): TargetKind {
  const v = (env.P4_TARGET ?? '').trim() || 'embedded';
  if (v !== 'embedded' && v !== 'bmv2' && v !== 'tofino') {
    throw new Error(`P4_TARGET: '${v}' is not a target (expected 'embedded', 'bmv2' or 'tofino')`);
  }
  return v;
}

/**
 * A port map `1=veth1,2=veth3` as port -> interface. Ports are v1model port numbers (0..511);
 * each port and each interface may appear once.
 */
export function parsePortMap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const ifaces = new Set<string>();
  for (const part of text.split(',').map((s) => s.trim())) {
    if (part === '') continue;
    const m = /^(\d+)=([A-Za-z0-9_.:@-]{1,15})$/.exec(part);
    if (!m) {
      throw new Error(
        `P4_PORT_MAP: '${part}' is not <port>=<interface> (e.g. 1=veth1; names of 15 characters at most)`,
      );
    }
    const port = Number(m[1]);
    if (port > 511) throw new Error(`P4_PORT_MAP: port ${port} does not fit in bit<9>`);
    if (map.has(port)) throw new Error(`P4_PORT_MAP: port ${port} is given twice`);
    if (ifaces.has(m[2])) throw new Error(`P4_PORT_MAP: interface '${m[2]}' is given twice`);
    map.set(port, m[2]);
    ifaces.add(m[2]);
  }
  if (map.size === 0) throw new Error(`P4_PORT_MAP: no ports in '${text}'`);
  return map;
}

/** The front-panel ports P4_PORT_MAP names, or undefined when it is unset. */
export function portsFromEnv(env: Env = process.env): number[] | undefined {
  const text = env.P4_PORT_MAP?.trim();
  return text ? [...parsePortMap(text).keys()].sort((a, b) => a - b) : undefined;
}

/** bmv2's (or Tofino's) address, device id, port map and helper command from the environment. */
export function bmv2Settings(env: Env = process.env): Bmv2Settings {
  const map = env.P4_PORT_MAP?.trim();
  if (!map) {
    throw new Error(
      'P4_PORT_MAP is required with P4_TARGET=bmv2 or tofino: e.g. 1=veth1,2=veth3 (the test side of each veth pair)',
    );
  }
  const id = (env.P4RUNTIME_DEVICE_ID ?? '').trim() || '1';
  if (!/^\d+$/.test(id) || BigInt(id) === 0n) {
    throw new Error(`P4RUNTIME_DEVICE_ID: '${id}' is not a device id (expected an integer > 0)`);
  }
  const python = (env.P4_PYTHON ?? '').trim();
  return {
    address: (env.P4RUNTIME_ADDR ?? '').trim() || '127.0.0.1:9559',
    deviceId: BigInt(id),
    portMap: parsePortMap(map),
    python: python
      ? python.split(/\s+/)
      : [existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'],
  };
}

/** The bmv2 JSON path: the option, else P4_BMV2_JSON; throws when neither names a file. */
export function bmv2JsonPath(option: string | undefined, env: Env = process.env): string {
  const path = option ?? env.P4_BMV2_JSON?.trim();
  if (!path) {
    throw new Error(
      'P4_BMV2_JSON is required with P4_TARGET=bmv2: the JSON p4c-bm2-ss wrote (e.g. build/p4/main.json)',
    );
  }
  if (!existsSync(path)) throw new Error(`P4_BMV2_JSON: no file at '${path}' (compile first)`);
  return path;
}

/** What the tofino target pushes: bf-p4c's P4Info and the device config for the server. */
export interface TofinoPipeline {
  readonly p4info: string;
  readonly deviceConfig: Uint8Array;
}

/**
 * The pipeline of P4_TOFINO_OUT (bf-p4c's `-o` directory, the program named after it) in the
 * layout P4_TOFINO_SERVER reads (docs/tofino.md); throws naming the variable or file missing.
 */
export function tofinoPipeline(env: Env = process.env): TofinoPipeline {
  const out = env.P4_TOFINO_OUT?.trim();
  if (!out) {
    throw new Error(
      "P4_TOFINO_OUT is required with P4_TARGET=tofino: bf-p4c's output directory (e.g. build/tna/ssa_fabric)",
    );
  }
  const server = (env.P4_TOFINO_SERVER ?? '').trim() || 'tofino-sde';
  if (server !== 'tofino-sde' && server !== 'stratum-tofino') {
    throw new Error(
      `P4_TOFINO_SERVER: '${server}' is not a Tofino P4Runtime server (expected 'tofino-sde' or 'stratum-tofino')`,
    );
  }
  const pipes = ((env.P4_TOFINO_PIPES ?? '').trim() || '0,1,2,3').split(',').map((p) => p.trim());
  if (pipes.some((p) => !/^[0-3]$/.test(p))) {
    throw new Error(`P4_TOFINO_PIPES: '${env.P4_TOFINO_PIPES}' is not a list of pipes 0..3`);
  }
  const file = (rel: string) => {
    const path = join(out, rel);
    if (!existsSync(path)) {
      throw new Error(`P4_TOFINO_OUT: no ${rel} in '${out}' (compile with bf-p4c first)`);
    }
    return path;
  };
  const p4info = file('p4info.txt');
  const tofino = {
    programName: basename(out),
    binary: readFileSync(file('pipe/tofino.bin')),
    context: readFileSync(file('pipe/context.json')),
    bfrt: server === 'stratum-tofino' ? readFileSync(file('bfrt.json')) : undefined,
    pipeScope: pipes.map(Number),
  };
  return { p4info, deviceConfig: deviceConfigFor(server, { tofino }) };
}
