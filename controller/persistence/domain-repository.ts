import type { DomainState } from '../domain';

/** Another writer committed first: reload, validate again, retry. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly expected: number,
    readonly found: number,
  ) {
    super(`domain version is ${found}, not ${expected}: another command committed first`);
  }
}

/** What a commit wrote: rows upserted and deleted per table, and the new version. */
export interface CommitSummary {
  readonly version: number;
  readonly upserted: Readonly<Record<string, number>>;
  readonly deleted: Readonly<Record<string, number>>;
}

/**
 * Where the domain state is kept (a Nest injection token: modules depend on this abstract
 * class, never on the ORM). The stored version rises by one with every commit.
 */
export abstract class DomainRepository {
  /** The stored state, read as one consistent snapshot. */
  abstract load(): Promise<DomainState>;

  /** The stored version alone (cheap: what the reconciler polls). */
  abstract version(): Promise<number>;

  /**
   * Stores `next` in place of `previous` in one transaction: only the rows that differ are
   * written, and the version becomes `next.version` (which must be `previous.version + 1`).
   * Throws VersionConflictError, storing nothing, if the stored version is not
   * `previous.version`; any failure rolls everything back.
   */
  abstract commit(previous: DomainState, next: DomainState): Promise<CommitSummary>;
}
