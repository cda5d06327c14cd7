/**
 * Commands as pure functions: (state, command) -> next state, validated in full by the domain,
 * slice maps planned again for the services the change touches (the planner's
 * withPlannedSlices). No I/O: CommandService stores the result in one transaction.
 */
import {
  DomainError,
  type DomainState,
  type DomainStatePatch,
  Instance,
  Mslb,
  Route,
  Service,
  Switch,
  canonicalName,
  formatPrefix,
  parsePrefix,
} from '../domain';
import { COMMAND_TYPES, type Command, CommandRefusedError } from './command';
import { type Replanned, withPlannedSlices } from '../planner';

/**
 * Applies `command` to `state`: the next state (version + 1) with the plans of the slice maps
 * it planned again, or CommandRefusedError naming the field.
 */
export function applyCommand(state: DomainState, command: Command): Replanned {
  const type = commandType(command);
  try {
    return apply(state, command, type, (patch, placed) => nextState(state, patch, placed));
  } catch (e) {
    if (e instanceof DomainError) throw new CommandRefusedError(type, e.field, e.value, e.expected);
    throw e;
  }
}

function commandType(command: unknown): Command['type'] {
  const type = (command as { type?: unknown } | null)?.type;
  if (typeof command !== 'object' || command === null || !COMMAND_TYPES.includes(type as never)) {
    throw new CommandRefusedError(
      '(command)',
      'type',
      type,
      `one of ${COMMAND_TYPES.map((t) => `'${t}'`).join(', ')}`,
    );
  }
  return type as Command['type'];
}

function apply(
  state: DomainState,
  c: Command,
  type: Command['type'],
  next: (patch: DomainStatePatch, placed?: Placement) => Replanned,
): Replanned {
  const replaceInstances = (changed: ReadonlyMap<string, Instance>) =>
    next({ instances: state.instances.map((x) => changed.get(x.id) ?? x) });
  switch (c.type) {
    case 'create-service': {
      const service = Service.create(c.service, 'service');
      if (state.service(service.name) !== undefined) {
        throw new DomainError('service.name', service.name, 'a name no service has yet');
      }
      const services = [...state.services, service];
      return next({ services }, { list: 'services', at: services.length - 1, as: 'service' });
    }
    case 'update-service': {
      const old = existingService(state, c.name, 'name');
      const changes = object(c.changes, 'changes');
      if (changes.name !== undefined && canonicalName(changes.name, 'changes.name') !== old.name) {
        throw new DomainError(
          'changes.name',
          changes.name,
          `'${old.name}' (a service is never renamed)`,
        );
      }
      const service = Service.create({ ...old.toInput(), ...changes }, 'changes');
      const at = state.services.indexOf(old);
      const services = state.services.map((s, i) => (i === at ? service : s));
      return next({ services }, { list: 'services', at, as: 'changes' });
    }
    case 'delete-service': {
      const old = existingService(state, c.name, 'name');
      return next({
        services: state.services.filter((s) => s !== old),
        instances: state.instances.filter((x) => x.service !== old.name),
      });
    }
    case 'add-instance': {
      const instance = Instance.create(c.instance, 'instance');
      const taken = state.instance(instance.id);
      if (taken !== undefined) {
        throw new DomainError(
          'instance.id',
          instance.id,
          `an id not taken (an instance of '${taken.service}' has it)`,
        );
      }
      existingService(state, instance.service, 'instance.service');
      const instances = [...state.instances, instance];
      return next({ instances }, { list: 'instances', at: instances.length - 1, as: 'instance' });
    }
    case 'remove-instance': {
      const old = existingInstance(state, c.id, 'id');
      return next({ instances: state.instances.filter((x) => x !== old) });
    }
    case 'drain-instance': {
      const old = existingInstance(state, c.id, 'id');
      return replaceInstances(new Map([[old.id, old.with({ state: 'draining' }, 'id')]]));
    }
    case 'set-weights': {
      const weights = object(c.weights ?? {}, 'weights');
      const metrics = object(c.metrics ?? {}, 'metrics');
      if (Object.keys(weights).length + Object.keys(metrics).length === 0) {
        throw new DomainError(
          'weights',
          c.weights,
          'at least one instance id with a weight or a metric',
        );
      }
      const changed = new Map<string, Instance>();
      for (const [field, values] of [
        ['weights', weights],
        ['metrics', metrics],
      ] as const) {
        for (const [id, value] of Object.entries(values)) {
          const path = `${field}.${id}`;
          const current = changed.get(id) ?? existingInstance(state, id, path);
          const key = field === 'weights' ? 'weight' : 'metric';
          try {
            changed.set(id, current.with({ [key]: value }, 'instance'));
          } catch (e) {
            if (e instanceof DomainError && e.field === `instance.${key}`) {
              throw new DomainError(path, value, e.expected);
            }
            throw e;
          }
        }
      }
      return replaceInstances(changed);
    }
    case 'set-instances': {
      const service = existingService(state, c.service, 'service');
      if (!Array.isArray(c.instances)) {
        throw new DomainError('instances', c.instances, 'an array of instances');
      }
      const given = c.instances.map((v: unknown, i) => {
        const path = `instances[${i}]`;
        const x = Instance.create(v, path);
        if (x.service !== service.name) {
          throw new DomainError(
            `${path}.service`,
            x.service,
            `'${service.name}' (the service being set)`,
          );
        }
        const other = state.instance(x.id);
        if (other !== undefined && other.service !== service.name) {
          throw new DomainError(
            `${path}.id`,
            x.id,
            `an id not taken (an instance of '${other.service}' has it)`,
          );
        }
        return x;
      });
      const kept = state.instances.filter((x) => x.service !== service.name);
      return next(
        { instances: [...kept, ...given] },
        { list: 'instances', at: kept.length, as: 'instances', many: true },
      );
    }
    case 'put-mslb': {
      const mslb = Mslb.create(c.mslb, 'mslb');
      const others = state.mslbs.filter((m) => m.name !== mslb.name);
      return next({ mslbs: [...others, mslb] }, { list: 'mslbs', at: others.length, as: 'mslb' });
    }
    case 'delete-mslb': {
      const old = state.mslb(requiredText(c.name, 'name'));
      if (old === undefined) throw new DomainError('name', c.name, 'the name of an MSLB service');
      return next({ mslbs: state.mslbs.filter((m) => m !== old) });
    }
    case 'put-route': {
      const route = Route.create(c.route, 'route');
      const key = routeKey(route.switch, formatPrefix(route.prefix));
      const others = state.routes.filter((r) => routeKey(r.switch, formatPrefix(r.prefix)) !== key);
      return next(
        { routes: [...others, route] },
        { list: 'routes', at: others.length, as: 'route' },
      );
    }
    case 'delete-route': {
      const sw = requiredText(c.switch, 'switch');
      const prefix = formatPrefix(parsePrefix(c.prefix, 'prefix'));
      const routes = state.routes.filter(
        (r) => routeKey(r.switch, formatPrefix(r.prefix)) !== routeKey(sw, prefix),
      );
      if (routes.length === state.routes.length) {
        throw new DomainError('prefix', c.prefix, `a prefix routed on switch '${sw}'`);
      }
      return next({ routes });
    }
    case 'register-switch': {
      const sw = Switch.create(c.switch, 'switch');
      const at = state.switches.findIndex((s) => s.name === sw.name);
      const switches =
        at < 0 ? [...state.switches, sw] : state.switches.map((s, i) => (i === at ? sw : s));
      return next(
        { switches },
        { list: 'switches', at: at < 0 ? switches.length - 1 : at, as: 'switch' },
      );
    }
    case 'deregister-switch': {
      const name = requiredText(c.name, 'name');
      if (state.switch(name) === undefined)
        throw new DomainError('name', name, 'the name of a switch');
      const user = referenceTo(state, name);
      if (user !== undefined) {
        throw new DomainError('name', name, `a switch nothing refers to (${user} refers to it)`);
      }
      return next({ switches: state.switches.filter((s) => s.name !== name) });
    }
    default:
      throw new DomainError('type', type, 'a known command');
  }
}

/** Where the command's own value sits in a list of the patch, to name its fields. */
interface Placement {
  readonly list: string;
  readonly at: number;
  readonly as: string;
  /** The command gave a list placed from `at` on (`instances[i]`), not one value. */
  readonly many?: boolean;
}

/**
 * The next state: the patch validated, then the slice maps of the services it touches planned
 * again. A cross-reference error on the command's own value is
 * renamed from its place in the state (`instances[7].attachments[0].port`) to its place in
 * the command (`instance.attachments[0].port`).
 */
function nextState(state: DomainState, patch: DomainStatePatch, placed?: Placement): Replanned {
  try {
    return withPlannedSlices(state, patch);
  } catch (e) {
    if (!(e instanceof DomainError) || placed === undefined) throw e;
    const m = new RegExp(`^${placed.list}\\[(\\d+)\\](.*)$`).exec(e.field);
    if (m === null) throw e;
    const i = Number(m[1]);
    if (placed.many && i >= placed.at) {
      throw new DomainError(`${placed.as}[${i - placed.at}]${m[2]}`, e.value, e.expected);
    }
    if (!placed.many && i === placed.at)
      throw new DomainError(`${placed.as}${m[2]}`, e.value, e.expected);
    throw e;
  }
}

/** Something that still names switch `name`, described for the refusal; or undefined. */
function referenceTo(state: DomainState, name: string): string | undefined {
  for (const s of state.switches) {
    const link = s.links.find((l) => l.peer.kind === 'switch' && l.peer.name === name);
    if (s.name !== name && link !== undefined) return `switch '${s.name}' port ${link.port}`;
  }
  for (const x of state.instances) {
    if (x.attachments.some((a) => a.switch === name)) return `instance '${x.id}'`;
  }
  for (const r of state.routes) {
    if (r.switch === name) return `route '${formatPrefix(r.prefix)}'`;
  }
  for (const m of state.mslbs) {
    const names = [
      ...m.frontends,
      ...m.bSet.map((b) => b.switch),
      ...m.returnPaths.map((e) => e.switch),
    ];
    if (names.includes(name)) return `MSLB service '${m.name}'`;
  }
  return undefined;
}

function existingService(state: DomainState, name: unknown, path: string): Service {
  const service = state.service(requiredText(name, path));
  if (service === undefined) throw new DomainError(path, name, 'the name of a service');
  return service;
}

function existingInstance(state: DomainState, id: unknown, path: string): Instance {
  const instance = state.instance(requiredText(id, path));
  if (instance === undefined) throw new DomainError(path, id, 'the id of an instance');
  return instance;
}

function requiredText(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '')
    throw new DomainError(path, value, 'a non-empty string');
  return value;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError(path, value, 'an object');
  }
  return value as Record<string, unknown>;
}

function routeKey(sw: string, prefix: string): string {
  return `${sw} ${prefix}`;
}
