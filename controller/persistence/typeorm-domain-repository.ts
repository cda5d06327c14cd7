import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { DomainState } from '../domain';
import { type CommitSummary, DomainRepository, VersionConflictError } from './domain-repository';
import { sliceMapEntity } from './data-source';
import { DomainVersionEntity } from './entities/domain-version.entity';
import { InstanceEntity } from './entities/instance.entity';
import { MslbEntity } from './entities/mslb.entity';
import { RouteEntity } from './entities/route.entity';
import { ServiceEntity } from './entities/service.entity';
import { SwitchEntity } from './entities/switch.entity';
import { type DomainRows, toRows, toState } from './mappers';

/** Rows per INSERT/DELETE statement (SQLite allows 32,766 bound values per statement). */
const CHUNK = 200;

interface TableSpec {
  readonly table: keyof DomainRows;
  readonly entity: EntityTarget<ObjectLiteral>;
  readonly key: string;
  readonly same: (a: ObjectLiteral, b: ObjectLiteral) => boolean;
}

const sameSpec = (a: ObjectLiteral, b: ObjectLiteral): boolean =>
  a.spec === b.spec && a.service === b.service && a.tableIndex === b.tableIndex;

/** The domain state in TypeORM tables (SQLite or PostgreSQL), written by differences. */
export class TypeOrmDomainRepository extends DomainRepository {
  /** Tables in dependency order: upserts go this way, deletions the other way. */
  private readonly tables: readonly TableSpec[];

  constructor(private readonly dataSource: DataSource) {
    super();
    const engine = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.tables = [
      { table: 'switches', entity: SwitchEntity, key: 'name', same: sameSpec },
      { table: 'services', entity: ServiceEntity, key: 'name', same: sameSpec },
      { table: 'instances', entity: InstanceEntity, key: 'id', same: sameSpec },
      { table: 'mslbs', entity: MslbEntity, key: 'name', same: sameSpec },
      { table: 'routes', entity: RouteEntity, key: 'key', same: sameSpec },
      {
        table: 'sliceMaps',
        entity: sliceMapEntity(engine),
        key: 'service',
        same: (a, b) =>
          a.sliceBits === b.sliceBits &&
          a.owners === b.owners &&
          (a.ordinals as Buffer).equals(b.ordinals as Buffer),
      },
    ];
  }

  override async load(): Promise<DomainState> {
    // One snapshot for every table: PostgreSQL's default (READ COMMITTED) would let a commit of
    // another replica land between two SELECTs; SQLite's read transaction is one snapshot.
    const work = async (m: EntityManager): Promise<DomainState> => {
      const version = await readVersion(m);
      const rows: Record<string, ObjectLiteral[]> = {};
      for (const t of this.tables) {
        const found = await m.find(t.entity);
        // Code-unit order, the same on every engine and collation.
        rows[t.table] = found.sort((a, b) => compare(String(a[t.key]), String(b[t.key])));
      }
      return toState(version, rows as unknown as DomainRows);
    };
    return this.dataSource.options.type === 'postgres'
      ? this.dataSource.transaction('REPEATABLE READ', work)
      : this.dataSource.transaction(work);
  }

  override async version(): Promise<number> {
    return readVersion(this.dataSource.manager);
  }

  override async commit(previous: DomainState, next: DomainState): Promise<CommitSummary> {
    if (next.version !== previous.version + 1) {
      throw new Error(`commit: version ${next.version} does not follow ${previous.version}`);
    }
    const before = toRows(previous);
    const after = toRows(next);
    const plan = this.tables.map((t) => ({ t, ...difference(t, before[t.table], after[t.table]) }));
    const upserted: Record<string, number> = {};
    const deleted: Record<string, number> = {};
    await this.dataSource.transaction(async (m) => {
      // First, so that concurrent writers (other replicas) queue on this row's lock.
      const result = await m
        .createQueryBuilder()
        .update(DomainVersionEntity)
        .set({ version: next.version })
        .where('id = 1 AND version = :expected', { expected: previous.version })
        .execute();
      if (result.affected !== 1) {
        throw new VersionConflictError(previous.version, await readVersion(m));
      }
      for (const { t, upserts } of plan) {
        for (let i = 0; i < upserts.length; i += CHUNK) {
          await m.upsert(t.entity, upserts.slice(i, i + CHUNK), [t.key]);
        }
        upserted[t.table] = upserts.length;
      }
      for (const { t, deletes } of [...plan].reverse()) {
        for (let i = 0; i < deletes.length; i += CHUNK) {
          await m.delete(t.entity, deletes.slice(i, i + CHUNK));
        }
        deleted[t.table] = deletes.length;
      }
    });
    return { version: next.version, upserted, deleted };
  }
}

async function readVersion(m: EntityManager): Promise<number> {
  const row = await m.findOneBy(DomainVersionEntity, { id: 1 });
  if (row === null) throw new Error('domain_version has no row: the database was not migrated');
  return row.version;
}

function difference(
  t: TableSpec,
  before: readonly ObjectLiteral[],
  after: readonly ObjectLiteral[],
): { upserts: ObjectLiteral[]; deletes: string[] } {
  const old = new Map(before.map((r) => [String(r[t.key]), r]));
  const upserts = after.filter((r) => {
    const o = old.get(String(r[t.key]));
    return o === undefined || !t.same(o, r);
  });
  const keep = new Set(after.map((r) => String(r[t.key])));
  const deletes = [...old.keys()].filter((k) => !keep.has(k));
  return { upserts: upserts.map((r) => ({ ...r })), deletes };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
