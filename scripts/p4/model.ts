/**
 * The P4Info objects in one shape for both sides of the check: what the reader finds in the
 * P4 source and what the committed P4Info holds. References between objects are by name
 * (an action ref names its action), so one changed @id is one difference, not several.
 */
import { p4 } from '../../p4runtime/proto';
import type { CounterUnit, MatchKind } from '../../p4runtime/schema';

export type Scope = 'table_and_default' | 'table_only' | 'default_only';

/** A key, action parameter or controller header field. */
export interface FieldModel {
  readonly id: number;
  readonly name: string;
  readonly bitwidth: number;
  /** file:line in the source; undefined on the P4Info side. */
  readonly where?: string;
}

export interface KeyModel extends FieldModel {
  readonly matchKind: MatchKind | string;
}

export interface HeaderFieldModel extends FieldModel {
  readonly padding: boolean;
}

export interface ObjectModel {
  readonly id: number;
  readonly name: string;
  readonly where?: string;
}

export interface TableModel extends ObjectModel {
  readonly keys: readonly KeyModel[];
  readonly actionRefs: readonly { readonly action: string; readonly scope: Scope }[];
  /** The action of `const default_action`, or undefined. */
  readonly constDefaultAction?: string;
  /** The action of `default_action` (const or not). */
  readonly initialDefaultAction?: string;
  readonly initialDefaultArgs: number;
  readonly directResources: readonly string[];
  readonly size: number;
  /** What the source never declares: action profiles, idle timeout, const entries. */
  readonly implementation?: string;
  readonly idleTimeout: boolean;
  readonly isConstTable: boolean;
}

export interface ActionModel extends ObjectModel {
  readonly params: readonly FieldModel[];
}

export interface CounterModel extends ObjectModel {
  readonly unit: CounterUnit;
  readonly size: number;
}

export interface DirectCounterModel extends ObjectModel {
  readonly unit: CounterUnit;
  readonly table: string;
}

export interface RegisterModel extends ObjectModel {
  readonly size: number;
  /** Width of one cell (a bit<W> register). */
  readonly bitwidth: number;
}

export interface ControllerHeaderModel extends ObjectModel {
  readonly fields: readonly HeaderFieldModel[];
}

/** Every object of a P4Info, by kind. */
export interface ProgramModel {
  readonly arch: string;
  readonly tables: readonly TableModel[];
  readonly actions: readonly ActionModel[];
  readonly counters: readonly CounterModel[];
  readonly directCounters: readonly DirectCounterModel[];
  readonly registers: readonly RegisterModel[];
  readonly controllerHeaders: readonly ControllerHeaderModel[];
  /** Objects of kinds the source never declares (meters, digests, ...): each is a difference. */
  readonly others: readonly { readonly kind: string; readonly name: string }[];
}

const Prefix = p4.config.v1.P4Ids.Prefix;

/** The 8-bit id prefix p4c puts on each object kind (p4info.proto, P4Ids.Prefix). */
export const ID_PREFIX = {
  table: Prefix.TABLE,
  action: Prefix.ACTION,
  counter: Prefix.COUNTER,
  'direct counter': Prefix.DIRECT_COUNTER,
  register: Prefix.REGISTER,
  'controller header': Prefix.CONTROLLER_HEADER,
} as const;

export type PrefixedKind = keyof typeof ID_PREFIX;

/** An id as P4Info shows it, e.g. `0x02000015`. */
export function hexId(id: number): string {
  return '0x' + id.toString(16).padStart(8, '0');
}
