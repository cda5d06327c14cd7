import { fail } from './errors';
import { fullWidthProblem } from './key';
import type { ActionCall } from './types';

/** Where an action may be used in a table (P4Info ActionRef.scope). */
export type ActionScope = 'TABLE_AND_DEFAULT' | 'TABLE_ONLY' | 'DEFAULT_ONLY';

/** What the engine needs to know of a P4 action to validate calls of it (from P4Info, by the server). */
export interface ActionSpec {
  readonly id: number;
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly bitwidth: number }[];
  readonly scope?: ActionScope;
}

/** How an action call is used, for the scope check and messages. */
export type ActionUsage = 'entry' | 'default' | 'member';

/** Actions of a table or profile by id; an empty catalog accepts any well-formed call. */
export class ActionCatalog {
  private readonly byId = new Map<number, ActionSpec>();

  constructor(specs: readonly ActionSpec[] | undefined) {
    for (const s of specs ?? []) this.byId.set(s.id, s);
  }

  /** True when no specs were given (validation is then structural only). */
  get open(): boolean {
    return this.byId.size === 0;
  }

  /** Throws INVALID_ARGUMENT unless `call` is a well-formed call of a known action, usable as `usage`. */
  check(call: ActionCall, usage: ActionUsage, where: string): void {
    if (!Number.isInteger(call?.actionId) || call.actionId < 0 || call.actionId > 0xffffffff) {
      throw fail('INVALID_ARGUMENT', `${where}: action id ${call?.actionId} is not a uint32`);
    }
    if (!Array.isArray(call.params) || !call.params.every((p) => p instanceof Uint8Array)) {
      throw fail(
        'INVALID_ARGUMENT',
        `${where}: action ${call.actionId} params must be Uint8Arrays`,
      );
    }
    if (this.open) return;
    const spec = this.byId.get(call.actionId);
    if (spec === undefined) {
      throw fail(
        'INVALID_ARGUMENT',
        `${where}: action ${call.actionId} is not one of [${[...this.byId.values()].map((s) => `${s.id} ${s.name}`).join(', ')}]`,
      );
    }
    const scope = spec.scope ?? 'TABLE_AND_DEFAULT';
    if (usage === 'default' && scope === 'TABLE_ONLY') {
      throw fail(
        'INVALID_ARGUMENT',
        `${where}: action '${spec.name}' is @tableonly and cannot be the default action`,
      );
    }
    if (usage !== 'default' && scope === 'DEFAULT_ONLY') {
      throw fail(
        'INVALID_ARGUMENT',
        `${where}: action '${spec.name}' is @defaultonly and cannot be used in an entry`,
      );
    }
    if (call.params.length !== spec.params.length) {
      throw fail(
        'INVALID_ARGUMENT',
        `${where}: action '${spec.name}' takes ${spec.params.length} param(s), got ${call.params.length}`,
      );
    }
    spec.params.forEach((p, i) => {
      const problem = fullWidthProblem(call.params[i], p.bitwidth);
      if (problem !== undefined) {
        throw fail(
          'INVALID_ARGUMENT',
          `${where}: action '${spec.name}' param '${p.name}': ${problem}`,
        );
      }
    });
  }
}
