/**
 * Counter deltas for the packet tests: indexed counters keep counting across tests, so a test
 * asserts what its own packets added (docs/ptf.md).
 *
 *   expect(await added(s, [['ingress.drops', Drop.SSA_NO_SLICE]], async () => { ... }))
 *     .toEqual({ 'ingress.drops[13]': 1n });
 */
import type { PtfSession } from '../harness';

/** A counter cell: `[counter name, index]`. */
export type Cell = readonly [counter: string, index: number];

/**
 * What `run` added to each cell, in packets, keyed `name[index]`. `run` must end with
 * `expectNoOtherPackets()` so that the switch is done with the packets before the second read.
 */
export async function added(
  s: PtfSession,
  cells: readonly Cell[],
  run: () => Promise<void>,
): Promise<Record<string, bigint>> {
  const read = async () =>
    Promise.all(cells.map(async ([name, i]) => (await s.readCounter(name, i)).packets));
  const before = await read();
  await run();
  const after = await read();
  return Object.fromEntries(cells.map(([name, i], k) => [`${name}[${i}]`, after[k] - before[k]]));
}
