import { z } from 'zod';
import { DEFAULT_BATCH_SIZE } from '../../p4runtime';
import { parseAddress } from '../domain/address';

/**
 * The controller's configuration, one namespace per concern. Every value has a default that
 * runs a lab on one machine (SQLite file, loopback listeners); production overrides them from
 * a file and from the environment (see docs/controller.md, "Configuration").
 */

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
const positiveMs = z.number().int().min(1).max(3_600_000);
const dnsName = z
  .string()
  .regex(
    /^(?=.{1,253}\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.?$/,
    {
      message: 'expected a DNS name such as svc.example',
    },
  );
const hostAndPort = z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):\d{1,5}$/, {
  message: 'expected host:port or [v6]:port',
});
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
      /** PostgreSQL URL (replicas share it) or `sqlite:<path>`; absent: the SQLite file below. */
      url: databaseUrl.optional(),
      /** The SQLite file used when no URL is given (one replica only). */
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
       * Election id this controller arbitrates with (higher wins primary) when it leads every
       * switch alone (SQLite). With leases on PostgreSQL each switch's id comes from its lease
       * generation instead (docs/controller.md, "Leadership and HA").
       */
      electionId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
      /** bmv2 only: the JSON p4c-bm2-ss wrote for p4/v1model/main.p4 (the device config). */
      bmv2Json: z.string().min(1).optional(),
      /** Tofino only: bf-p4c's output directory for p4/tna/main.p4 (docs/tofino.md). */
      tofinoDir: z.string().min(1).optional(),
      /** TLS to the switches: the CA that signed their certificates (PEM file); plaintext if absent. */
      tlsCa: z.string().min(1).optional(),
      /** mTLS: this controller's certificate and key (PEM files), for switches that ask for one. */
      tlsCert: z.string().min(1).optional(),
      tlsKey: z.string().min(1).optional(),
    })
    .refine((p) => (p.tlsCert === undefined) === (p.tlsKey === undefined), {
      message: 'tlsCert and tlsKey go together',
      path: ['tlsCert'],
    })
    .refine((p) => p.tlsCert === undefined || p.tlsCa !== undefined, {
      message: 'tlsCert needs tlsCa (client certificates are sent over TLS only)',
      path: ['tlsCa'],
    })
    .prefault({}),
  reconciler: z
    .strictObject({
      /** Updates per Write request; the default lets bmv2 answer a fully refused one too. */
      batchSize: z.number().int().min(1).max(100_000).default(DEFAULT_BATCH_SIZE),
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
  inband: z
    .strictObject({
      /**
       * An instance with an announcement key silent this long is marked down (liveness of
       * in-band announcements); 0: no liveness check.
       */
      silenceMs: z.number().int().min(0).max(86_400_000).default(0),
      /** How often silence is checked. */
      livenessCheckMs: positiveMs.default(1000),
      /** Packet Too Big / fragmentation needed per client address: rate per second and burst. */
      tooBigPerSecond: z.number().int().min(1).max(100_000).default(10),
      tooBigBurst: z.number().int().min(1).max(100_000).default(20),
    })
    .prefault({}),
  leadership: z
    .strictObject({
      /** Lease of a switch (PostgreSQL): renewed every third; taken over after it expires. */
      leaseMs: z.number().int().min(300).max(600_000).default(10_000),
      /** This replica's id among those sharing the database (default: host name and pid). */
      replicaId: z.string().min(1).max(128).optional(),
    })
    .prefault({}),
  dns: z
    .strictObject({
      enabled: z.boolean().default(false),
      host: host.default('127.0.0.1'),
      port: port.default(5353),
      /** TTL of the APL and rule records, seconds. */
      ttl: z.number().int().min(0).max(86_400).default(60),
      /** The zone served (its apex); services named inside it are published (wire §3). */
      zone: dnsName.default('example'),
      /** Name servers of the zone, comma-separated (default: ns1.<zone> at `host`). */
      nameServers: z.string().default(''),
      /** Secondaries that get NOTIFY and may transfer the zone: 'host:port, ...'. */
      secondaries: z.string().default(''),
      /** Further addresses allowed to transfer the zone, comma-separated. */
      allowTransfer: z.string().default(''),
      /** Addresses of a service's legacy slice published as AAAA / A. */
      legacyAddresses: z.number().int().min(1).max(16).default(2),
      /** How often the stored domain version is checked for a new zone. */
      pollMs: positiveMs.default(500),
      /** RFC 2136 publication into an existing primary server ('host:port'); off when absent. */
      updateServer: hostAndPort.optional(),
      /** The zone to update there (default: `zone`). */
      updateZone: dnsName.optional(),
      /** TSIG key name for the updates (HMAC-SHA256). */
      tsigKeyName: dnsName.optional(),
      /** TSIG secret, base64: set it from the environment (SSA_DNS_TSIG_SECRET), never a file. */
      tsigSecret: z
        .string()
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'expected a base64 secret' })
        .optional(),
    })
    .refine((d) => d.updateServer === undefined || (d.tsigKeyName && d.tsigSecret), {
      message: 'updateServer needs tsigKeyName and tsigSecret (SSA_DNS_TSIG_SECRET)',
      path: ['updateServer'],
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
      /** Watch streams check their caller's credentials again this often (a revoked token's ends). */
      watchRecheckMs: positiveMs.default(5_000),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /** Serve GET /metrics (Prometheus) and /healthz over HTTP. */
      enabled: z.boolean().default(false),
      host: host.default('127.0.0.1'),
      port: port.default(9464),
      /** Read the data-plane counters of every switch this often (ms) for /metrics; 0: never. */
      counterReadMs: z.number().int().min(0).max(3_600_000).default(10_000),
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
