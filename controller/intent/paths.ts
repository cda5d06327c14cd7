/**
 * Shortest paths over the switch links of the topology (hop count), for the routes the intent
 * compiler computes. Deterministic: among equally short ways out of a switch, the lowest local
 * port wins, so every replica computes the same routes.
 *
 *   const hops = firstHops(state.switches, 's3');  // switch name -> port towards s3
 *   hops.get('s1') // 2
 */
import type { Switch } from '../domain';

/** Hop counts from every switch to `target` (unreachable switches are absent). */
export function distancesTo(switches: readonly Switch[], target: string): Map<string, number> {
  // Links are stored per side; a link counts when the switch holding it names the peer, so
  // the walk goes backwards: from the target to every switch that has a link to a reached one.
  const towards = new Map<string, string[]>();
  for (const s of switches) {
    for (const l of s.links) {
      if (l.peer.kind !== 'switch') continue;
      const list = towards.get(l.peer.name) ?? [];
      list.push(s.name);
      towards.set(l.peer.name, list);
    }
  }
  const dist = new Map<string, number>([[target, 0]]);
  let frontier = [target];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const from of towards.get(n) ?? []) {
        if (dist.has(from)) continue;
        dist.set(from, (dist.get(n) as number) + 1);
        next.push(from);
      }
    }
    frontier = next;
  }
  return dist;
}

/**
 * For every switch that can reach `target` (the target itself excluded): the local port of its
 * first hop on a shortest path, the lowest such port on a tie.
 */
export function firstHops(switches: readonly Switch[], target: string): Map<string, number> {
  const dist = distancesTo(switches, target);
  const out = new Map<string, number>();
  for (const s of switches) {
    const d = dist.get(s.name);
    if (d === undefined || d === 0) continue;
    let best: number | undefined;
    for (const l of s.links) {
      if (l.peer.kind !== 'switch' || dist.get(l.peer.name) !== d - 1) continue;
      if (best === undefined || l.port < best) best = l.port;
    }
    if (best !== undefined) out.set(s.name, best);
  }
  return out;
}
