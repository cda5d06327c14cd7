/**
 * The P4Runtime client against the target P4_TARGET names (embedded by default; bmv2's
 * simple_switch_grpc and Tofino as in docs/ptf.md), on the fabric program: what a controller
 * relies on must hold on every server, not only on ours.
 *
 * - Large error lists: every refused update of a write comes back by its index, with the
 *   server's code, whichever form the server sends its status in (ours cuts it into several
 *   trailer values; PI, under bmv2, sends one).
 * - Ordering: a delete and a re-insert of one key in one write are applied in that order; an
 *   update refused in one phase keeps the later phases from being sent.
 * - The reconciliation kit: for random desired and actual states, reconcile leaves exactly the
 *   desired state on the target, and deleteAll leaves it as a fresh pipeline.
 *
 * Each test leaves the target as it found it (the harness checks the tables at the end).
 */
import fc from 'fast-check';
import { P4RuntimeWriteError } from '../../../p4runtime/client/errors';
import { TableEntry, type Update } from '../../../p4runtime/entities';
import { deleteAll, readState, type ReconcileClient } from '../../../p4runtime/reconcile';
import type { P4Schema } from '../../../p4runtime/schema';
import { fabricState, oracle, reconcileAndCheck } from '../../fixtures/reconcile-check';
import * as E from '../fabric/entries';
import { FABRIC } from '../fabric/suite';
import { ptfSuite } from '../harness';

/** Random runs of the reconcile property (P4RT_RECONCILE_RUNS; each is two reconciles). */
const RUNS = Number(process.env.P4RT_RECONCILE_RUNS ?? 10);

const insert = (entity: TableEntry): Update => ({ type: 'insert', entity });
const remove = (entity: TableEntry): Update => ({ type: 'delete', entity });

/** routing.v6 entry number `i`: 2001:db8:<i>::/48 to next hop 1. */
const route = (i: number) => E.routeV6(`2001:db8:${i.toString(16)}::/48`, 1);

/** The write's refusals; fails the test if the write did not fail with a per-update list. */
async function refusals(write: Promise<void>): Promise<P4RuntimeWriteError> {
  const err = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof P4RuntimeWriteError)) {
    throw new Error(`expected a P4RuntimeWriteError, got ${String(err)}`);
  }
  return err;
}

/** The table entries the target holds, default entries left out. */
async function entries(c: ReconcileClient, schema: P4Schema) {
  return (await readState(c, schema)).filter((e) => e instanceof TableEntry && !e.isDefault);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

ptfSuite('P4Runtime client on the target', FABRIC, (ptf) => {
  it('10,000 refused inserts in one write come back, each by its index', async () => {
    const c = ptf.session.client;
    await c.write([insert(route(1))]);
    const updates = range(10_000).map(() => insert(route(1)));
    updates[4321] = insert(route(2)); // the one update that takes effect
    const err = await refusals(c.write(updates));
    expect(err.failures.map((f) => f.index)).toEqual(range(10_000).filter((i) => i !== 4321));
    expect(err.failures.every((f) => f.codeName === 'ALREADY_EXISTS')).toBe(true);
    expect(err.notSent).toEqual([]);
    expect(await entries(c, ptf.session.schema)).toHaveLength(2);
    await c.write([remove(route(1)), remove(route(2))]);
  }, 60_000);

  it('a write with one update in ten refused applies the others', async () => {
    const c = ptf.session.client;
    const present = range(100).map((i) => route(i * 10));
    await c.write(present.map(insert));
    const err = await refusals(c.write(range(1_000).map((i) => insert(route(i)))));
    expect(err.failures.map((f) => f.index)).toEqual(range(100).map((i) => i * 10));
    expect(err.failures.every((f) => f.codeName === 'ALREADY_EXISTS')).toBe(true);
    expect(await entries(c, ptf.session.schema)).toHaveLength(1_000);
    await deleteAll(c, ptf.session.schema);
  }, 60_000);

  it('a delete and a re-insert of one key in one write are applied in that order', async () => {
    const c = ptf.session.client;
    const before = E.routeV6('2001:db8:77::/48', 1);
    const after = E.routeV6('2001:db8:77::/48', 2);
    await c.write([insert(before)]);
    await c.write([remove(before), insert(after)]);
    const held = await ptf.session.readEntry(after);
    expect(held && oracle(held, ptf.session.schema)).toBe(oracle(after, ptf.session.schema));
    await c.write([remove(after)]);
  });

  it('a refused update keeps the later phases from being sent', async () => {
    const c = ptf.session.client;
    const missing = E.routeV6('2001:db8:88::/48', 1);
    const err = await refusals(c.write([{ type: 'modify', entity: missing }, insert(route(0x99))]));
    expect(err.failures.map((f) => [f.index, f.codeName])).toEqual([[0, 'NOT_FOUND']]);
    expect(err.notSent).toEqual([1]);
    expect(await entries(c, ptf.session.schema)).toEqual([]);
  });

  it('reconcile leaves exactly the desired state; deleteAll leaves a fresh pipeline', async () => {
    const c = ptf.session.client;
    const schema = ptf.session.schema;
    await fc.assert(
      fc.asyncProperty(fabricState(schema), fabricState(schema), async (actual, desired) => {
        await reconcileAndCheck(c, actual, schema);
        await reconcileAndCheck(c, desired, schema);
      }),
      { numRuns: RUNS },
    );
    await deleteAll(c, schema);
    await reconcileAndCheck(c, [], schema);
  }, 120_000);
});
