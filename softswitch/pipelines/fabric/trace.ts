/**
 * Packet traces for `ssactl probe` (docs/admin-api.md, "probe"): which tables a packet hit,
 * with which entry and action. The model's tables share one TraceSlot; it holds null except
 * while FabricModel.trace runs, so the fast path pays one null check per table apply and
 * nothing else.
 */
import type { TableEntryView } from '../../tables/types';

/** One table apply as the packet saw it. */
export interface TableVisit {
  readonly table: string;
  /** Entry handle, or < 0 for a miss (the default action ran). */
  readonly handle: number;
  readonly actionId: number;
  /** The entry that matched (a copy), absent on a miss. */
  readonly entry?: TableEntryView;
}

/** Where table applies are recorded while a traced packet runs. */
export class TraceSlot {
  current: TableVisit[] | null = null;
}
