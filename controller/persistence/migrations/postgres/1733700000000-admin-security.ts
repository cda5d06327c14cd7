import type { MigrationInterface, QueryRunner } from 'typeorm';

/** PostgreSQL: the admin API's tokens (hashed) and audit log. */
export class AdminSecurityPostgres1733700000000 implements MigrationInterface {
  name = 'AdminSecurityPostgres1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_token" (
      "id" character varying(32) PRIMARY KEY,
      "name" character varying(63) NOT NULL,
      "role" character varying(16) NOT NULL,
      "hash" character varying(64) NOT NULL,
      "created_at" character varying(32) NOT NULL,
      "revoked_at" character varying(32),
      CONSTRAINT "api_token_name_key" UNIQUE ("name"),
      CONSTRAINT "api_token_hash_key" UNIQUE ("hash"))`);
    await q.query(`CREATE TABLE "audit_log" (
      "id" SERIAL PRIMARY KEY,
      "time" character varying(32) NOT NULL,
      "principal" character varying(255) NOT NULL,
      "role" character varying(16) NOT NULL,
      "method" character varying(63) NOT NULL,
      "request" text NOT NULL,
      "result" character varying(32) NOT NULL,
      "detail" text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "api_token"`);
  }
}
