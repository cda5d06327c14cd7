/**
 * Commands on SQLite and PostgreSQL: each applies in one transaction and raises the version;
 * bad input to every command is refused naming the field, with the database unchanged (a full
 * dump of every table, and for SQLite the file's bytes); a failure in the middle of the
 * transaction leaves nothing changed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import type { Command } from '../../controller/commands/command';
import { CommandService } from '../../controller/commands/command.service';
import { StructuredLogger } from '../../controller/logging/structured-logger';
import { openDataSource } from '../../controller/persistence/data-source';
import { TypeOrmDomainRepository } from '../../controller/persistence/typeorm-domain-repository';
import { CommandRefusedError } from '../../controller/commands/command';
import { type Harness, harness } from './support/controller-harness';
import { describeEngines, describePostgres } from './support/databases';
import { dumpDatabase } from './support/dump';

const NEW_INSTANCE = {
  id: 'video-c',
  service: 'video.example',
  locators: ['2001:db8:a::3'],
  weight: 1,
};

/** One bad input per command, and the field its refusal must name. */
const REFUSED: readonly { readonly command: Command; readonly field: string | RegExp }[] = [
  {
    command: { type: 'create-service', service: { name: 'new.example', index: 7, sliceBits: 99 } },
    field: 'service.sliceBits',
  },
  {
    command: { type: 'create-service', service: { name: 'new.example', index: 1 } },
    field: 'service.index',
  },
  {
    command: { type: 'create-service', service: { name: 'video.example', index: 9 } },
    field: 'service.name',
  },
  {
    command: { type: 'update-service', name: 'video.example', changes: { sliceBits: -1 } },
    field: 'changes.sliceBits',
  },
  { command: { type: 'update-service', name: 'nope.example', changes: {} }, field: 'name' },
  { command: { type: 'delete-service', name: 'missing.example' }, field: 'name' },
  {
    command: { type: 'add-instance', instance: { ...NEW_INSTANCE, weight: 70000 } },
    field: 'instance.weight',
  },
  {
    command: { type: 'add-instance', instance: { ...NEW_INSTANCE, locators: ['2001:db8:a::1'] } },
    field: 'instance.locators[0]',
  },
  {
    command: {
      type: 'add-instance',
      instance: {
        ...NEW_INSTANCE,
        attachments: [{ switch: 's1', port: 9, mac: '02:00:00:00:0a:09' }],
      },
    },
    field: 'instance.attachments[0].port',
  },
  {
    command: { type: 'add-instance', instance: { ...NEW_INSTANCE, id: 'store-1' } },
    field: 'instance.id',
  },
  { command: { type: 'remove-instance', id: 'ghost' }, field: 'id' },
  { command: { type: 'drain-instance', id: '' }, field: 'id' },
  { command: { type: 'set-weights', weights: { 'video-a': -1 } }, field: 'weights.video-a' },
  { command: { type: 'set-weights', metrics: { 'video-a': 'low' } }, field: 'metrics.video-a' },
  { command: { type: 'set-weights', weights: { ghost: 1 } }, field: 'weights.ghost' },
  {
    command: {
      type: 'set-instances',
      service: 'video.example',
      instances: [NEW_INSTANCE, { ...NEW_INSTANCE, id: 'video-z', locators: ['not-an-ip'] }],
    },
    field: 'instances[1].locators[0]',
  },
  {
    command: {
      type: 'set-instances',
      service: 'video.example',
      instances: [NEW_INSTANCE, { ...NEW_INSTANCE, locators: ['2001:db8:a::9'] }],
    },
    field: 'instances[1].id',
  },
  {
    command: {
      type: 'set-instances',
      service: 'video.example',
      instances: [{ ...NEW_INSTANCE, id: 'store-1' }],
    },
    field: 'instances[0].id',
  },
  { command: { type: 'set-instances', service: 'nope.example', instances: [] }, field: 'service' },
  {
    command: {
      type: 'put-mslb',
      mslb: {
        name: 'web2',
        index: 1,
        serviceAddress: '2001:db8:e::81',
        frontends: ['s1'],
        bSet: [{ address: '2001:db8:b::101', switch: 's2' }],
      },
    },
    field: 'mslb.frontends[0]',
  },
  { command: { type: 'delete-mslb', name: 'nope' }, field: 'name' },
  {
    command: { type: 'put-route', route: { switch: 's1', prefix: '2001:db8:c::/48', port: 9 } },
    field: 'route.port',
  },
  { command: { type: 'delete-route', switch: 's1', prefix: '2001:db8:77::/48' }, field: 'prefix' },
  {
    command: {
      type: 'register-switch',
      switch: { name: 's3', deviceId: 3, address: 'nohost', target: 'embedded', roles: ['ssa'] },
    },
    field: 'switch.address',
  },
  // s2 links to s1, and instances are attached to it.
  { command: { type: 'deregister-switch', name: 's1' }, field: 'name' },
  { command: { type: 'reboot' } as unknown as Command, field: 'type' },
];

describeEngines('commands', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(engine);
  });
  afterEach(() => h.close());

  /** Everything stored: every table, and for SQLite the file itself. */
  async function snapshot(): Promise<string> {
    const dump = await dumpDatabase(h.dataSource);
    if (h.db.target.type !== 'sqlite') return dump;
    const file = createHash('sha256').update(readFileSync(h.db.target.path)).digest('hex');
    return `${dump}\n# file sha256 ${file}`;
  }

  it('seeds the example with planned slice maps at version 1', async () => {
    const state = await h.commands.state();
    expect(state.version).toBe(1);
    expect(state.sliceMap('video.example')!.counts()).toEqual(
      new Map([
        ['video-a', 3],
        ['video-b', 1],
      ]),
    );
    expect(await h.commands.seed({ services: [] })).toBe(false);
  });

  it.each(REFUSED.map((r) => [r.command.type, r.field, r.command] as const))(
    'refuses bad %s naming %s, storing nothing',
    async (_type, field, command) => {
      const before = await snapshot();
      const err = await h.commands.execute(command).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CommandRefusedError);
      expect((err as CommandRefusedError).field).toEqual(
        typeof field === 'string' ? field : expect.stringMatching(field),
      );
      expect((err as Error).message).toContain('expected');
      expect(await snapshot()).toBe(before);
    },
  );

  it('applies each command kind, raising the version by one each time', async () => {
    const steps: Command[] = [
      {
        type: 'create-service',
        service: { name: 'new.example', index: 7, ranges: ['2001:db8:7::/64'], sliceBits: 4 },
      },
      { type: 'update-service', name: 'new.example', changes: { sarMode: 'weighted' } },
      { type: 'add-instance', instance: NEW_INSTANCE },
      { type: 'set-weights', weights: { 'video-a': 4 }, metrics: { 'video-b': 10 } },
      { type: 'drain-instance', id: 'video-b' },
      { type: 'remove-instance', id: 'video-b' },
      { type: 'put-route', route: { switch: 's1', prefix: '2001:db8:c::/48', port: 2 } },
      { type: 'delete-route', switch: 's1', prefix: '2001:db8:c::/48' },
      {
        type: 'register-switch',
        switch: {
          name: 's3',
          deviceId: 3,
          address: '127.0.0.1:9561',
          target: 'embedded',
          roles: ['router'],
        },
      },
      { type: 'deregister-switch', name: 's3' },
      {
        type: 'put-mslb',
        mslb: {
          name: 'web2',
          index: 1,
          serviceAddress: '2001:db8:e::81',
          frontends: ['s2'],
          bSet: [{ address: '2001:db8:b::101', switch: 's2' }],
        },
      },
      { type: 'delete-mslb', name: 'web2' },
      { type: 'delete-service', name: 'new.example' },
    ];
    let version = 1;
    for (const command of steps) {
      const { state } = await h.commands.execute(command);
      expect(state.version).toBe(++version);
      expect(await h.repository.version()).toBe(version);
    }
    const final = await h.repository.load();
    expect(final.service('new.example')).toBeUndefined();
    expect(final.instance('video-b')).toBeUndefined();
    expect(final.instance('video-a')!.weight).toBe(4);
    // video-a (4) and video-c (1) share the 4 slices of video.example.
    expect(final.sliceMap('video.example')!.counts()).toEqual(
      new Map([
        ['video-a', 3],
        ['video-c', 1],
      ]),
    );
  });

  it('plans the scaling event with the fewest moves and stores the map in the same commit', async () => {
    await h.commands.execute({
      type: 'update-service',
      name: 'video.example',
      changes: { sliceBits: 10, legacySlice: '2001:db8:5:0:c000::/126' },
    });
    const before = (await h.repository.load()).sliceMap('video.example')!;
    const { state, summary } = await h.commands.execute({
      type: 'set-instances',
      service: 'video.example',
      instances: [
        ...(await h.commands.state()).instancesOf('video.example').map((x) => x.toInput()),
        NEW_INSTANCE,
      ],
    });
    expect(summary.upserted).toMatchObject({ instances: 1, sliceMaps: 1 });
    const after = (await h.repository.load()).sliceMap('video.example')!;
    expect(after.equals(state.sliceMap('video.example')!)).toBe(true);
    // Weights 2, 1, 1 over 1024 slices: video-c takes 256, all from the others.
    expect(after.counts()).toEqual(
      new Map([
        ['video-a', 512],
        ['video-b', 256],
        ['video-c', 256],
      ]),
    );
    let moved = 0;
    for (let i = 0; i < after.size; i++) if (after.holderOf(i) !== before.holderOf(i)) moved++;
    expect(moved).toBe(256);
  });

  it('rolls back everything when the transaction fails in its middle', async () => {
    // The slice map is written last, after the version and the instance rows: a trigger that
    // refuses it fails the transaction after those writes.
    await injectFailure(h, true);
    const before = await snapshot();
    const err = await h.commands
      .execute({ type: 'add-instance', instance: NEW_INSTANCE })
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/injected failure/);
    expect(await snapshot()).toBe(before);
    expect((await h.commands.state()).instance('video-c')).toBeUndefined();
    await injectFailure(h, false);
    const { state } = await h.commands.execute({ type: 'add-instance', instance: NEW_INSTANCE });
    expect(state.version).toBe(2);
  });
});

async function injectFailure(h: Harness, on: boolean): Promise<void> {
  const ds = h.dataSource;
  if (ds.options.type === 'postgres') {
    if (on) {
      await ds.query(`CREATE FUNCTION fail_slice_map() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
      await ds.query(`CREATE TRIGGER fail_slice_map BEFORE INSERT OR UPDATE ON "slice_map"
        FOR EACH ROW EXECUTE FUNCTION fail_slice_map()`);
    } else {
      await ds.query(`DROP TRIGGER fail_slice_map ON "slice_map"`);
      await ds.query(`DROP FUNCTION fail_slice_map()`);
    }
  } else if (on) {
    for (const event of ['INSERT', 'UPDATE']) {
      await ds.query(`CREATE TRIGGER fail_slice_map_${event} BEFORE ${event} ON "slice_map"
        BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    }
  } else {
    for (const event of ['INSERT', 'UPDATE'])
      await ds.query(`DROP TRIGGER fail_slice_map_${event}`);
  }
}

// Replicas share PostgreSQL (docs/controller.md). Two SQLite connections in one Node process
// cannot wait for each other: better-sqlite3 waits for a lock synchronously, on the thread the
// other connection needs to release it.
describePostgres('commands from two replicas', () => {
  const engine = 'postgres';
  let a: Harness;
  let b: CommandService;
  let other: DataSource;
  beforeEach(async () => {
    a = await harness(engine);
    other = await openDataSource(a.db.target);
    b = new CommandService(
      new TypeOrmDomainRepository(other),
      new StructuredLogger({ write: () => undefined }),
    );
  });
  afterEach(async () => {
    await other.destroy();
    await a.close();
  });

  it('commits both when they race: the loser retries on the winner state', async () => {
    // Both replicas read version 1 first, so one of the two commits meets a newer version.
    await Promise.all([a.commands.state(), b.state()]);
    const [ra, rb] = await Promise.all([
      a.commands.execute({ type: 'set-weights', weights: { 'video-a': 5 } }),
      b.execute({ type: 'add-instance', instance: NEW_INSTANCE }),
    ]);
    expect([ra.state.version, rb.state.version].sort()).toEqual([2, 3]);
    const final = await a.repository.load();
    expect(final.version).toBe(3);
    expect(final.instance('video-a')!.weight).toBe(5);
    expect(final.instance('video-c')).toBeDefined();
    // The stored map was planned on the final instances, whichever committed first: weights
    // 5, 1, 1 over 4 slices put each within one slice of its share (video-a: 20/7).
    const counts = final.sliceMap('video.example')!.counts();
    const share = { 'video-a': 20 / 7, 'video-b': 4 / 7, 'video-c': 4 / 7 };
    for (const [id, exact] of Object.entries(share)) {
      expect(Math.abs((counts.get(id) ?? 0) - exact)).toBeLessThan(1);
    }
    expect([...counts.values()].reduce((x, y) => x + y)).toBe(4);
  });
});
