import { z } from 'zod';

/**
 * The controller's configuration, one namespace per concern. Every value has a default that
 * runs a lab on one machine (SQLite file, loopback listeners); production overrides them from
 * a file and from the environment (see docs/controller.md, "Configuration").
 */

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
const positiveMs = z.number().int().min(1).max(3_600_000);

/** `DATABASE_URL`: a PostgreSQL URL, or `sqlite:<path>`; absent means the SQLite file below. */
const databaseUrl = z.string().regex(/^(postgres|postgresql):\/\/\S+$|^sqlite:\S+$/, {
  message: 'expected postgres://user:password@host:port/database or sqlite:<path>',
});

export const configSchema = z.strictObject({
  database: z
    .strictObject({
      url: databaseUrl.optional(),
      sqlitePath: z.string().min(1).default('.state/controller.sqlite'),
      /** Log every SQL statement (debug only: statements carry no credentials). */
      logSql: z.boolean().default(false),
    })
    .prefault({}),
  p4runtime: z
    .strictObject({
      /** Deadline of every unary P4Runtime call. */
      deadlineMs: positiveMs.default(5000),
      /** Wait before a lost stream channel is opened again. */
      reconnectMs: positiveMs.default(1000),
    })
    .prefault({}),
  reconciler: z
    .strictObject({
      /** Updates per Write request. */
      batchSize: z.number().int().min(1).max(100_000).default(1000),
      /** Period of the drift check (read, diff) on each switch. */
      driftCheckMs: positiveMs.default(30_000),
    })
    .prefault({}),
  dns: z
    .strictObject({
      enabled: z.boolean().default(false),
      host: host.default('127.0.0.1'),
      port: port.default(5353),
      /** TTL of the APL and rule records, seconds. */
      ttl: z.number().int().min(0).max(86_400).default(60),
    })
    .prefault({}),
  admin: z
    .strictObject({
      enabled: z.boolean().default(false),
      host: host.default('127.0.0.1'),
      port: port.default(50055),
      /** PEM certificate chain and key: with both the admin API speaks TLS (docs/security.md). */
      tlsCert: z.string().min(1).optional(),
      tlsKey: z.string().min(1).optional(),
      /** PEM CA bundle: client certificates it signed authenticate (mTLS). */
      clientCa: z.string().min(1).optional(),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /** Serve GET /metrics (Prometheus) and /healthz over HTTP. */
      enabled: z.boolean().default(false),
      host: host.default('127.0.0.1'),
      port: port.default(9464),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']).default('log'),
      format: z.enum(['json', 'keyvalue']).default('json'),
    })
    .prefault({}),
});

/** The configuration as validated: every namespace present, every default applied. */
export type ControllerConfig = z.output<typeof configSchema>;
/** What a file may hold: any subset of the namespaces and keys. */
export type ControllerConfigInput = z.input<typeof configSchema>;
