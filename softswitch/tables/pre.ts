import { fail } from './errors';

/** One copy of a packet: the egress port and the instance (replication id) it carries. */
export interface Replica {
  readonly egressPort: number;
  readonly instance: number;
}

/** A clone session (P4Runtime CloneSessionEntry). */
export interface CloneSession {
  readonly sessionId: number;
  readonly replicas: readonly Replica[];
  readonly classOfService: number;
  /** Truncate clones to this many bytes; 0 = no truncation. */
  readonly packetLengthBytes: number;
}

/** Limits of the replication engine. */
export interface PreOptions {
  readonly maxMulticastGroups?: number;
  readonly maxCloneSessions?: number;
  readonly maxReplicas?: number;
}

function isU32(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;
}

/**
 * The packet replication engine: multicast groups (group id -> replicas) and clone
 * sessions. Lists are validated and frozen on write so the pipeline reads them directly.
 */
export class PacketReplicationEngine {
  private readonly groups = new Map<number, readonly Replica[]>();
  private readonly sessions = new Map<number, CloneSession>();

  constructor(readonly options: PreOptions = {}) {}

  private replicas(what: string, replicas: readonly Replica[]): readonly Replica[] {
    if (!Array.isArray(replicas))
      throw fail('INVALID_ARGUMENT', `${what}: replicas must be a list`);
    const max = this.options.maxReplicas ?? Infinity;
    if (replicas.length > max) {
      throw fail(
        'RESOURCE_EXHAUSTED',
        `${what}: ${replicas.length} replicas exceed the maximum ${max}`,
      );
    }
    const seen = new Set<string>();
    for (const r of replicas) {
      if (!isU32(r?.egressPort) || !isU32(r?.instance)) {
        throw fail(
          'INVALID_ARGUMENT',
          `${what}: replica ${JSON.stringify(r)} needs uint32 egressPort and instance`,
        );
      }
      const key = `${r.egressPort}/${r.instance}`;
      if (seen.has(key)) {
        throw fail(
          'INVALID_ARGUMENT',
          `${what}: replica port ${r.egressPort} instance ${r.instance} is listed twice`,
        );
      }
      seen.add(key);
    }
    return Object.freeze(
      replicas.map((r) => Object.freeze({ egressPort: r.egressPort, instance: r.instance })),
    );
  }

  private checkId(what: string, id: number): void {
    if (!isU32(id) || id === 0)
      throw fail('INVALID_ARGUMENT', `${what}: id ${id} must be a uint32 > 0`);
  }

  /** Adds multicast group `groupId`. */
  insertMulticastGroup(groupId: number, replicas: readonly Replica[]): void {
    const what = `multicast group ${groupId}`;
    this.checkId(what, groupId);
    if (this.groups.has(groupId)) throw fail('ALREADY_EXISTS', `${what} already exists`);
    const list = this.replicas(what, replicas);
    const max = this.options.maxMulticastGroups ?? Infinity;
    if (this.groups.size >= max)
      throw fail('RESOURCE_EXHAUSTED', `${what}: the PRE holds ${max} groups at most`);
    this.groups.set(groupId, list);
  }

  /** Replaces the replicas of multicast group `groupId`. */
  modifyMulticastGroup(groupId: number, replicas: readonly Replica[]): void {
    const what = `multicast group ${groupId}`;
    if (!this.groups.has(groupId)) throw fail('NOT_FOUND', `${what} does not exist`);
    this.groups.set(groupId, this.replicas(what, replicas));
  }

  /** Deletes multicast group `groupId`. */
  deleteMulticastGroup(groupId: number): void {
    if (!this.groups.delete(groupId))
      throw fail('NOT_FOUND', `multicast group ${groupId} does not exist`);
  }

  /** Replicas of multicast group `groupId` (the packet path's call), or undefined. */
  multicastGroup(groupId: number): readonly Replica[] | undefined {
    return this.groups.get(groupId);
  }

  /** All multicast groups in id order. */
  multicastGroups(): { groupId: number; replicas: readonly Replica[] }[] {
    return [...this.groups.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([groupId, replicas]) => ({ groupId, replicas }));
  }

  private session(s: CloneSession): CloneSession {
    const what = `clone session ${s?.sessionId}`;
    this.checkId(what, s?.sessionId);
    if (!isU32(s.classOfService))
      throw fail(
        'INVALID_ARGUMENT',
        `${what}: class of service ${s.classOfService} is not a uint32`,
      );
    if (!isU32(s.packetLengthBytes)) {
      throw fail(
        'INVALID_ARGUMENT',
        `${what}: packet length ${s.packetLengthBytes} is not a uint32`,
      );
    }
    return Object.freeze({
      sessionId: s.sessionId,
      replicas: this.replicas(what, s.replicas),
      classOfService: s.classOfService,
      packetLengthBytes: s.packetLengthBytes,
    });
  }

  /** Adds a clone session. */
  insertCloneSession(s: CloneSession): void {
    const session = this.session(s);
    if (this.sessions.has(session.sessionId)) {
      throw fail('ALREADY_EXISTS', `clone session ${session.sessionId} already exists`);
    }
    const max = this.options.maxCloneSessions ?? Infinity;
    if (this.sessions.size >= max) {
      throw fail(
        'RESOURCE_EXHAUSTED',
        `clone session ${session.sessionId}: the PRE holds ${max} sessions at most`,
      );
    }
    this.sessions.set(session.sessionId, session);
  }

  /** Replaces a clone session. */
  modifyCloneSession(s: CloneSession): void {
    const session = this.session(s);
    if (!this.sessions.has(session.sessionId))
      throw fail('NOT_FOUND', `clone session ${session.sessionId} does not exist`);
    this.sessions.set(session.sessionId, session);
  }

  /** Deletes clone session `sessionId`. */
  deleteCloneSession(sessionId: number): void {
    if (!this.sessions.delete(sessionId))
      throw fail('NOT_FOUND', `clone session ${sessionId} does not exist`);
  }

  /** Clone session `sessionId` (the packet path's call), or undefined. */
  cloneSession(sessionId: number): CloneSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** All clone sessions in id order. */
  cloneSessions(): CloneSession[] {
    return [...this.sessions.values()].sort((a, b) => a.sessionId - b.sessionId);
  }

  /** Removes every group and session. */
  clear(): void {
    this.groups.clear();
    this.sessions.clear();
  }
}
