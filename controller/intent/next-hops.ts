/**
 * Next hops of one switch (routing.next_hops): one per (port, neighbour MAC) the switch sends
 * to, from its links and the instances attached to it. Ids are stable per port: id =
 * port * 128 + the neighbour's rank among that port's neighbours (sorted MACs), so a neighbour
 * added on one port never renumbers the next hops of another, and every replica agrees.
 *
 *   const t = NextHopTable.of(sw, state.instances);
 *   t.id(3, '02:00:00:00:0a:01') // 3 * 128 + 0 = 384
 */
import type { Instance, Switch } from '../domain';
import { IntentError } from './errors';

/** Neighbours one port can have: the low 7 bits of the 16-bit next hop id. */
export const NEIGHBOURS_PER_PORT = 128;

/** A next hop: it leaves on `port` from this switch's `smac` to the neighbour's `dmac`. */
export interface NextHop {
  readonly id: number;
  readonly port: number;
  readonly smac: string;
  readonly dmac: string;
}

/** The next hops of one switch, with lookups by (port, MAC). */
export class NextHopTable {
  private constructor(
    readonly switchName: string,
    /** Sorted by id. */
    readonly hops: readonly NextHop[],
    private readonly byKey: ReadonlyMap<string, number>,
  ) {
    Object.freeze(this);
  }

  /** The next hops of `sw`: its links, and attachments of `instances` on its ports. */
  static of(sw: Switch, instances: readonly Instance[]): NextHopTable {
    const macs = new Map<number, Set<string>>();
    const add = (port: number, mac: string) => {
      const set = macs.get(port) ?? new Set<string>();
      set.add(mac);
      macs.set(port, set);
    };
    for (const l of sw.links) add(l.port, l.peerMac);
    for (const x of instances) {
      for (const a of x.attachments) if (a.switch === sw.name) add(a.port, a.mac);
    }
    const hops: NextHop[] = [];
    const byKey = new Map<string, number>();
    for (const port of [...macs.keys()].sort((a, b) => a - b)) {
      const sorted = [...(macs.get(port) as Set<string>)].sort();
      if (sorted.length > NEIGHBOURS_PER_PORT) {
        throw new IntentError(
          sw.name,
          `port ${port} has ${sorted.length} neighbours; next hop ids allow ${NEIGHBOURS_PER_PORT}`,
        );
      }
      const smac = sw.port(port)?.mac;
      if (smac === undefined) throw new IntentError(sw.name, `port ${port} has no MAC`);
      sorted.forEach((dmac, rank) => {
        const id = port * NEIGHBOURS_PER_PORT + rank;
        hops.push(Object.freeze({ id, port, smac, dmac }));
        byKey.set(`${port} ${dmac}`, id);
      });
    }
    return new NextHopTable(sw.name, Object.freeze(hops), byKey);
  }

  /** The id of the next hop to `mac` on `port`, if the switch has it. */
  id(port: number, mac: string): number | undefined {
    return this.byKey.get(`${port} ${mac}`);
  }
}
