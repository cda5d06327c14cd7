import { z } from 'zod';
import { parseAddress } from '../domain/address';

/**
 * The controller's configuration, one namespace per concern. Every value has a default that
 * runs a lab on one machine (SQLite file, loopback listeners); production overrides them from
 * a file and from the environment (see docs/controller.md, "Configuration").
 */

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
const positiveMs = z.number().int().min(1).max(3_600_000);
const ipv6 = z.string().refine(
  (v) => {
    try {
      parseAddress(v, 'address', 6);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IPv6 address' },
);

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
      /**
       * Election id this controller arbitrates with (higher wins primary). One replica for now;
       * leadership leases will derive it from the lease generation.
       */
      electionId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
      /** bmv2 only: the JSON p4c-bm2-ss wrote for p4/v1model/main.p4 (the device config). */
      bmv2Json: z.string().min(1).optional(),
    })
    .prefault({}),
  reconciler: z
    .strictObject({
      /** Updates per Write request. */
      batchSize: z.number().int().min(1).max(100_000).default(1000),
      /** Period of the drift check (read, diff) on each switch. */
      driftCheckMs: positiveMs.default(30_000),
      /** How often the stored domain version is polled for commits (of any replica). */
      pollMs: positiveMs.default(500),
      /** First wait before a failed reconcile is retried (doubles up to 30 s). */
      retryMs: positiveMs.default(500),
      /** Service Address Gateway (IPv6) per SAR switch name: sar.fib's default entry (wire §1). */
      sarGateways: z.record(z.string(), ipv6).default({}),
      /** Operator drops installed in acl.acl on every switch, or on the one named. */
      aclDrops: z
        .array(
          z.strictObject({
            switch: z.string().min(1).optional(),
            priority: z.number().int().min(1).max(999),
            ingressPort: z.number().int().min(0).max(511).optional(),
            ethType: z.number().int().min(0).max(0xffff).optional(),
            ipProto: z.number().int().min(0).max(255).optional(),
            l4Dport: z.number().int().min(0).max(0xffff).optional(),
          }),
        )
        .default([]),
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
