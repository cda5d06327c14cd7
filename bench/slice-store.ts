/**
 * How the controller stores a slice map: one value of Uint32 ordinals per service (ours,
 * controller/persistence) against the baseline of one row per slice, for a scaling event on a
 * 65,536-slice service (a fourth instance joins: a quarter of the slices change holder, then
 * back). Measures the write of the new map in one transaction and the read of a whole map.
 *
 *   npm run bench:slice-store                       # SQLite (a temporary file)
 *   BENCH_DATABASE_URL=postgres://… npm run bench:slice-store   # also PostgreSQL (a scratch database)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { DatabaseTarget } from '../controller/config/app-config';
import { SliceMap } from '../controller/domain';
import { openDataSource } from '../controller/persistence/data-source';
import { decodeOrdinals, encodeOrdinals } from '../controller/persistence/mappers';
import { median, printJson, round, secondsSince } from './report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SLICE_BITS = 16;
const N = 2 ** SLICE_BITS;
const SERVICE = 'video.example';
const CHUNK = 500;

/** Three holders, then a fourth taking a quarter of the slices (what the planner does). */
function maps(): [SliceMap, SliceMap] {
  const three = Array.from({ length: N }, (_, i) => `video-${'abc'[i % 3]}`);
  const four = three.map((h, i) => (i % 4 === 3 ? 'video-d' : h));
  return [
    SliceMap.fromIds(SERVICE, SLICE_BITS, three),
    SliceMap.fromIds(SERVICE, SLICE_BITS, four),
  ];
}

async function writeBlob(ds: DataSource, map: SliceMap): Promise<void> {
  await ds.transaction((m) =>
    q(m, `UPDATE "slice_map" SET "owners" = ?, "ordinals" = ? WHERE "service" = ?`, [
      JSON.stringify(map.holders),
      encodeOrdinals(map.ordinals()),
      SERVICE,
    ]),
  );
}

async function readBlob(ds: DataSource): Promise<SliceMap> {
  const [row] = await q<{ owners: string; ordinals: Buffer }[]>(
    ds,
    `SELECT "owners", "ordinals" FROM "slice_map" WHERE "service" = ?`,
    [SERVICE],
  );
  return SliceMap.adopt(
    SERVICE,
    SLICE_BITS,
    JSON.parse(row.owners),
    decodeOrdinals(row.ordinals, SERVICE),
  );
}

/** The baseline writes only the slices whose holder changed, in batches. */
async function writeRows(ds: DataSource, from: SliceMap, to: SliceMap): Promise<void> {
  const changed: number[] = [];
  for (let i = 0; i < N; i++) if (from.holderOf(i) !== to.holderOf(i)) changed.push(i);
  await ds.transaction(async (m) => {
    for (let c = 0; c < changed.length; c += CHUNK) {
      const part = changed.slice(c, c + CHUNK);
      const values = part.map(() => '(?, ?, ?)').join(', ');
      await q(
        m,
        `INSERT INTO "bench_slice_row" ("service", "slice", "holder") VALUES ${values}
         ON CONFLICT ("service", "slice") DO UPDATE SET "holder" = excluded."holder"`,
        part.flatMap((i) => [SERVICE, i, to.holderOf(i)!]),
      );
    }
  });
}

async function readRows(ds: DataSource): Promise<SliceMap> {
  const rows = await q<{ holder: string }[]>(
    ds,
    `SELECT "holder" FROM "bench_slice_row" WHERE "service" = ? ORDER BY "slice"`,
    [SERVICE],
  );
  return SliceMap.fromIds(
    SERVICE,
    SLICE_BITS,
    rows.map((r) => r.holder),
  );
}

/** The engine being measured: PostgreSQL numbers its placeholders ($1), SQLite takes `?`. */
let numbered = false;

/** Runs SQL written with `?` placeholders on the engine being measured. */
function q<T = unknown>(
  on: { query: DataSource['query'] },
  sql: string,
  params?: unknown[],
): Promise<T> {
  let n = 0;
  return on.query<T>(numbered ? sql.replace(/\?/g, () => `$${++n}`) : sql, params);
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await f();
  return secondsSince(start) * 1000;
}

async function run(target: DatabaseTarget): Promise<Record<string, number>> {
  const sqlite = target.type === 'sqlite';
  numbered = !sqlite;
  const ds = await openDataSource(target);
  await q(ds, `DROP TABLE IF EXISTS "bench_slice_row"`);
  await q(
    ds,
    `CREATE TABLE "bench_slice_row" ("service" varchar(253) NOT NULL,
    "slice" integer NOT NULL, "holder" varchar(63) NOT NULL, PRIMARY KEY ("service", "slice"))`,
  );
  await q(ds, `DELETE FROM "slice_map"`);
  await q(ds, `DELETE FROM "service" WHERE "name" = ?`, [SERVICE]);
  await q(ds, `INSERT INTO "service" ("name", "table_index", "spec") VALUES (?, 65535, '{}')`, [
    SERVICE,
  ]);
  const [a, b] = maps();
  await q(
    ds,
    `INSERT INTO "slice_map" ("service", "slice_bits", "owners", "ordinals") VALUES (?, ?, ?, ?)`,
    [SERVICE, SLICE_BITS, JSON.stringify(a.holders), encodeOrdinals(a.ordinals())],
  );
  await writeRows(ds, SliceMap.fromIds(SERVICE, SLICE_BITS, new Array(N).fill(undefined)), a);

  const t = {
    blobWrite: [] as number[],
    blobRead: [] as number[],
    rowWrite: [] as number[],
    rowRead: [] as number[],
  };
  let current = a;
  for (let r = 0; r < ROUNDS; r++) {
    const next = current === a ? b : a;
    t.rowWrite.push(await timed(() => writeRows(ds, current, next)));
    t.blobWrite.push(await timed(() => writeBlob(ds, next)));
    let back: SliceMap | undefined;
    t.rowRead.push(await timed(async () => (back = await readRows(ds))));
    if (!back!.equals(next)) throw new Error('per-slice rows read back a different map');
    t.blobRead.push(await timed(async () => (back = await readBlob(ds))));
    if (!back!.equals(next)) throw new Error('ordinals read back a different map');
    current = next;
  }
  await q(ds, `DROP TABLE "bench_slice_row"`);
  await ds.destroy();
  const out = {
    blobWriteMs: round(median(t.blobWrite)),
    rowWriteMs: round(median(t.rowWrite)),
    blobReadMs: round(median(t.blobRead)),
    rowReadMs: round(median(t.rowRead)),
  };
  const name = sqlite ? 'sqlite' : 'postgres';
  console.log(
    `${name}: scaling event (${N / 4} of ${N} slices move): write ${out.blobWriteMs} ms as ordinals, ` +
      `${out.rowWriteMs} ms as rows (x${round(out.rowWriteMs / out.blobWriteMs, 3)}); ` +
      `read ${out.blobReadMs} ms vs ${out.rowReadMs} ms (x${round(out.rowReadMs / out.blobReadMs, 3)})`,
  );
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [`${name}_${k}`, v]));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-bench-slices-'));
  try {
    const figures = {
      rounds: ROUNDS,
      slices: N,
      ...(await run({ type: 'sqlite', path: join(dir, 'bench.sqlite') })),
    };
    const url = process.env.BENCH_DATABASE_URL;
    if (url) Object.assign(figures, await run({ type: 'postgres', url }));
    printJson(figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
