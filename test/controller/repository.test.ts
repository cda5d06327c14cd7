/** The TypeORM repository: round trips, compact slice maps, the version as optimistic lock. */
import { DomainState, SliceMap } from '../../controller/domain';
import { VersionConflictError } from '../../controller/persistence/domain-repository';
import { type DomainRows, toRows } from '../../controller/persistence/mappers';
import { EXAMPLE } from '../fixtures/domain-example';
import { type Harness, harness } from './support/controller-harness';
import { describeEngines } from './support/databases';
import { dumpDatabase } from './support/dump';

/** Rows sorted by primary key: the order a load gives (lists come back in key order). */
function keyOrder(rows: DomainRows): Record<string, unknown[]> {
  const key = (r: object) => JSON.stringify(Object.values(r)[0]);
  return Object.fromEntries(
    Object.entries(rows).map(([t, list]) => [
      t,
      [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    ]),
  );
}

describeEngines('TypeORM domain repository', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(engine, false);
  });
  afterEach(() => h.close());

  it('starts empty at version 0', async () => {
    const state = await h.repository.load();
    expect(state.version).toBe(0);
    expect(state.services).toEqual([]);
    expect(await h.repository.version()).toBe(0);
  });

  it('stores a whole domain and reads back the same values', async () => {
    const empty = await h.repository.load();
    const state = DomainState.create({ ...EXAMPLE, version: 1 });
    const summary = await h.repository.commit(empty, state);
    expect(summary.upserted).toMatchObject({
      services: 2,
      instances: 3,
      switches: 2,
      sliceMaps: 1,
    });
    const back = await h.repository.load();
    expect(back.version).toBe(1);
    expect(keyOrder(toRows(back))).toEqual(keyOrder(toRows(state)));
    expect(back.sliceMap('video.example')!.equals(state.sliceMap('video.example')!)).toBe(true);
    // The announcement key (a secret) survives the trip, as bytes.
    expect(back.instance('video-a')!.announcementKey()).toEqual(
      state.instance('video-a')!.announcementKey(),
    );
  });

  it('keeps a 65,536-slice map as 256 KiB of ordinals and reads it back slice for slice', async () => {
    const base = DomainState.create({ ...EXAMPLE, version: 1, sliceMaps: [] });
    const ids = Array.from({ length: 65536 }, (_, i) =>
      i % 7 === 0 ? undefined : i % 3 === 0 ? 'video-a' : 'video-b',
    );
    const video = base.service('video.example')!;
    const big = DomainState.create({
      version: 1,
      services: base.services.map((s) =>
        s === video ? { ...s.toInput(), sliceBits: 16, legacySlice: undefined } : s,
      ),
      instances: base.instances,
      switches: base.switches,
      routes: base.routes,
      mslbs: base.mslbs,
      sliceMaps: [SliceMap.fromIds('video.example', 16, ids)],
    });
    await h.repository.commit(await h.repository.load(), big);
    const [row] = await h.dataSource.query(
      `SELECT "ordinals" FROM "slice_map" WHERE "service" = 'video.example'`,
    );
    expect(Buffer.from(row.ordinals).length).toBe(65536 * 4);
    const back = (await h.repository.load()).sliceMap('video.example')!;
    expect(back.size).toBe(65536);
    expect(Array.from({ length: 65536 }, (_, i) => back.holderOf(i))).toEqual(ids);
  });

  it('writes only the rows that changed', async () => {
    const v1 = DomainState.create({ ...EXAMPLE, version: 1 });
    await h.repository.commit(await h.repository.load(), v1);
    const a = v1.instance('video-a')!;
    const v2 = v1.with({
      instances: v1.instances.map((x) => (x === a ? a.with({ metric: 5 }) : x)),
    });
    const summary = await h.repository.commit(v1, v2);
    expect(summary).toEqual({
      version: 2,
      upserted: { switches: 0, services: 0, instances: 1, mslbs: 0, routes: 0, sliceMaps: 0 },
      deleted: { switches: 0, services: 0, instances: 0, mslbs: 0, routes: 0, sliceMaps: 0 },
    });
    expect((await h.repository.load()).instance('video-a')!.metric).toBe(5);
  });

  it('writes and deletes more rows than one statement takes (chunked)', async () => {
    const v1 = DomainState.create({ ...EXAMPLE, version: 1 });
    await h.repository.commit(await h.repository.load(), v1);
    const many = Array.from({ length: 450 }, (_, i) => ({
      id: `bulk-${String(i).padStart(3, '0')}`,
      service: 'storage.svc.example',
      locators: [`2001:db8:c::${(i + 1).toString(16)}`],
    }));
    const v2 = v1.with({ instances: [...v1.instances, ...many] });
    expect((await h.repository.commit(v1, v2)).upserted.instances).toBe(450);
    expect((await h.repository.load()).instancesOf('storage.svc.example')).toHaveLength(451);
    const v3 = v2.with({ instances: v1.instances });
    expect((await h.repository.commit(v2, v3)).deleted.instances).toBe(450);
    expect(keyOrder(toRows(await h.repository.load()))).toEqual(keyOrder(toRows(v3)));
  });

  it('refuses a commit from a stale version and stores nothing', async () => {
    const v1 = DomainState.create({ ...EXAMPLE, version: 1 });
    const empty = await h.repository.load();
    await h.repository.commit(empty, v1);
    const before = await dumpDatabase(h.dataSource);
    const rival = DomainState.create({ ...EXAMPLE, version: 1, mslbs: [] });
    const err = await h.repository.commit(empty, rival).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({ expected: 0, found: 1 });
    expect(await dumpDatabase(h.dataSource)).toBe(before);
  });

  it('refuses a next state that skips a version', async () => {
    const empty = await h.repository.load();
    await expect(
      h.repository.commit(empty, DomainState.create({ ...EXAMPLE, version: 5 })),
    ).rejects.toThrow(/does not follow/);
    expect(await h.repository.version()).toBe(0);
  });
});
