/**
 * DomainState: one immutable snapshot of everything the controller knows (version n), with
 * lookups, and the checks that span several values: unique names, ids and indexes, ranges
 * that do not overlap, instances of existing services attached to existing switch ports,
 * MSLB switches with the right roles, slice maps that only name instances of their service.
 *
 *   const s = DomainState.create({ version: 1, services: [...], instances: [...], switches: [...] });
 *   s.instancesOf('video.example'); const next = s.with({ instances: [...] }); // version 2
 */
import { type IpPrefix, addressKey, formatPrefix, prefixContains } from './address';
import { int, unique } from './check';
import { DomainError, joinPath } from './errors';
import { Instance } from './instance';
import { Mslb } from './mslb';
import { Route } from './route';
import { Service } from './service';
import { SliceMap, compareIds } from './slice-map';
import { Switch, type Role } from './switch';
import { Topology, build } from './topology';

/** Lookups accept a service name as users write it: any case, with or without the root dot. */
const canon = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** What DomainState.create takes: built values or their plain inputs, per list. */
export interface DomainStateInput {
  readonly version: number;
  readonly services?: readonly unknown[];
  readonly instances?: readonly unknown[];
  readonly switches?: readonly unknown[];
  readonly routes?: readonly unknown[];
  readonly mslbs?: readonly unknown[];
  /** SliceMap values or their encode() form. */
  readonly sliceMaps?: readonly unknown[];
}

/** The lists a `with` may replace. */
export type DomainStatePatch = Omit<Partial<DomainStateInput>, 'version'>;

function checkRanges(services: readonly Service[]): void {
  const all: { p: IpPrefix; at: string }[] = [];
  services.forEach((s, i) =>
    s.ranges.forEach((p, j) =>
      all.push({ p, at: joinPath(joinPath(joinPath('services', i), 'ranges'), j) }),
    ),
  );
  // Sorted by (family, value, length), two prefixes overlap only if some neighbours do.
  all.sort(
    (a, b) =>
      a.p.family - b.p.family ||
      (a.p.value < b.p.value ? -1 : a.p.value > b.p.value ? 1 : a.p.length - b.p.length),
  );
  for (let i = 1; i < all.length; i++) {
    const [a, b] = [all[i - 1], all[i]];
    if (prefixContains(a.p, b.p)) {
      throw new DomainError(
        b.at,
        formatPrefix(b.p),
        `a range apart from ${a.at} '${formatPrefix(a.p)}'`,
      );
    }
  }
}

function needRole(t: Topology, name: string, role: Role, at: string): void {
  const sw = t.switch(name);
  if (sw === undefined) throw new DomainError(at, name, 'the name of a switch of the topology');
  if (!sw.has(role))
    throw new DomainError(
      at,
      name,
      `a switch with the '${role}' role (it has ${sw.roles.join(', ')})`,
    );
}

/** The domain at one version (immutable; `create` validates every cross reference). */
export class DomainState {
  private readonly servicesByName: ReadonlyMap<string, Service>;
  private readonly servicesById: ReadonlyMap<string, Service>;
  private readonly instancesById: ReadonlyMap<string, Instance>;
  private readonly instancesByService: ReadonlyMap<string, readonly Instance[]>;
  private readonly mslbsByName: ReadonlyMap<string, Mslb>;
  private readonly mapsByService: ReadonlyMap<string, SliceMap>;

  private constructor(
    /** Increases by one with every committed change. */
    readonly version: number,
    readonly services: readonly Service[],
    /** Sorted by id. */
    readonly instances: readonly Instance[],
    readonly topology: Topology,
    readonly mslbs: readonly Mslb[],
    readonly sliceMaps: readonly SliceMap[],
  ) {
    this.servicesByName = new Map(services.map((s) => [s.name, s]));
    this.servicesById = new Map(services.map((s) => [s.idHex, s]));
    this.instancesById = new Map(instances.map((x) => [x.id, x]));
    const by = new Map<string, Instance[]>(services.map((s) => [s.name, []]));
    for (const x of instances) by.get(x.service)?.push(x);
    this.instancesByService = by;
    this.mslbsByName = new Map(mslbs.map((m) => [m.name, m]));
    this.mapsByService = new Map(sliceMaps.map((m) => [m.service, m]));
    Object.freeze(this);
  }

  /** Validates everything (each value, then every cross reference) and builds the snapshot. */
  static create(input: DomainStateInput): DomainState {
    const version = int(input.version, 'version', 0, Number.MAX_SAFE_INTEGER);
    const services = build(
      input.services,
      'services',
      Service.create,
      (v): v is Service => v instanceof Service,
    );
    unique(services, 'services', (s) => s.name, 'a name', 'name');
    unique(
      services,
      'services',
      (s) => s.idHex,
      'a service id (SHA-256 prefix of the name)',
      'name',
    );
    unique(services, 'services', (s) => String(s.index), 'an index', 'index');
    checkRanges(services);
    const names = new Set(services.map((s) => s.name));

    const topology = Topology.create({ switches: input.switches, routes: input.routes });

    const instances = build(
      input.instances,
      'instances',
      Instance.create,
      (v): v is Instance => v instanceof Instance,
    );
    unique(instances, 'instances', (x) => x.id, 'an id', 'id');
    const locatorOwner = new Map<string, string>();
    instances.forEach((x, i) => {
      const at = joinPath('instances', i);
      if (!names.has(x.service))
        throw new DomainError(joinPath(at, 'service'), x.service, 'the name of a service');
      x.attachments.forEach((a, j) => {
        const ap = joinPath(joinPath(at, 'attachments'), j);
        const sw = topology.switch(a.switch);
        if (sw === undefined)
          throw new DomainError(
            joinPath(ap, 'switch'),
            a.switch,
            'the name of a switch of the topology',
          );
        if (sw.port(a.port) === undefined)
          throw new DomainError(joinPath(ap, 'port'), a.port, `a port of switch '${sw.name}'`);
      });
      x.locators.forEach((l, j) => {
        const other = locatorOwner.get(addressKey(l));
        if (other !== undefined) {
          throw new DomainError(
            joinPath(joinPath(at, 'locators'), j),
            l,
            `an address not already a locator of instance '${other}'`,
          );
        }
        locatorOwner.set(addressKey(l), x.id);
      });
    });

    const mslbs = build(input.mslbs, 'mslbs', Mslb.create, (v): v is Mslb => v instanceof Mslb);
    unique(mslbs, 'mslbs', (m) => m.name, 'a name', 'name');
    unique(mslbs, 'mslbs', (m) => String(m.index), 'an index', 'index');
    unique(
      mslbs,
      'mslbs',
      (m) => addressKey(m.serviceAddress),
      'a service address',
      'serviceAddress',
    );
    mslbs.forEach((m, i) => {
      const at = joinPath('mslbs', i);
      m.frontends.forEach((f, j) =>
        needRole(topology, f, 'mslb-f', joinPath(joinPath(at, 'frontends'), j)),
      );
      m.bSet.forEach((b, j) =>
        needRole(
          topology,
          b.switch,
          'mslb-b',
          joinPath(joinPath(joinPath(at, 'bSet'), j), 'switch'),
        ),
      );
      m.returnPaths.forEach((e, j) =>
        needRole(
          topology,
          e.switch,
          'mslb-b',
          joinPath(joinPath(joinPath(at, 'returnPaths'), j), 'switch'),
        ),
      );
    });

    const byId = new Map(instances.map((x) => [x.id, x]));
    const byName = new Map(services.map((s) => [s.name, s]));
    const sliceMaps = build(
      input.sliceMaps,
      'sliceMaps',
      SliceMap.decode,
      (v): v is SliceMap => v instanceof SliceMap,
    );
    unique(sliceMaps, 'sliceMaps', (m) => m.service, 'one map per service', 'service');
    sliceMaps.forEach((m, i) => {
      const at = joinPath('sliceMaps', i);
      const s = byName.get(m.service);
      if (s === undefined)
        throw new DomainError(joinPath(at, 'service'), m.service, 'the name of a service');
      if (m.sliceBits !== s.sliceBits) {
        throw new DomainError(
          joinPath(at, 'sliceBits'),
          m.sliceBits,
          `the slice bits of service '${s.name}' (${s.sliceBits})`,
        );
      }
      m.holders.forEach((h, j) => {
        if (byId.get(h)?.service !== s.name) {
          throw new DomainError(
            joinPath(joinPath(at, 'holders'), j),
            h,
            `the id of an instance of service '${s.name}'`,
          );
        }
      });
    });
    const sorted = [...instances].sort((a, b) => compareIds(a.id, b.id));
    return new DomainState(version, services, Object.freeze(sorted), topology, mslbs, sliceMaps);
  }

  /** The next version: some lists replaced, everything validated again. */
  with(patch: DomainStatePatch): DomainState {
    return DomainState.create({
      version: this.version + 1,
      services: this.services,
      instances: this.instances,
      switches: this.topology.switches,
      routes: this.topology.routes,
      mslbs: this.mslbs,
      sliceMaps: this.sliceMaps,
      ...patch,
    });
  }

  get switches(): readonly Switch[] {
    return this.topology.switches;
  }

  get routes(): readonly Route[] {
    return this.topology.routes;
  }

  /** The service with canonical name `name` (any case, trailing dot allowed). */
  service(name: string): Service | undefined {
    return this.servicesByName.get(canon(name));
  }

  /** The service whose id (wire §1) is `idHex` (16 hex digits). */
  serviceById(idHex: string): Service | undefined {
    return this.servicesById.get(idHex.toLowerCase());
  }

  /** The instance with id `id`. */
  instance(id: string): Instance | undefined {
    return this.instancesById.get(id);
  }

  /** The instances of a service (any case, trailing dot allowed), sorted by id. */
  instancesOf(service: string): readonly Instance[] {
    return this.instancesByService.get(canon(service)) ?? [];
  }

  /** The switch named `name`. */
  switch(name: string): Switch | undefined {
    return this.topology.switch(name);
  }

  /** The MSLB service named `name`. */
  mslb(name: string): Mslb | undefined {
    return this.mslbsByName.get(name);
  }

  /** The slice map of a service (any case, trailing dot allowed), if it has one. */
  sliceMap(service: string): SliceMap | undefined {
    return this.mapsByService.get(canon(service));
  }
}
