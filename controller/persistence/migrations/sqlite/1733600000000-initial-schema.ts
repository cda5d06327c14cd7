import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SQLite: the first schema (services, instances, switches, MSLB, routes, slices, version). */
export class InitialSchemaSqlite1733600000000 implements MigrationInterface {
  name = 'InitialSchemaSqlite1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "domain_version" (
      "id" integer PRIMARY KEY NOT NULL,
      "version" bigint NOT NULL,
      CONSTRAINT "domain_version_id_check" CHECK ("id" = 1))`);
    await q.query(`INSERT INTO "domain_version" ("id", "version") VALUES (1, 0)`);
    await q.query(`CREATE TABLE "switch" (
      "name" varchar(63) PRIMARY KEY NOT NULL,
      "spec" text NOT NULL)`);
    await q.query(`CREATE TABLE "service" (
      "name" varchar(253) PRIMARY KEY NOT NULL,
      "table_index" integer NOT NULL UNIQUE,
      "spec" text NOT NULL)`);
    await q.query(`CREATE TABLE "instance" (
      "id" varchar(63) PRIMARY KEY NOT NULL,
      "service" varchar(253) NOT NULL,
      "spec" text NOT NULL,
      CONSTRAINT "instance_service_fkey" FOREIGN KEY ("service") REFERENCES "service" ("name"))`);
    await q.query(`CREATE INDEX "instance_service_idx" ON "instance" ("service")`);
    await q.query(`CREATE TABLE "slice_map" (
      "service" varchar(253) PRIMARY KEY NOT NULL,
      "slice_bits" integer NOT NULL,
      "owners" text NOT NULL,
      "ordinals" blob NOT NULL,
      CONSTRAINT "slice_map_service_fkey" FOREIGN KEY ("service") REFERENCES "service" ("name"))`);
    await q.query(`CREATE TABLE "mslb" (
      "name" varchar(253) PRIMARY KEY NOT NULL,
      "spec" text NOT NULL)`);
    await q.query(`CREATE TABLE "route" (
      "key" varchar(255) PRIMARY KEY NOT NULL,
      "spec" text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['route', 'mslb', 'slice_map', 'instance', 'service', 'switch']) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP TABLE "domain_version"`);
  }
}
