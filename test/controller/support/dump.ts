/**
 * A full dump of every table of the controller's database, as text: each table's rows in
 * primary-key order, every column, binary columns in hex. Two equal dumps mean an unchanged
 * database (what the "refused command stores nothing" tests compare).
 */
import type { DataSource } from 'typeorm';

/** Every table of the database except none: TypeORM's own migrations table is included. */
export async function dumpDatabase(ds: DataSource): Promise<string> {
  const tables = await tableNames(ds);
  const parts: string[] = [];
  for (const table of tables) {
    const rows: Record<string, unknown>[] = await ds.query(`SELECT * FROM "${table}"`);
    const lines = rows.map((row) =>
      JSON.stringify(
        Object.keys(row)
          .sort()
          .map((k) => [k, show(row[k])]),
      ),
    );
    lines.sort();
    parts.push(`# ${table} (${rows.length})`, ...lines);
  }
  return parts.join('\n');
}

async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    ds.options.type === 'postgres'
      ? await ds.query(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = 'public' ORDER BY table_name`,
        )
      : await ds.query(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           ORDER BY name`,
        );
  return rows.map((r) => r.name);
}

function show(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return `hex:${value.toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  // SQLite gives bigint columns as numbers and PostgreSQL as text: compare as text.
  if (typeof value === 'number') return String(value);
  return value;
}
