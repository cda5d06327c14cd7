/**
 * Domain values to table rows and back. The domain never sees these rows: a row keeps the
 * value's key columns (what constraints and queries need) and its full definition as the
 * domain itself gives it (`toInput()`, as JSON with sorted keys, so equal values give equal
 * bytes); reading back goes through the domain's own validating constructors.
 */
import {
  DomainState,
  Instance,
  Mslb,
  Route,
  Service,
  SliceMap,
  Switch,
  formatPrefix,
} from '../domain';

/** One table's rows by primary key; `spec` or the slice map columns say the rest. */
export interface ServiceRow {
  readonly name: string;
  readonly tableIndex: number;
  readonly spec: string;
}
export interface InstanceRow {
  readonly id: string;
  readonly service: string;
  readonly spec: string;
}
export interface SwitchRow {
  readonly name: string;
  readonly spec: string;
}
export interface MslbRow {
  readonly name: string;
  readonly spec: string;
}
export interface RouteRow {
  readonly key: string;
  readonly spec: string;
}
export interface SliceMapRow {
  readonly service: string;
  readonly sliceBits: number;
  /** JSON array of the holder ids, in ordinal order. */
  readonly owners: string;
  /** One little-endian Uint32 ordinal per slice. */
  readonly ordinals: Buffer;
}

/** Every row of a domain state, table by table. */
export interface DomainRows {
  readonly switches: readonly SwitchRow[];
  readonly services: readonly ServiceRow[];
  readonly instances: readonly InstanceRow[];
  readonly mslbs: readonly MslbRow[];
  readonly routes: readonly RouteRow[];
  readonly sliceMaps: readonly SliceMapRow[];
}

/** JSON with object keys sorted: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** The primary key of a route row: its switch and its prefix in canonical text. */
export function routeKey(route: Route): string {
  return `${route.switch} ${formatPrefix(route.prefix)}`;
}

/** Ordinals as bytes: 4 per slice, little-endian whatever the host. */
export function encodeOrdinals(ordinals: Uint32Array): Buffer {
  const out = Buffer.allocUnsafe(ordinals.length * 4);
  for (let i = 0; i < ordinals.length; i++) out.writeUInt32LE(ordinals[i]!, i * 4);
  return out;
}

/** Bytes back to ordinals; refuses a length that is not a multiple of 4. */
export function decodeOrdinals(bytes: Uint8Array, service: string): Uint32Array {
  if (bytes.length % 4 !== 0) {
    throw new Error(
      `slice_map '${service}': ${bytes.length} bytes of ordinals, not a multiple of 4`,
    );
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}

/** The rows that store `state`. */
export function toRows(state: DomainState): DomainRows {
  return {
    switches: state.switches.map((s: Switch) => ({
      name: s.name,
      spec: canonicalJson(s.toInput()),
    })),
    services: state.services.map((s: Service) => ({
      name: s.name,
      tableIndex: s.index,
      spec: canonicalJson(s.toInput()),
    })),
    instances: state.instances.map((x: Instance) => ({
      id: x.id,
      service: x.service,
      spec: canonicalJson(x.toInput()),
    })),
    mslbs: state.mslbs.map((m: Mslb) => ({ name: m.name, spec: canonicalJson(m.toInput()) })),
    routes: state.routes.map((r: Route) => ({
      key: routeKey(r),
      spec: canonicalJson(r.toInput()),
    })),
    sliceMaps: state.sliceMaps.map((m: SliceMap) => ({
      service: m.service,
      sliceBits: m.sliceBits,
      owners: JSON.stringify(m.holders),
      ordinals: encodeOrdinals(m.ordinals()),
    })),
  };
}

/**
 * The domain state stored in `rows` at `version`, validated by the domain as any input is
 * (a row the domain refuses names its table and key in the error).
 */
export function toState(version: number, rows: DomainRows): DomainState {
  const spec = (table: string, key: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${table} '${key}': spec is not JSON`);
    }
  };
  return DomainState.create({
    version,
    switches: rows.switches.map((r) =>
      Switch.create(spec('switch', r.name, r.spec), `switch '${r.name}'`),
    ),
    services: rows.services.map((r) =>
      Service.create(spec('service', r.name, r.spec), `service '${r.name}'`),
    ),
    instances: rows.instances.map((r) =>
      Instance.create(spec('instance', r.id, r.spec), `instance '${r.id}'`),
    ),
    mslbs: rows.mslbs.map((r) => Mslb.create(spec('mslb', r.name, r.spec), `mslb '${r.name}'`)),
    routes: rows.routes.map((r) => Route.create(spec('route', r.key, r.spec), `route '${r.key}'`)),
    sliceMaps: rows.sliceMaps.map((r) =>
      SliceMap.adopt(
        r.service,
        r.sliceBits,
        JSON.parse(r.owners) as string[],
        decodeOrdinals(r.ordinals, r.service),
        `slice_map '${r.service}'`,
      ),
    ),
  });
}
