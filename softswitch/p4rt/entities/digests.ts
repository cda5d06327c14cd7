/**
 * DigestEntry (spec §9.9): INSERT enables DigestList generation for a digest with its config,
 * MODIFY changes the config of an enabled digest, DELETE disables it. Reads return the
 * enabled digests (digest_id 0 = all).
 */
import type { Int64, p4 } from '../../../p4runtime/proto';
import type { DigestConfig } from '../../tables/digests';
import { Code, fail } from '../status';
import { UpdateType, engine, int64, nonNegative, type EntityContext, type Undo } from './common';

function digestOf(ctx: EntityContext, id: number | null | undefined) {
  const info = ctx.schema.digests.findId(id ?? 0);
  if (!info) fail(Code.INVALID_ARGUMENT, `digest id ${id ?? 0} is not in the P4Info`);
  return { info, queue: ctx.state.digests.get(info.id)! };
}

/** Applies one DigestEntry update; returns how to undo it. */
export function writeDigest(ctx: EntityContext, type: UpdateType, d: p4.v1.IDigestEntry): Undo {
  const { info, queue } = digestOf(ctx, d.digest_id);
  const what = `digest '${info.name}'`;
  const old = queue.currentConfig;
  const restore = () => queue.configure(old);
  if (type === UpdateType.DELETE) {
    if (!old) fail(Code.NOT_FOUND, `${what} is not enabled`);
    queue.configure(undefined);
    return restore;
  }
  if (type === UpdateType.INSERT && old)
    fail(Code.ALREADY_EXISTS, `${what} is already enabled; use MODIFY`);
  if (type === UpdateType.MODIFY && !old)
    fail(Code.NOT_FOUND, `${what} is not enabled; use INSERT`);
  if (!d.config) fail(Code.INVALID_ARGUMENT, `${what}: config must be set`);
  const config: DigestConfig = {
    maxTimeoutNs: nonNegative(d.config.max_timeout_ns as Int64, `${what}: max_timeout_ns`),
    maxListSize: d.config.max_list_size ?? 0,
    ackTimeoutNs: nonNegative(d.config.ack_timeout_ns as Int64, `${what}: ack_timeout_ns`),
  };
  if (config.maxListSize < 0)
    fail(Code.INVALID_ARGUMENT, `${what}: max_list_size ${config.maxListSize} is negative`);
  engine(() => queue.configure(config));
  return restore;
}

/** Emits the configs of enabled digests a DigestEntry read selects. */
export function readDigests(
  ctx: EntityContext,
  d: p4.v1.IDigestEntry,
  emit: (e: p4.v1.IEntity) => void,
): void {
  const infos = d.digest_id ? [digestOf(ctx, d.digest_id).info] : ctx.schema.digests.all();
  for (const info of infos) {
    const cfg = ctx.state.digests.get(info.id)!.currentConfig;
    if (!cfg) continue;
    emit({
      digest_entry: {
        digest_id: info.id,
        config: {
          max_timeout_ns: int64(cfg.maxTimeoutNs),
          max_list_size: cfg.maxListSize,
          ack_timeout_ns: int64(cfg.ackTimeoutNs),
        },
      },
    });
  }
}
