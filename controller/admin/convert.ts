/**
 * Between the admin API's messages (as proto-loader decodes them: field names as in the
 * .proto, absent optional fields undefined) and the domain's inputs. The domain validates;
 * this only renames fields and leaves out what the caller did not set, so that a refused
 * field keeps the path the domain gives it (`service.ranges[0]`).
 */
import { status } from '@grpc/grpc-js';
import type { DomainState, Instance, Mslb, Service, SliceMap, Switch } from '../domain';
import { AdminError } from './rpc-error';

type Msg = Record<string, unknown> | null | undefined;

/** Refuses a missing message field with INVALID_ARGUMENT naming it. */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === undefined || value === null || value === '') {
    throw new AdminError(status.INVALID_ARGUMENT, `${field}: missing: expected a value`, {
      field,
      description: `${field} is required`,
    });
  }
  return value;
}

/** Parses JSON given in a `spec_json` field; refuses it naming the field. */
export function parseSpec(text: unknown, field: string): Record<string, unknown> {
  required(text, field);
  try {
    const v: unknown = JSON.parse(String(text));
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      return v as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new AdminError(status.INVALID_ARGUMENT, `${field}: expected a JSON object`, {
    field,
    description: `${field} must be a JSON object (the domain's input)`,
  });
}

function pick(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null) out[key] = value;
}

/** A Service message as the domain's ServiceInput (only the fields set). */
export function serviceInput(s: Msg): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!s) return out;
  pick(out, 'name', s.name === '' ? undefined : s.name);
  pick(out, 'index', s.index);
  if (Array.isArray(s.ranges) && s.ranges.length > 0) out.ranges = s.ranges;
  const rule = s.rule as Msg;
  if (rule) {
    const r: Record<string, unknown> = { kind: rule.kind };
    pick(r, 'key', rule.key);
    pick(r, 'period', rule.period);
    out.rule = r;
  }
  pick(out, 'sliceBits', s.slice_bits);
  pick(out, 'nonConforming', s.non_conforming);
  pick(out, 'sarMode', s.sar_mode);
  pick(out, 'legacySlice', s.legacy_slice);
  return out;
}

/** An Instance message as the domain's InstanceInput (only the fields set). */
export function instanceInput(x: Msg): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!x) return out;
  pick(out, 'id', x.id === '' ? undefined : x.id);
  pick(out, 'service', x.service === '' ? undefined : x.service);
  out.locators = Array.isArray(x.locators) ? x.locators : [];
  pick(out, 'weight', x.weight);
  pick(out, 'metric', x.metric);
  pick(out, 'state', x.state);
  pick(out, 'announcementKey', x.announcement_key);
  pick(out, 'lastSequence', x.last_sequence === undefined ? undefined : Number(x.last_sequence));
  if (Array.isArray(x.attachments) && x.attachments.length > 0) out.attachments = x.attachments;
  return out;
}

/** A service as the API shows it. */
export function serviceMessage(s: Service): Record<string, unknown> {
  const i = s.toInput();
  const rule = i.rule ?? { kind: 'none' };
  return {
    name: i.name,
    index: i.index,
    ranges: i.ranges ?? [],
    rule: {
      kind: rule.kind,
      ...(rule.key !== undefined
        ? { key: typeof rule.key === 'number' ? rule.key.toString(16).padStart(8, '0') : rule.key }
        : {}),
      ...(rule.period !== undefined ? { period: rule.period } : {}),
    },
    slice_bits: i.sliceBits,
    non_conforming: i.nonConforming,
    sar_mode: i.sarMode,
    ...(i.legacySlice !== undefined ? { legacy_slice: i.legacySlice } : {}),
    id_hex: s.idHex,
  };
}

/** An instance as the API shows it: never its key, but whether it has one. */
export function instanceMessage(x: Instance, state: DomainState): Record<string, unknown> {
  const i = x.toInput();
  return {
    id: i.id,
    service: i.service,
    locators: i.locators,
    weight: i.weight,
    metric: i.metric,
    state: i.state,
    last_sequence: i.lastSequence,
    attachments: i.attachments ?? [],
    has_announcement_key: i.announcementKey !== undefined,
    slices: state.sliceMap(x.service)?.counts().get(x.id) ?? 0,
  };
}

/** A switch as the API shows it (its input as JSON). */
export function switchMessage(s: Switch): Record<string, unknown> {
  return { name: s.name, spec_json: JSON.stringify(s.toInput()) };
}

/** An MSLB service as the API shows it (its input as JSON). */
export function mslbMessage(m: Mslb): Record<string, unknown> {
  return { name: m.name, spec_json: JSON.stringify(m.toInput()) };
}

/** A slice map as runs of neighbouring slices with one holder, and counts per holder. */
export function sliceMapMessage(m: SliceMap, version: number): Record<string, unknown> {
  const e = m.encode();
  const runs: { first: number; count: number; instance: string }[] = [];
  let at = 0;
  for (let i = 0; i + 1 < e.runs.length; i += 2) {
    runs.push({ first: at, count: e.runs[i + 1], instance: e.holders[e.runs[i]] ?? '' });
    at += e.runs[i + 1];
  }
  return {
    service: m.service,
    slice_bits: m.sliceBits,
    runs,
    counts: Object.fromEntries(m.counts()),
    version,
  };
}
