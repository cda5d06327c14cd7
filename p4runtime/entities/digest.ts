/**
 * Digest configuration (P4Runtime v1.5.0 §9.8): INSERT enables a digest's DigestList messages,
 * MODIFY changes how they are batched, DELETE disables them. The data itself arrives on the
 * stream channel, not here.
 *
 *   new DigestEntry({ digest: 'mac_learn_digest_t',
 *                     config: { maxTimeoutNs: 1_000_000n, maxListSize: 64, ackTimeoutNs: 1_000_000_000n } })
 */
import type { EncodableEntity } from './update';
import type { P4Schema } from '../schema';
import { p4, type Int64 } from '../proto';
import { P4SchemaError, big, freezeInto, int32, int64, type Int } from './common';

/** How the server batches digests; every field defaults to 0. */
export interface DigestConfig {
  /** Send a list once its oldest digest is this old (0: at once). */
  maxTimeoutNs?: Int;
  /** Or once it holds this many digests (0: no limit). */
  maxListSize?: number;
  /** Suppress resending the same data while an ack is awaited this long. */
  ackTimeoutNs?: Int;
}

export interface DigestEntrySpec {
  /** Digest by name or id; leave out to read the configuration of every digest. */
  digest?: string | number;
  config?: DigestConfig;
}

/** The configuration of one digest. */
export class DigestEntry implements EncodableEntity {
  declare readonly digest?: string | number;
  declare readonly config?: DigestConfig;

  constructor(spec: DigestEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<DigestEntrySpec>): DigestEntry {
    return new DigestEntry({ ...(this as DigestEntrySpec), ...changes });
  }

  encode(schema: P4Schema): p4.v1.IEntity {
    if (this.digest === undefined) {
      if (this.config) throw new P4SchemaError('digest entry: a config needs a digest');
      return { digest_entry: {} };
    }
    const digest = schema.digests.get(this.digest);
    const owner = `digest '${digest.name}' config`;
    const out: p4.v1.IDigestEntry = { digest_id: digest.id };
    const c = this.config;
    if (c) {
      out.config = {
        max_timeout_ns: int64(c.maxTimeoutNs ?? 0, `${owner} maxTimeoutNs`),
        max_list_size: int32(c.maxListSize ?? 0, `${owner} maxListSize`),
        ack_timeout_ns: int64(c.ackTimeoutNs ?? 0, `${owner} ackTimeoutNs`),
      };
    }
    return { digest_entry: out };
  }

  static decode(msg: p4.v1.IDigestEntry, schema: P4Schema): DigestEntry {
    if (!msg.digest_id) return new DigestEntry();
    const spec: DigestEntrySpec = { digest: schema.digests.get(msg.digest_id).name };
    const c = msg.config;
    if (c) {
      spec.config = {
        maxTimeoutNs: big(c.max_timeout_ns as Int64),
        maxListSize: c.max_list_size ?? 0,
        ackTimeoutNs: big(c.ack_timeout_ns as Int64),
      };
    }
    return new DigestEntry(spec);
  }
}
