/**
 * Leadership wired to the sessions and the reconciler: each switch's session arbitrates with
 * the election id leadership gives (leader's or backup's), the reconciler writes only to the
 * switches this replica leads, and gaining a switch runs its reconcile at once (the desired
 * state is already compiled, so a takeover needs no cold start).
 *
 *   const pool = new SessionPool({ electionId: (sw) => leadership.electionId(sw.name), ... });
 *   const reconciler = new Reconciler(pool, { mayWrite: (sw) => leadership.isLeader(sw) });
 *   const unbind = bindLeadership(leadership, pool, reconciler);
 */
import type { Reconciler } from '../reconciler';
import type { SessionPool } from '../switches';
import { type ElectionChange, type Leadership, LeadershipEvent } from './leadership';

/** Follows leadership changes; returns the function that stops following. */
export function bindLeadership(
  leadership: Leadership,
  pool: SessionPool,
  reconciler: Reconciler,
): () => void {
  const onChange = (e: ElectionChange) => {
    pool.get(e.switch)?.client.setElectionId(e.electionId);
    if (e.leader) void reconciler.worker(e.switch)?.request('primary');
  };
  leadership.on(LeadershipEvent.CHANGED, onChange);
  return () => leadership.off(LeadershipEvent.CHANGED, onChange);
}
