/**
 * The lease rows in the shared database (tables `switch_lease`, `controller_replica`): one
 * round of a replica in one transaction, by the database's clock (so replicas on different
 * machines agree on expiry). A round renews the replica's heartbeat and its leases, creates
 * rows for new switches, releases leases above the replica's fair share, and takes free ones
 * (expired or released) up to it. Every change is a conditional UPDATE on the generation the
 * replica read, so two replicas can never both take a lease: the loser's UPDATE matches no row.
 *
 *   const store = new LeaseStore(dataSource);
 *   const r = await store.round({ replica: 'ctl-a', switches: ['s1', 's2'], leaseMs: 2000 });
 *   r.held  // Map switch -> generation
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { fnv1a32 } from './election';

/** One lease as read. */
export interface LeaseRow {
  readonly switch: string;
  readonly holder: string | null;
  readonly generation: number;
  readonly expiresAt: number;
}

/** What a round did and saw. */
export interface RoundResult {
  /** The database's clock at the round, ms. */
  readonly now: number;
  /** Live replicas (this one included). */
  readonly live: number;
  /** Leases this replica holds after the round: switch -> generation. */
  readonly held: ReadonlyMap<string, number>;
  /** The latest generation of every switch (for backup election ids). */
  readonly generations: ReadonlyMap<string, number>;
  /** Switches taken (newly) and released in this round. */
  readonly taken: readonly string[];
  readonly released: readonly string[];
}

export interface RoundInput {
  readonly replica: string;
  /** Every switch of the domain. */
  readonly switches: readonly string[];
  readonly leaseMs: number;
  /** Leases this replica believes it holds (switch -> generation). */
  readonly held?: ReadonlyMap<string, number>;
  /** Take no new lease (a replica that is stopping, or not yet settled after joining). */
  readonly takeNone?: boolean;
}

/** SQL for the lease rows on SQLite or PostgreSQL. */
export class LeaseStore {
  private readonly postgres: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** One round (see the file comment), in one transaction. */
  async round(input: RoundInput): Promise<RoundResult> {
    return this.transaction(async (q) => {
      const now = await this.now(q);
      const until = now + input.leaseMs;
      await this.query(
        q,
        `INSERT INTO "controller_replica" ("id", "expires_at") VALUES (?, ?)
         ON CONFLICT ("id") DO UPDATE SET "expires_at" = excluded."expires_at"`,
        [input.replica, until],
      );
      await this.query(q, `DELETE FROM "controller_replica" WHERE "expires_at" < ?`, [
        now - 10 * input.leaseMs,
      ]);
      const liveIds = (
        (await this.query(
          q,
          `SELECT "id" FROM "controller_replica" WHERE "expires_at" > ? ORDER BY "id"`,
          [now],
        )) as { id: string }[]
      ).map((r) => r.id);
      const live = liveIds.length;
      for (const sw of input.switches) {
        await this.query(
          q,
          `INSERT INTO "switch_lease" ("switch", "holder", "generation", "expires_at")
           VALUES (?, NULL, 0, 0) ON CONFLICT ("switch") DO NOTHING`,
          [sw],
        );
      }
      const wanted = new Set(input.switches);
      const rows = (await this.rows(q)).filter((r) => wanted.has(r.switch));
      const held = new Map<string, number>();
      // Renew what this replica holds, at the generation it believes: a lease taken over
      // meanwhile (or expired) is simply not renewed, and is lost.
      for (const r of rows) {
        if (r.holder !== input.replica || r.expiresAt <= now) continue;
        if (input.held !== undefined && input.held.get(r.switch) !== r.generation) continue;
        const n = await this.update(
          q,
          `UPDATE "switch_lease" SET "expires_at" = ?
           WHERE "switch" = ? AND "holder" = ? AND "generation" = ? AND "expires_at" > ?`,
          [until, r.switch, input.replica, r.generation, now],
        );
        if (n === 1) held.set(r.switch, r.generation);
      }
      // Fair share: ceil(switches / live replicas); release above it (a replica joined).
      const share = Math.ceil(rows.length / Math.max(1, live));
      const rank = (sw: string) => fnv1a32(`${input.replica}/${sw}`);
      const released: string[] = [];
      const mine = [...held.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
      // At most the share; and if a live replica holds less than floor(M / N) while this one
      // is the richest (ties: the lowest id), one more, so that every replica gets work.
      const floor = Math.floor(rows.length / Math.max(1, live));
      const counts = new Map(liveIds.map((id) => [id, 0]));
      for (const r of rows) {
        if (r.holder !== null && r.expiresAt > now && counts.has(r.holder)) {
          counts.set(r.holder, (counts.get(r.holder) as number) + 1);
        }
      }
      counts.set(input.replica, held.size);
      const richest = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      const starving = [...counts.values()].some((n) => n < floor);
      const keep =
        starving && richest?.[0] === input.replica && held.size > floor
          ? Math.min(share, held.size - 1)
          : share;
      for (const sw of mine.slice(keep)) {
        await this.update(
          q,
          `UPDATE "switch_lease" SET "expires_at" = 0
           WHERE "switch" = ? AND "holder" = ? AND "generation" = ?`,
          [sw, input.replica, held.get(sw) as number],
        );
        held.delete(sw);
        released.push(sw);
      }
      // Take free leases up to the share, in an order of its own so that replicas starting
      // together do not all race for the same switch.
      const taken: string[] = [];
      const generations = new Map(rows.map((r) => [r.switch, r.generation]));
      if (!input.takeNone) {
        const free = rows
          .filter((r) => r.expiresAt <= now && !released.includes(r.switch))
          .sort((a, b) => rank(a.switch) - rank(b.switch) || (a.switch < b.switch ? -1 : 1));
        for (const r of free) {
          if (held.size >= share) break;
          const n = await this.update(
            q,
            `UPDATE "switch_lease" SET "holder" = ?, "generation" = ?, "expires_at" = ?
             WHERE "switch" = ? AND "generation" = ? AND "expires_at" <= ?`,
            [input.replica, r.generation + 1, until, r.switch, r.generation, now],
          );
          if (n === 1) {
            held.set(r.switch, r.generation + 1);
            generations.set(r.switch, r.generation + 1);
            taken.push(r.switch);
          }
        }
      }
      return { now, live, held, generations, taken, released };
    });
  }

  /** Gives up every lease of `replica` and its heartbeat (a graceful stop). */
  async releaseAll(replica: string): Promise<void> {
    await this.transaction(async (q) => {
      await this.query(q, `UPDATE "switch_lease" SET "expires_at" = 0 WHERE "holder" = ?`, [
        replica,
      ]);
      await this.query(q, `DELETE FROM "controller_replica" WHERE "id" = ?`, [replica]);
    });
  }

  /** Every lease row. */
  async leases(): Promise<LeaseRow[]> {
    return this.transaction((q) => this.rows(q));
  }

  private async rows(q: QueryRunner): Promise<LeaseRow[]> {
    const raw = (await this.query(
      q,
      `SELECT "switch", "holder", "generation", "expires_at" FROM "switch_lease" ORDER BY "switch"`,
      [],
    )) as { switch: string; holder: string | null; generation: unknown; expires_at: unknown }[];
    return raw.map((r) => ({
      switch: r.switch,
      holder: r.holder,
      generation: Number(r.generation),
      expiresAt: Number(r.expires_at),
    }));
  }

  private async now(q: QueryRunner): Promise<number> {
    const sql = this.postgres
      ? `SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint AS "now"`
      : `SELECT CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) AS "now"`;
    const rows = (await q.query(sql)) as { now: string | number }[];
    return Number(rows[0].now);
  }

  private transaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    // SQLite has one connection: its transactions must not interleave.
    if (this.postgres) return this.run(work);
    const next = this.queue.then(
      () => this.run(work),
      () => this.run(work),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = this.dataSource.createQueryRunner();
    try {
      await q.startTransaction();
      const result = await work(q);
      await q.commitTransaction();
      return result;
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
  }

  /** `?` placeholders, numbered for PostgreSQL. */
  private query(q: QueryRunner, sql: string, params: unknown[]): Promise<unknown> {
    let i = 0;
    const text = this.postgres ? sql.replace(/\?/g, () => `$${++i}`) : sql;
    return q.query(text, params);
  }

  /** Rows an UPDATE changed. */
  private async update(q: QueryRunner, sql: string, params: unknown[]): Promise<number> {
    let i = 0;
    const text = this.postgres ? sql.replace(/\?/g, () => `$${++i}`) : sql;
    const r = await q.query(text, params, true);
    return r.affected ?? 0;
  }
}
