/**
 * PacketReplicationEngineEntry (spec §9.6): multicast groups and clone sessions. Ids are
 * non-zero in writes and 0 is the read wildcard. Replica ports are SDN port bytes (or the
 * deprecated uint32 `egress_port`), kept as given; backup replicas are not supported
 * (UNIMPLEMENTED, as the spec allows). The opaque multicast `metadata` is kept for reads.
 */
import type { p4 } from '../../../p4runtime/proto';
import type { Replica } from '../../tables/pre';
import { toCanonical, toNumber } from '../bytestrings';
import { Code, fail } from '../status';
import { UpdateType, engine, type EntityContext, type Undo } from './common';

/** Applies one PacketReplicationEngineEntry update; returns how to undo it. */
export function writePre(
  ctx: EntityContext,
  type: UpdateType,
  e: p4.v1.IPacketReplicationEngineEntry,
): Undo {
  if (e.multicast_group_entry) return writeGroup(ctx, type, e.multicast_group_entry);
  if (e.clone_session_entry) return writeSession(ctx, type, e.clone_session_entry);
  return fail(
    Code.INVALID_ARGUMENT,
    'packet replication engine entry: set multicast_group_entry or clone_session_entry',
  );
}

function writeGroup(ctx: EntityContext, type: UpdateType, g: p4.v1.IMulticastGroupEntry): Undo {
  const pre = ctx.state.pre;
  const id = g.multicast_group_id ?? 0;
  const what = `multicast group ${id}`;
  if (id === 0) fail(Code.INVALID_ARGUMENT, `${what}: 0 is not a valid multicast group id`);
  const meta = ctx.book.multicastMetadata;
  const old = pre.multicastGroup(id);
  const oldMeta = meta.get(id);
  const restoreMeta = () => (oldMeta ? meta.set(id, oldMeta) : meta.delete(id));
  if (type === UpdateType.DELETE) {
    engine(() => pre.deleteMulticastGroup(id));
    meta.delete(id);
    return () => {
      pre.insertMulticastGroup(id, old!);
      restoreMeta();
    };
  }
  const replicas = replicasIn(g.replicas, what);
  const md = g.metadata && g.metadata.length > 0 ? g.metadata.slice() : undefined;
  if (type === UpdateType.INSERT) {
    engine(() => pre.insertMulticastGroup(id, replicas));
  } else {
    engine(() => pre.modifyMulticastGroup(id, replicas));
  }
  if (md) meta.set(id, md);
  else meta.delete(id);
  return () => {
    if (old) pre.modifyMulticastGroup(id, old);
    else pre.deleteMulticastGroup(id);
    restoreMeta();
  };
}

function writeSession(ctx: EntityContext, type: UpdateType, s: p4.v1.ICloneSessionEntry): Undo {
  const pre = ctx.state.pre;
  const id = s.session_id ?? 0;
  const what = `clone session ${id}`;
  if (id === 0) fail(Code.INVALID_ARGUMENT, `${what}: 0 is not a valid session id`);
  const old = pre.cloneSession(id);
  if (type === UpdateType.DELETE) {
    engine(() => pre.deleteCloneSession(id));
    return () => pre.insertCloneSession(old!);
  }
  const length = s.packet_length_bytes ?? 0;
  if (length < 0) fail(Code.INVALID_ARGUMENT, `${what}: packet_length_bytes ${length} is negative`);
  const session = {
    sessionId: id,
    replicas: replicasIn(s.replicas, what),
    classOfService: s.class_of_service ?? 0,
    packetLengthBytes: length,
  };
  if (type === UpdateType.INSERT) engine(() => pre.insertCloneSession(session));
  else engine(() => pre.modifyCloneSession(session));
  return () => (old ? pre.modifyCloneSession(old) : pre.deleteCloneSession(id));
}

function replicasIn(list: readonly p4.v1.IReplica[] | null | undefined, what: string): Replica[] {
  return (list ?? []).map((r, i) => {
    if ((r.backup_replicas ?? []).length > 0)
      fail(Code.UNIMPLEMENTED, `${what}: backup replicas are not supported`);
    let port: number;
    if (r.port && r.port.length > 0) {
      const extra = r.port.subarray(0, Math.max(0, r.port.length - 4));
      if (extra.some((b) => b !== 0))
        fail(Code.INVALID_ARGUMENT, `${what}: replica ${i} port does not fit in 32 bits`);
      port = toNumber(r.port.subarray(extra.length));
    } else if (r.egress_port) {
      port = r.egress_port;
    } else {
      return fail(Code.INVALID_ARGUMENT, `${what}: replica ${i} has no port`);
    }
    return { egressPort: port, instance: r.instance ?? 0 };
  });
}

function replicasOut(list: readonly Replica[]): p4.v1.IReplica[] {
  return list.map((r) => ({ port: toCanonical(portBytes(r.egressPort)), instance: r.instance }));
}

function portBytes(port: number): Uint8Array {
  return Uint8Array.of(port >>> 24, (port >>> 16) & 0xff, (port >>> 8) & 0xff, port & 0xff);
}

/** Emits the groups or sessions a PacketReplicationEngineEntry read selects (0 = all). */
export function readPre(
  ctx: EntityContext,
  e: p4.v1.IPacketReplicationEngineEntry,
  emit: (x: p4.v1.IEntity) => void,
): void {
  const pre = ctx.state.pre;
  if (e.multicast_group_entry) {
    const id = e.multicast_group_entry.multicast_group_id ?? 0;
    const meta = ctx.book.multicastMetadata;
    const groups = id ? [{ groupId: id, replicas: pre.multicastGroup(id) }] : pre.multicastGroups();
    for (const g of groups) {
      if (!g.replicas) continue;
      const md = meta.get(g.groupId);
      emit({
        packet_replication_engine_entry: {
          multicast_group_entry: {
            multicast_group_id: g.groupId,
            replicas: replicasOut(g.replicas),
            ...(md ? { metadata: md } : {}),
          },
        },
      });
    }
    return;
  }
  if (e.clone_session_entry) {
    const id = e.clone_session_entry.session_id ?? 0;
    const sessions = id ? [pre.cloneSession(id)] : pre.cloneSessions();
    for (const s of sessions) {
      if (!s) continue;
      emit({
        packet_replication_engine_entry: {
          clone_session_entry: {
            session_id: s.sessionId,
            replicas: replicasOut(s.replicas),
            class_of_service: s.classOfService,
            packet_length_bytes: s.packetLengthBytes,
          },
        },
      });
    }
    return;
  }
  fail(
    Code.INVALID_ARGUMENT,
    'packet replication engine read: set multicast_group_entry or clone_session_entry',
  );
}
