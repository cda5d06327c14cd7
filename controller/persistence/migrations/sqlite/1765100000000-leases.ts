import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SQLite: switch leases and replica heartbeats (leadership). */
export class LeasesSqlite1765100000000 implements MigrationInterface {
  name = 'LeasesSqlite1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "switch_lease" (
      "switch" varchar(63) PRIMARY KEY NOT NULL,
      "holder" varchar(128),
      "generation" bigint NOT NULL,
      "expires_at" bigint NOT NULL)`);
    await q.query(`CREATE TABLE "controller_replica" (
      "id" varchar(128) PRIMARY KEY NOT NULL,
      "expires_at" bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "controller_replica"`);
    await q.query(`DROP TABLE "switch_lease"`);
  }
}
