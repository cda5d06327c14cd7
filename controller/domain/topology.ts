/**
 * The topology as a whole: switches, their links, and the routes on them, checked against
 * each other (a link names an existing switch and port, a route leaves on a linked port).
 */
import { addressKey } from './address';
import { unique } from './check';
import { DomainError, joinPath } from './errors';
import { Route } from './route';
import { Switch } from './switch';

/** Builds each item with `create` from plain input, or keeps it if it is already built. */
export function build<T>(
  items: unknown,
  path: string,
  create: (v: unknown, p: string) => T,
  built: (v: unknown) => v is T,
): readonly T[] {
  if (items === undefined) return Object.freeze([]);
  if (!Array.isArray(items)) throw new DomainError(path, items, 'an array');
  return Object.freeze(items.map((v: unknown, i) => (built(v) ? v : create(v, joinPath(path, i)))));
}

/** Switches and routes, validated together (immutable). */
export class Topology {
  private readonly byName: ReadonlyMap<string, Switch>;

  private constructor(
    readonly switches: readonly Switch[],
    readonly routes: readonly Route[],
  ) {
    this.byName = new Map(switches.map((s) => [s.name, s]));
    Object.freeze(this);
  }

  /** Validates switches and routes (paths 'switches[i]', 'routes[j]') and their references. */
  static create(input: { switches?: unknown; routes?: unknown }): Topology {
    const switches = build(
      input.switches,
      'switches',
      Switch.create,
      (v): v is Switch => v instanceof Switch,
    );
    unique(switches, 'switches', (s) => s.name, 'a name', 'name');
    unique(
      switches,
      'switches',
      (s) => `${s.address} device ${s.deviceId}`,
      'a (P4Runtime address, device id) pair',
      'deviceId',
    );
    const byName = new Map(switches.map((s) => [s.name, s]));
    switches.forEach((s, i) =>
      s.links.forEach((l, j) => {
        if (l.peer.kind !== 'switch') return;
        const at = joinPath(joinPath(joinPath(joinPath('switches', i), 'links'), j), 'peer');
        const peer = byName.get(l.peer.name);
        if (peer === undefined)
          throw new DomainError(
            joinPath(at, 'name'),
            l.peer.name,
            'the name of a switch of the topology',
          );
        if (peer.port(l.peer.port) === undefined) {
          throw new DomainError(
            joinPath(at, 'port'),
            l.peer.port,
            `a port of switch '${peer.name}'`,
          );
        }
      }),
    );
    const routes = build(
      input.routes,
      'routes',
      Route.create,
      (v): v is Route => v instanceof Route,
    );
    routes.forEach((r, i) => {
      const sw = byName.get(r.switch);
      if (sw === undefined)
        throw new DomainError(
          joinPath(joinPath('routes', i), 'switch'),
          r.switch,
          'the name of a switch of the topology',
        );
      if (sw.linkOn(r.port) === undefined) {
        throw new DomainError(
          joinPath(joinPath('routes', i), 'port'),
          r.port,
          `a port of switch '${sw.name}' with a link [${sw.links.map((l) => l.port).join(', ')}]`,
        );
      }
    });
    unique(
      routes,
      'routes',
      (r) => `${r.switch} ${addressKey(r.prefix)}`,
      'a (switch, prefix) pair',
      'prefix',
    );
    return new Topology(switches, routes);
  }

  /** The switch named `name`, if any. */
  switch(name: string): Switch | undefined {
    return this.byName.get(name);
  }

  /** The routes held by switch `name`. */
  routesOf(name: string): readonly Route[] {
    return this.routes.filter((r) => r.switch === name);
  }
}
