/**
 * A static route on one switch: a prefix (IPv6 or IPv4) leaves on a port, towards the
 * neighbour of that port's link (routing.v6 / routing.v4 -> routing.next_hops).
 *
 *   Route.create({ switch: 's1', prefix: '2001:db8:2::/48', port: 2 })
 */
import { type IpPrefix, formatPrefix, parsePrefix } from './address';
import { name, record, uint } from './check';
import { joinPath } from './errors';

/** What Route.create takes. */
export interface RouteInput {
  readonly switch: string;
  readonly prefix: string;
  readonly port: number;
}

/** A route (immutable; `create` validates every field). */
export class Route {
  /** The switch that holds the route. */
  readonly switch: string;

  private constructor(
    switchName: string,
    readonly prefix: IpPrefix,
    /** The local port it leaves on; the link on it gives the neighbour's MAC. */
    readonly port: number,
  ) {
    this.switch = switchName;
    Object.freeze(this);
  }

  /** Validates `input` (paths start at `path`, e.g. 'routes[4]') and builds the route. */
  static create(input: unknown, path = 'route'): Route {
    const r = record(input, path);
    return new Route(
      name(r.switch, joinPath(path, 'switch')),
      parsePrefix(r.prefix, joinPath(path, 'prefix')),
      uint(r.port, joinPath(path, 'port'), 9),
    );
  }

  /** A copy with some fields changed, validated again (paths start at `path`). */
  with(changes: Partial<RouteInput>, path = 'route'): Route {
    return Route.create({ ...this.toInput(), ...changes }, path);
  }

  /** The data this route was made from. */
  toInput(): RouteInput {
    return { switch: this.switch, prefix: formatPrefix(this.prefix), port: this.port };
  }
}
