import type { ActionProfile } from './action-profile';
import type { ActionCatalog } from './action-spec';
import { checkCounterData } from './counters';
import { fail } from './errors';
import { checkMeterConfig } from './meters';
import type { ActionRef, CounterData, MeterConfig } from './types';

/** What the checks need to know of the table. */
export interface EntryCheckContext {
  readonly where: string;
  readonly catalog: ActionCatalog;
  readonly profile: ActionProfile | undefined;
  readonly directCounter: boolean;
  readonly directMeter: boolean;
  readonly idleTimeout: boolean;
}

/**
 * Throws unless `ref` may be an entry's action in this table: direct actions only in
 * direct tables; members, groups and one-shot sets only through an existing profile
 * (NOT_FOUND for unknown members or groups).
 */
export function checkActionRef(ctx: EntryCheckContext, ref: ActionRef): void {
  const { where, profile } = ctx;
  const kind = (ref as { kind?: unknown })?.kind;
  if (kind !== 'action' && profile === undefined) {
    throw fail(
      'INVALID_ARGUMENT',
      `${where}: a direct table takes direct actions, got '${String(kind)}'`,
    );
  }
  switch (ref?.kind) {
    case 'action':
      if (profile !== undefined) {
        throw fail(
          'INVALID_ARGUMENT',
          `${where}: entries of this table refer to action profile '${profile.name}'; a direct action is not allowed`,
        );
      }
      ctx.catalog.check(ref, 'entry', where);
      return;
    case 'member':
      if (!profile!.hasMember(ref.memberId)) {
        throw fail(
          'NOT_FOUND',
          `${where}: member ${ref.memberId} of action profile '${profile!.name}' does not exist`,
        );
      }
      return;
    case 'group':
      if (!profile!.options.withSelector) {
        throw fail(
          'INVALID_ARGUMENT',
          `${where}: action profile '${profile!.name}' has no selector; groups are not allowed`,
        );
      }
      if (!profile!.hasGroup(ref.groupId)) {
        throw fail(
          'NOT_FOUND',
          `${where}: group ${ref.groupId} of action profile '${profile!.name}' does not exist`,
        );
      }
      return;
    case 'actionSet': {
      if (!profile!.options.withSelector) {
        throw fail('INVALID_ARGUMENT', `${where}: one-shot action sets need an action selector`);
      }
      if (!Array.isArray(ref.actions) || ref.actions.length === 0) {
        throw fail('INVALID_ARGUMENT', `${where}: a one-shot action set must not be empty`);
      }
      let total = 0;
      for (const w of ref.actions) {
        if (!Number.isInteger(w?.weight) || w.weight < 1 || w.weight > 0x7fffffff) {
          throw fail('INVALID_ARGUMENT', `${where}: action set weight ${w?.weight} must be >= 1`);
        }
        ctx.catalog.check(w.action, 'entry', where);
        total += profile!.options.groupSizeSemantics === 'sumOfMembers' ? 1 : w.weight;
      }
      const max = profile!.options.maxGroupSize ?? 0;
      if (max > 0 && total > max) {
        throw fail(
          'RESOURCE_EXHAUSTED',
          `${where}: action set size ${total} exceeds max group size ${max}`,
        );
      }
      return;
    }
    default:
      throw fail('INVALID_ARGUMENT', `${where}: unknown action reference kind '${String(kind)}'`);
  }
}

/** Takes (+1) or drops (-1) the profile reference held by an entry's action. */
export function refProfile(
  profile: ActionProfile | undefined,
  ref: ActionRef,
  delta: 1 | -1,
): void {
  if (profile === undefined) return;
  if (ref.kind === 'member') profile.refMember(ref.memberId, delta);
  else if (ref.kind === 'group') profile.refGroup(ref.groupId, delta);
}

/** Per-entry attributes as given in an insert or modify (undefined = not given, null = reset). */
export interface AttrInput {
  readonly idleTimeoutNs?: number | null;
  readonly meterConfig?: MeterConfig | null;
  readonly counterData?: CounterData | null;
  readonly controllerMetadata?: bigint | null;
  readonly metadata?: Uint8Array | null;
}

/** Throws INVALID_ARGUMENT for attributes the table does not support or malformed ones. */
export function checkAttrs(ctx: EntryCheckContext, a: AttrInput): void {
  const { where } = ctx;
  const idle = a.idleTimeoutNs;
  if (idle !== undefined && idle !== null) {
    if (!Number.isSafeInteger(idle) || idle < 0) {
      throw fail(
        'INVALID_ARGUMENT',
        `${where}: idle timeout ${idle} ns is not a non-negative integer`,
      );
    }
    if (idle > 0 && !ctx.idleTimeout) {
      throw fail('INVALID_ARGUMENT', `${where}: the table does not support idle timeouts`);
    }
  }
  if (a.meterConfig !== undefined && a.meterConfig !== null) {
    if (!ctx.directMeter) throw fail('INVALID_ARGUMENT', `${where}: the table has no direct meter`);
    checkMeterConfig(a.meterConfig, where);
  }
  if (a.counterData !== undefined && a.counterData !== null) {
    if (!ctx.directCounter)
      throw fail('INVALID_ARGUMENT', `${where}: the table has no direct counter`);
    checkCounterData(a.counterData, where);
  }
  const cm = a.controllerMetadata;
  if (cm !== undefined && cm !== null && (typeof cm !== 'bigint' || cm < 0n || cm >= 1n << 64n)) {
    throw fail(
      'INVALID_ARGUMENT',
      `${where}: controller metadata ${String(cm)} is not a uint64 bigint`,
    );
  }
  if (a.metadata !== undefined && a.metadata !== null && !(a.metadata instanceof Uint8Array)) {
    throw fail('INVALID_ARGUMENT', `${where}: metadata must be a Uint8Array`);
  }
}
