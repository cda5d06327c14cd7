/**
 * A switch of the fabric: how to reach it over P4Runtime, which roles it plays, its own
 * addresses, its ports and its neighbours on them.
 *
 *   Switch.create({ name: 's1', deviceId: 1, address: '127.0.0.1:9559', target: 'embedded',
 *     roles: ['ssa', 'router'], ports: [{ port: 1, mac: '02:00:00:00:01:01' }],
 *     links: [{ port: 1, peer: { kind: 'switch', name: 's2', port: 1 }, peerMac: '02:00:00:00:02:01' }] });
 */
import { type IpAddress, addressKey, formatAddress, parseAddress, parseMac } from './address';
import { int, list, name, oneOf, record, text, uint, unique } from './check';
import { DomainError, joinPath } from './errors';

export const TARGETS = ['embedded', 'bmv2', 'tofino-sde', 'stratum-tofino'] as const;
export type Target = (typeof TARGETS)[number];

/** What a switch does: SAR (wire §1), SSA edge (wire §2), MSLB-F / MSLB-B (wire §4), routing. */
export const ROLES = ['sar', 'ssa', 'mslb-f', 'mslb-b', 'router'] as const;
export type Role = (typeof ROLES)[number];

/** Ports are bit<9> (standard_metadata); 510 is the default CPU port of the P4 build. */
export const DEFAULT_CPU_PORT = 510;

/** A front-panel port and this switch's MAC on it (the smac of routing.set_output). */
export interface Port {
  readonly port: number;
  readonly mac: string;
}

/** Who is at the other end of a link. */
export type Peer =
  | { readonly kind: 'switch'; readonly name: string; readonly port: number }
  | { readonly kind: 'host'; readonly name: string };

/** A link from a local port to a neighbour, with the neighbour's MAC (the dmac). */
export interface Link {
  readonly port: number;
  readonly peer: Peer;
  readonly peerMac: string;
}

/** Tunnel source addresses per family (MSLB outer headers, wire §4). */
export interface TunnelAddresses {
  readonly v4?: IpAddress;
  readonly v6?: IpAddress;
}

/** What Switch.create takes. */
export interface SwitchInput {
  readonly name: string;
  readonly deviceId: number;
  readonly address: string;
  readonly target: Target;
  readonly roles: readonly Role[];
  readonly sarAddresses?: readonly string[];
  readonly tunnel?: { readonly v4?: string; readonly v6?: string };
  readonly ports?: readonly Port[];
  readonly links?: readonly { port: number; peer: Peer; peerMac: string }[];
  readonly cpuPort?: number;
}

/** host:port, [v6]:port or unix:/path, as @grpc/grpc-js takes it. */
const GRPC_ADDRESS = /^(unix:\/.+|\[[0-9a-fA-F:.]+\]:\d{1,5}|[A-Za-z0-9.-]+:\d{1,5})$/;

function peerOf(value: unknown, path: string): Peer {
  const r = record(value, path);
  const kind = oneOf(r.kind, joinPath(path, 'kind'), ['switch', 'host'] as const);
  const n = name(r.name, joinPath(path, 'name'));
  return kind === 'switch'
    ? Object.freeze({ kind, name: n, port: uint(r.port, joinPath(path, 'port'), 9) })
    : Object.freeze({ kind, name: n });
}

/** A switch (immutable; `create` validates every field). */
export class Switch {
  private constructor(
    readonly name: string,
    /** P4Runtime device_id (a safe integer here). */
    readonly deviceId: number,
    /** P4Runtime server address, e.g. '127.0.0.1:9559'. */
    readonly address: string,
    readonly target: Target,
    readonly roles: readonly Role[],
    /** Addresses of the SAR (sar.addresses), required with the 'sar' role. */
    readonly sarAddresses: readonly IpAddress[],
    readonly tunnel: TunnelAddresses,
    readonly ports: readonly Port[],
    readonly links: readonly Link[],
    readonly cpuPort: number,
  ) {
    Object.freeze(this);
  }

  /** Validates `input` (paths start at `path`, e.g. 'switches[0]') and builds the switch. */
  static create(input: unknown, path = 'switch'): Switch {
    const r = record(input, path);
    const at = (k: string) => joinPath(path, k);
    const roles = list(r.roles, at('roles'), (v, p) => oneOf(v, p, ROLES), {
      min: 1,
      max: ROLES.length,
    });
    unique(roles, at('roles'), (x) => x, 'a role');
    const sarAddresses = list(
      r.sarAddresses ?? [],
      at('sarAddresses'),
      (v, p) => parseAddress(v, p, 6),
      {
        max: 64, // SAR_ADDRESSES_TABLE_SIZE
      },
    );
    unique(sarAddresses, at('sarAddresses'), addressKey, 'an address');
    if (roles.includes('sar') && sarAddresses.length === 0) {
      throw new DomainError(at('sarAddresses'), [], "at least one IPv6 address for the 'sar' role");
    }
    const t = record(r.tunnel ?? {}, at('tunnel'));
    const tunnel = Object.freeze({
      ...(t.v4 !== undefined ? { v4: parseAddress(t.v4, joinPath(at('tunnel'), 'v4'), 4) } : {}),
      ...(t.v6 !== undefined ? { v6: parseAddress(t.v6, joinPath(at('tunnel'), 'v6'), 6) } : {}),
    });
    const cpuPort = uint(r.cpuPort ?? DEFAULT_CPU_PORT, at('cpuPort'), 9);
    const ports = list(r.ports ?? [], at('ports'), (v, p) => {
      const pr = record(v, p);
      const port = uint(pr.port, joinPath(p, 'port'), 9);
      if (port === cpuPort)
        throw new DomainError(
          joinPath(p, 'port'),
          port,
          `a port other than the CPU port ${cpuPort}`,
        );
      return Object.freeze({ port, mac: parseMac(pr.mac, joinPath(p, 'mac')) });
    });
    unique(ports, at('ports'), (p) => String(p.port), 'a port number', 'port');
    const links = list(r.links ?? [], at('links'), (v, p) => {
      const lr = record(v, p);
      const port = uint(lr.port, joinPath(p, 'port'), 9);
      if (!ports.some((x) => x.port === port)) {
        throw new DomainError(
          joinPath(p, 'port'),
          port,
          `one of this switch's ports [${ports.map((x) => x.port).join(', ')}]`,
        );
      }
      return Object.freeze({
        port,
        peer: peerOf(lr.peer, joinPath(p, 'peer')),
        peerMac: parseMac(lr.peerMac, joinPath(p, 'peerMac')),
      });
    });
    unique(links, at('links'), (l) => String(l.port), 'a port with one link', 'port');
    return new Switch(
      name(r.name, at('name')),
      int(r.deviceId, at('deviceId'), 0, Number.MAX_SAFE_INTEGER),
      text(
        r.address,
        at('address'),
        GRPC_ADDRESS,
        "a gRPC address 'host:port', '[v6]:port' or 'unix:/path'",
      ),
      oneOf(r.target, at('target'), TARGETS),
      roles,
      sarAddresses,
      tunnel,
      ports,
      links,
      cpuPort,
    );
  }

  /** True if the switch plays `role`. */
  has(role: Role): boolean {
    return this.roles.includes(role);
  }

  /** The port entry of `port`, if the switch has it. */
  port(port: number): Port | undefined {
    return this.ports.find((p) => p.port === port);
  }

  /** The link on local port `port`, if any. */
  linkOn(port: number): Link | undefined {
    return this.links.find((l) => l.port === port);
  }

  /** A copy with some fields changed, validated again (paths start at `path`). */
  with(changes: Partial<SwitchInput>, path = 'switch'): Switch {
    return Switch.create({ ...this.toInput(), ...changes }, path);
  }

  /** The data this switch was made from. */
  toInput(): SwitchInput {
    return {
      name: this.name,
      deviceId: this.deviceId,
      address: this.address,
      target: this.target,
      roles: this.roles,
      sarAddresses: this.sarAddresses.map(formatAddress),
      tunnel: {
        ...(this.tunnel.v4 ? { v4: formatAddress(this.tunnel.v4) } : {}),
        ...(this.tunnel.v6 ? { v6: formatAddress(this.tunnel.v6) } : {}),
      },
      ports: this.ports,
      links: this.links,
      cpuPort: this.cpuPort,
    };
  }
}

/** Accepts a port number only if `sw` has it (for attachments and routes). */
export function checkPortOf(sw: Switch, port: number, path: string): void {
  if (sw.port(port) === undefined) {
    throw new DomainError(
      path,
      port,
      `a port of switch '${sw.name}' [${sw.ports.map((p) => p.port).join(', ')}]`,
    );
  }
}
