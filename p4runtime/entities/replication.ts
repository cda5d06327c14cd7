/**
 * The packet replication engine (P4Runtime v1.5.0 §9.5): multicast groups and clone sessions,
 * each a set of replicas (egress port + instance). Ports use the v1.4+ `port` bytes field, not
 * the deprecated numeric `egress_port`; a number is sent as its canonical 32-bit SDN port.
 *
 *   new MulticastGroupEntry({ groupId: 1, replicas: [{ port: 5, instance: 1 }, 6] })
 *   new CloneSessionEntry({ sessionId: 100, replicas: [{ port: 0xfffffffd }], classOfService: 2,
 *                           packetLengthBytes: 4096 })
 */
import type { EncodableEntity } from './update';
import type { P4Schema } from '../schema';
import { p4 } from '../proto';
import {
  P4ValueError,
  decodePort,
  encodePort,
  freezeInto,
  int32,
  opaqueBytes,
  show,
  uint32,
  type Port,
} from './common';

/** A copy of the packet on a port; `instance` (default 0) tells copies on one port apart. */
export interface ReplicaSpec {
  port: Port;
  instance?: number;
  /** Tried in order when the port is down (v1.5.0; optional for targets). */
  backups?: readonly { port: Port; instance?: number }[];
}

/** A replica, or just its port (instance 0). */
export type Replica = ReplicaSpec | Port;

function encodeReplicas(list: readonly Replica[], owner: string): p4.v1.IReplica[] {
  const seen = new Map<string, string>();
  const key = (port: Uint8Array, instance: number) =>
    `${Buffer.from(port)
      .toString('hex')
      .replace(/^(00)+(?=..)/, '')}/${instance}`;
  const one = (port: Port, instance: number | undefined, where: string) => {
    const p = encodePort(port, `${where} port`);
    const i = uint32(instance ?? 0, `${where} instance`);
    const k = key(p, i);
    const before = seen.get(k);
    if (before) {
      throw new P4ValueError(
        `${where}: (port ${show(port)}, instance ${i}) is already used by ${before} ` +
          `(each (port, instance) must be unique in the group)`,
      );
    }
    seen.set(k, where.slice(owner.length + 1));
    return { port: p, instance: i };
  };
  return list.map((r, n) => {
    const where = `${owner} replica #${n}`;
    const spec: ReplicaSpec = typeof r === 'object' && !(r instanceof Uint8Array) ? r : { port: r };
    const out: p4.v1.IReplica = one(spec.port, spec.instance, where);
    if (spec.backups?.length) {
      out.backup_replicas = spec.backups.map((b, j) => {
        const backup = one(b.port, b.instance, `${where} backup #${j}`);
        if (Buffer.compare(backup.port, out.port as Uint8Array) === 0) {
          throw new P4ValueError(
            `${where} backup #${j}: has the replica's own port ${show(b.port)}`,
          );
        }
        return backup;
      });
    }
    return out;
  });
}

function decodeReplicas(list: readonly p4.v1.IReplica[] | null | undefined): ReplicaSpec[] {
  return (list ?? []).map((r) => {
    const port = r.port?.length ? decodePort(r.port) : (r.egress_port ?? 0);
    const out: ReplicaSpec = { port, instance: r.instance ?? 0 };
    if (r.backup_replicas?.length) {
      out.backups = r.backup_replicas.map((b) => ({
        port: decodePort(b.port),
        instance: b.instance ?? 0,
      }));
    }
    return out;
  });
}

/** An id that is 0 only in a read (the wildcard): a write needs 1 or more. */
function groupId(v: number | undefined, hasData: boolean, what: string): number {
  const id = uint32(v ?? 0, what);
  if (id === 0 && hasData) {
    throw new P4ValueError(
      `${what}: 0 is the read wildcard; a group with replicas needs an id >= 1`,
    );
  }
  return id;
}

export interface MulticastGroupEntrySpec {
  /** Leave out (or 0) to read every group. */
  groupId?: number;
  replicas?: readonly Replica[];
  /** Opaque controller bytes, returned on reads (v1.4.0). */
  metadata?: Uint8Array | string;
}

/** A multicast group: the replicas a packet sent to the group becomes. */
export class MulticastGroupEntry implements EncodableEntity {
  declare readonly groupId?: number;
  declare readonly replicas?: readonly Replica[];
  declare readonly metadata?: Uint8Array | string;

  constructor(spec: MulticastGroupEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<MulticastGroupEntrySpec>): MulticastGroupEntry {
    return new MulticastGroupEntry({ ...(this as MulticastGroupEntrySpec), ...changes });
  }

  encode(_schema?: P4Schema): p4.v1.IEntity {
    const owner = `multicast group ${this.groupId ?? 0}`;
    const out: p4.v1.IMulticastGroupEntry = {
      multicast_group_id: groupId(this.groupId, !!this.replicas?.length, `${owner} id`),
    };
    if (this.replicas) out.replicas = encodeReplicas(this.replicas, owner);
    if (this.metadata !== undefined) out.metadata = opaqueBytes(this.metadata);
    return { packet_replication_engine_entry: { multicast_group_entry: out } };
  }

  static decode(msg: p4.v1.IMulticastGroupEntry, _schema?: P4Schema): MulticastGroupEntry {
    const spec: MulticastGroupEntrySpec = {};
    if (msg.multicast_group_id) spec.groupId = msg.multicast_group_id;
    if (msg.replicas?.length) spec.replicas = decodeReplicas(msg.replicas);
    if (msg.metadata?.length) spec.metadata = new Uint8Array(msg.metadata);
    return new MulticastGroupEntry(spec);
  }
}

export interface CloneSessionEntrySpec {
  /** Leave out (or 0) to read every session. */
  sessionId?: number;
  replicas?: readonly Replica[];
  classOfService?: number;
  /** Truncate clones to this many bytes; 0 (default) keeps them whole. */
  packetLengthBytes?: number;
}

/** A clone session: where clones go, their class of service and truncation. */
export class CloneSessionEntry implements EncodableEntity {
  declare readonly sessionId?: number;
  declare readonly replicas?: readonly Replica[];
  declare readonly classOfService?: number;
  declare readonly packetLengthBytes?: number;

  constructor(spec: CloneSessionEntrySpec = {}) {
    freezeInto(this, { ...spec });
  }

  with(changes: Partial<CloneSessionEntrySpec>): CloneSessionEntry {
    return new CloneSessionEntry({ ...(this as CloneSessionEntrySpec), ...changes });
  }

  encode(_schema?: P4Schema): p4.v1.IEntity {
    const owner = `clone session ${this.sessionId ?? 0}`;
    const hasData = !!this.replicas?.length || !!this.classOfService || !!this.packetLengthBytes;
    const out: p4.v1.ICloneSessionEntry = {
      session_id: groupId(this.sessionId, hasData, `${owner} id`),
    };
    if (this.replicas) out.replicas = encodeReplicas(this.replicas, owner);
    if (this.classOfService)
      out.class_of_service = uint32(this.classOfService, `${owner} classOfService`);
    if (this.packetLengthBytes) {
      out.packet_length_bytes = int32(this.packetLengthBytes, `${owner} packetLengthBytes`);
    }
    return { packet_replication_engine_entry: { clone_session_entry: out } };
  }

  static decode(msg: p4.v1.ICloneSessionEntry, _schema?: P4Schema): CloneSessionEntry {
    const spec: CloneSessionEntrySpec = {};
    if (msg.session_id) spec.sessionId = msg.session_id;
    if (msg.replicas?.length) spec.replicas = decodeReplicas(msg.replicas);
    if (msg.class_of_service) spec.classOfService = msg.class_of_service;
    if (msg.packet_length_bytes) spec.packetLengthBytes = msg.packet_length_bytes;
    return new CloneSessionEntry(spec);
  }
}
