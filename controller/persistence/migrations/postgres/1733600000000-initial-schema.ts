import type { MigrationInterface, QueryRunner } from 'typeorm';

/** PostgreSQL: the first schema (services, instances, switches, MSLB, routes, slices, version). */
export class InitialSchemaPostgres1733600000000 implements MigrationInterface {
  name = 'InitialSchemaPostgres1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "domain_version" (
      "id" integer PRIMARY KEY,
      "version" bigint NOT NULL,
      CONSTRAINT "domain_version_id_check" CHECK ("id" = 1))`);
    await q.query(`INSERT INTO "domain_version" ("id", "version") VALUES (1, 0)`);
    await q.query(`CREATE TABLE "switch" (
      "name" character varying(63) PRIMARY KEY,
      "spec" text NOT NULL)`);
    await q.query(`CREATE TABLE "service" (
      "name" character varying(253) PRIMARY KEY,
      "table_index" integer NOT NULL UNIQUE,
      "spec" text NOT NULL)`);
    await q.query(`CREATE TABLE "instance" (
      "id" character varying(63) PRIMARY KEY,
      "service" character varying(253) NOT NULL,
      "spec" text NOT NULL,
      CONSTRAINT "instance_service_fkey" FOREIGN KEY ("service") REFERENCES "service" ("name"))`);
    await q.query(`CREATE INDEX "instance_service_idx" ON "instance" ("service")`);
    await q.query(`CREATE TABLE "slice_map" (
      "service" character varying(253) PRIMARY KEY,
      "slice_bits" integer NOT NULL,
      "owners" text NOT NULL,
      "ordinals" bytea NOT NULL,
      CONSTRAINT "slice_map_service_fkey" FOREIGN KEY ("service") REFERENCES "service" ("name"))`);
    await q.query(`CREATE TABLE "mslb" (
      "name" character varying(253) PRIMARY KEY,
      "spec" text NOT NULL)`);
    await q.query(`CREATE TABLE "route" (
      "key" character varying(255) PRIMARY KEY,
      "spec" text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['route', 'mslb', 'slice_map', 'instance', 'service', 'switch']) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP TABLE "domain_version"`);
  }
}
