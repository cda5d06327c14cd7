import type { ControllerConfig } from './schema';

/** Where the domain state lives, resolved from `database.url` and `database.sqlitePath`. */
export type DatabaseTarget =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string };

/**
 * The validated configuration as a Nest injection token: inject `AppConfig` and read its
 * namespaces (`config.reconciler.batchSize`). Built only from a value loadConfig accepted.
 */
export class AppConfig {
  readonly database: ControllerConfig['database'];
  readonly p4runtime: ControllerConfig['p4runtime'];
  readonly reconciler: ControllerConfig['reconciler'];
  readonly inband: ControllerConfig['inband'];
  readonly leadership: ControllerConfig['leadership'];
  readonly dns: ControllerConfig['dns'];
  readonly admin: ControllerConfig['admin'];
  readonly metrics: ControllerConfig['metrics'];
  readonly logging: ControllerConfig['logging'];

  constructor(values: ControllerConfig) {
    this.database = Object.freeze({ ...values.database });
    this.p4runtime = Object.freeze({ ...values.p4runtime });
    this.reconciler = Object.freeze({ ...values.reconciler });
    this.inband = Object.freeze({ ...values.inband });
    this.leadership = Object.freeze({ ...values.leadership });
    this.dns = Object.freeze({ ...values.dns });
    this.admin = Object.freeze({ ...values.admin });
    this.metrics = Object.freeze({ ...values.metrics });
    this.logging = Object.freeze({ ...values.logging });
    Object.freeze(this);
  }

  /** The database to open: PostgreSQL when `DATABASE_URL` says so, else the SQLite file. */
  databaseTarget(): DatabaseTarget {
    const url = this.database.url;
    if (url === undefined) return { type: 'sqlite', path: this.database.sqlitePath };
    if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) };
    return { type: 'postgres', url };
  }
}
