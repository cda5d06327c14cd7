/**
 * Value types shared by the table engine. Every field value is FULL-WIDTH big-endian bytes:
 * ceil(bitwidth / 8) bytes with the unused high bits zero. The P4Runtime server converts
 * from and to canonical bytestrings at its boundary.
 */

/** How a match field compares a packet's key (P4Runtime MatchField.MatchType). */
export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional';

/** One match field of a table; its position in the lookup key is its index in the field list. */
export interface FieldSpec {
  readonly name: string;
  readonly id?: number;
  readonly bitwidth: number;
  readonly matchKind: MatchKind;
}

/** The match of one field in one entry; its `kind` must equal the field's match kind. */
export type FieldMatch =
  | { readonly kind: 'exact'; readonly value: Uint8Array }
  | { readonly kind: 'lpm'; readonly value: Uint8Array; readonly prefixLen: number }
  | { readonly kind: 'ternary'; readonly value: Uint8Array; readonly mask: Uint8Array }
  | { readonly kind: 'range'; readonly low: Uint8Array; readonly high: Uint8Array }
  | { readonly kind: 'optional'; readonly value: Uint8Array };

/** An entry's match: one item per table field, in field order; `undefined` = wildcard. */
export type EntryMatch = readonly (FieldMatch | undefined)[];

/** A P4 action with its parameters, each full width (e.g. `{ actionId: 7, params: [mac, port] }`). */
export interface ActionCall {
  readonly actionId: number;
  readonly params: readonly Uint8Array[];
}

/** One action of a one-shot action set, chosen with `weight` shares. */
export interface WeightedAction {
  readonly action: ActionCall;
  readonly weight: number;
}

/** What an entry does on a hit: a direct action, an action profile member or group, or a one-shot set. */
export type ActionRef =
  | {
      readonly kind: 'action';
      readonly actionId: number;
      readonly params: readonly Uint8Array[];
    }
  | { readonly kind: 'member'; readonly memberId: number }
  | { readonly kind: 'group'; readonly groupId: number }
  | { readonly kind: 'actionSet'; readonly actions: readonly WeightedAction[] };

/** RFC 2698 trTCM parameters: rates in units per second, bursts in units (bytes or packets). */
export interface MeterConfig {
  readonly cir: number;
  readonly cburst: number;
  readonly pir: number;
  readonly pburst: number;
}

/** The unit a meter or counter measures. */
export type MeterUnit = 'bytes' | 'packets';

/** Byte and packet totals of one counter cell. */
export interface CounterData {
  readonly bytes: number;
  readonly packets: number;
}

/** Colours returned by a meter, numbered as v1model's `V1MODEL_METER_COLOR_*`. */
export const MeterColor = { GREEN: 0, YELLOW: 1, RED: 2 } as const;
/** A meter colour (0 green, 1 yellow, 2 red). */
export type MeterColor = (typeof MeterColor)[keyof typeof MeterColor];

/** What the server hands to `Table.insert`. */
export interface TableEntryInput {
  readonly match: EntryMatch;
  /** 0 (or omitted) for tables without priority; > 0, higher wins, otherwise. */
  readonly priority?: number;
  readonly action: ActionRef;
  /** 0 or omitted: the entry never ages. */
  readonly idleTimeoutNs?: number;
  readonly meterConfig?: MeterConfig;
  readonly counterData?: CounterData;
  /** P4Runtime `controller_metadata` (uint64). */
  readonly controllerMetadata?: bigint;
  /** P4Runtime `metadata` (opaque bytes). */
  readonly metadata?: Uint8Array;
}

/** A change to an existing entry: `undefined` keeps a value, `null` resets it to the default. */
export interface TableEntryPatch {
  readonly action?: ActionRef;
  readonly idleTimeoutNs?: number | null;
  readonly meterConfig?: MeterConfig | null;
  readonly counterData?: CounterData | null;
  readonly controllerMetadata?: bigint | null;
  readonly metadata?: Uint8Array | null;
}

/** An entry as read back: fresh copies, safe to keep. */
export interface TableEntryView {
  /** Slot number; valid until the entry is deleted. */
  readonly handle: number;
  readonly match: EntryMatch;
  readonly priority: number;
  readonly action: ActionRef;
  readonly idleTimeoutNs: number;
  /** Time of the last hit (or of the insert) in the table clock's ns, if the entry ages. */
  readonly lastHitNs?: number;
  readonly meterConfig?: MeterConfig;
  readonly counterData?: CounterData;
  readonly controllerMetadata?: bigint;
  readonly metadata?: Uint8Array;
}
