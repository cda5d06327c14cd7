import type { MigrationInterface, QueryRunner } from 'typeorm';

/** PostgreSQL: switch leases and replica heartbeats (leadership). */
export class LeasesPostgres1765100000000 implements MigrationInterface {
  name = 'LeasesPostgres1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "switch_lease" (
      "switch" character varying(63) PRIMARY KEY,
      "holder" character varying(128),
      "generation" bigint NOT NULL,
      "expires_at" bigint NOT NULL)`);
    await q.query(`CREATE TABLE "controller_replica" (
      "id" character varying(128) PRIMARY KEY,
      "expires_at" bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "controller_replica"`);
    await q.query(`DROP TABLE "switch_lease"`);
  }
}
