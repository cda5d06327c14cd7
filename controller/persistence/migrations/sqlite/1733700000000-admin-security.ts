import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SQLite: the admin API's tokens (hashed) and audit log. */
export class AdminSecuritySqlite1733700000000 implements MigrationInterface {
  name = 'AdminSecuritySqlite1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_token" (
      "id" varchar(32) PRIMARY KEY NOT NULL,
      "name" varchar(63) NOT NULL,
      "role" varchar(16) NOT NULL,
      "hash" varchar(64) NOT NULL,
      "created_at" varchar(32) NOT NULL,
      "revoked_at" varchar(32),
      CONSTRAINT "api_token_name_key" UNIQUE ("name"),
      CONSTRAINT "api_token_hash_key" UNIQUE ("hash"))`);
    await q.query(`CREATE TABLE "audit_log" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "time" varchar(32) NOT NULL,
      "principal" varchar(255) NOT NULL,
      "role" varchar(16) NOT NULL,
      "method" varchar(63) NOT NULL,
      "request" text NOT NULL,
      "result" varchar(32) NOT NULL,
      "detail" text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "api_token"`);
  }
}
