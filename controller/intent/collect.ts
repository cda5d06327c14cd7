/**
 * The desired entities of one switch, per P4 control, collected so that one table key is never
 * asked for twice with different contents (the reconciler's diff would refuse it).
 */
import type { TableEntry } from '../../p4runtime/entities';
import { IntentError } from './errors';
import type { Unreachable } from './ssa';

/** The P4 controls of p4/include/control/ that hold entries the controller writes. */
export const CONTROLS = ['acl', 'ssa', 'sar', 'mslb', 'routing'] as const;
export type Control = (typeof CONTROLS)[number];

/** What one switch must hold: its entities per control (the default entries included). */
export interface SwitchIntent {
  readonly switchName: string;
  readonly controls: Readonly<Record<Control, readonly TableEntry[]>>;
  /** Slices left out because their holder cannot be reached (dropped, DROP_SSA_NO_SLICE). */
  readonly unreachable: readonly Unreachable[];
  /** Set when this switch's tables cannot express the domain: nothing is to be written. */
  readonly error?: IntentError;
}

/** Every entity of a switch's intent, control after control. */
export function entitiesOf(intent: SwitchIntent): TableEntry[] {
  return CONTROLS.flatMap((c) => intent.controls[c]);
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x,
  );
}

/** Entries of one control of one switch, keyed by table and match (and priority). */
export class Collector {
  private readonly byKey = new Map<string, TableEntry>();

  constructor(readonly switchName: string) {}

  /** Adds `entry`; the same entry twice is kept once, a conflicting one is refused. */
  add(entry: TableEntry, what: string): void {
    const key = `${String(entry.table)} ${entry.isDefault ? 'default' : show(entry.match)} ${entry.priority ?? 0}`;
    const had = this.byKey.get(key);
    if (had === undefined) {
      this.byKey.set(key, entry);
      return;
    }
    if (show(had.action) !== show(entry.action)) {
      throw new IntentError(
        this.switchName,
        `${what} needs ${key} with ${show(entry.action)}, but it already holds ${show(had.action)}`,
      );
    }
  }

  /** The entries, in the order first added. */
  entries(): TableEntry[] {
    return [...this.byKey.values()];
  }
}
