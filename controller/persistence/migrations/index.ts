import { AdminSecurityPostgres1733700000000 } from './postgres/1733700000000-admin-security';
import { AdminSecuritySqlite1733700000000 } from './sqlite/1733700000000-admin-security';
import { InitialSchemaPostgres1733600000000 } from './postgres/1733600000000-initial-schema';
import { LeasesPostgres1765100000000 } from './postgres/1765100000000-leases';
import { InitialSchemaSqlite1733600000000 } from './sqlite/1733600000000-initial-schema';
import { LeasesSqlite1765100000000 } from './sqlite/1765100000000-leases';

/**
 * The migrations of each engine, oldest first. Written by hand (never `synchronize`): a new
 * schema change adds one class per engine here, named by its timestamp.
 */
export const MIGRATIONS = {
  sqlite: [
    InitialSchemaSqlite1733600000000,
    AdminSecuritySqlite1733700000000,
    LeasesSqlite1765100000000,
  ],
  postgres: [
    InitialSchemaPostgres1733600000000,
    AdminSecurityPostgres1733700000000,
    LeasesPostgres1765100000000,
  ],
} as const;
