/**
 * The write order of one reconcile, on top of the kit's diff (p4runtime/reconcile), which puts
 * every table entry in one phase: the fabric's entries also refer to each other by value, so
 * they are written in tiers. Inserts and modifies: next hops first (routes, slices and SAR
 * members name them), then the entries that name them, then the entries that steer traffic
 * into a feature (SSA ranges, SAR addresses and FIB, MSLB service and B addresses), so a
 * packet never meets a range without its slices or a FIB entry without its NHIB slots.
 * Deletions run in the reverse tiers.
 */
import { T } from '../../generated/fabric-p4info';
import type { Phases } from '../../p4runtime/reconcile';
import type { Update } from '../../p4runtime';
import { TableEntry } from '../../p4runtime/entities';

/** Tables whose entries others name (by next hop id). */
const REFERENCED = new Set<string>([T.routing.next_hops.name]);

/** Tables whose entries let traffic into a feature: written last, deleted first. */
const ENTRY_POINTS = new Set<string>([
  T.ssa.ranges.name,
  T.sar.addresses.name,
  T.sar.fib.name,
  T.mslb.f_services_v6.name,
  T.mslb.f_services_v4.name,
  T.mslb.b_addresses_v6.name,
  T.mslb.b_addresses_v4.name,
]);

function tierOf(u: Update): number {
  const e = u.entity;
  const table = e instanceof TableEntry ? String(e.table) : undefined;
  if (table === undefined) return 1;
  if (REFERENCED.has(table)) return 0;
  return ENTRY_POINTS.has(table) ? 2 : 1;
}

/**
 * `phases` with each phase cut into tiers (empty ones left out), in a safe order. With
 * `deletesFirst` (after a table was found full), entries are deleted before anything is
 * written, so a table near its size can take the new entries; only next hops still wait for
 * the end, as something written may name them. Packets to a deleted entry's destination are
 * dropped until its replacement is in: a recovery order, not the normal one.
 */
export function orderPhases(phases: Phases, opts: { deletesFirst?: boolean } = {}): Phases {
  const writes: Update[][] = [];
  const deletes: Update[][] = [];
  for (const phase of phases) {
    const deleting = phase.length > 0 && phase.every((u) => u.type === 'delete');
    const tiers: Update[][] = [[], [], []];
    for (const u of phase) tiers[tierOf(u)].push(u);
    if (deleting) tiers.reverse();
    (deleting ? deletes : writes).push(...tiers.filter((t) => t.length > 0));
  }
  if (!opts.deletesFirst) return [...writes, ...deletes];
  const hops = (p: Update[]) => p.every((u) => tierOf(u) === 0);
  return [...deletes.filter((p) => !hops(p)), ...writes, ...deletes.filter(hops)];
}

/** Updates of each type in `phases`. */
export function countUpdates(phases: Phases): {
  inserted: number;
  modified: number;
  deleted: number;
} {
  let inserted = 0;
  let modified = 0;
  let deleted = 0;
  for (const p of phases) {
    for (const u of p) {
      if (u.type === 'insert') inserted++;
      else if (u.type === 'modify') modified++;
      else deleted++;
    }
  }
  return { inserted, modified, deleted };
}
