import { Injectable, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { DomainError, type DomainState, type DomainStateInput } from '../domain';
import { EventBus } from '../events/event-bus';
import { StructuredLogger } from '../logging/structured-logger';
import {
  type CommitSummary,
  DomainRepository,
  VersionConflictError,
} from '../persistence/domain-repository';
import { type Replanned, withPlannedSlices } from '../planner';
import { applyCommand } from './apply';
import { type Command, CommandRefusedError } from './command';

/** A committed command: the state it produced and what was written. */
export interface CommandResult {
  readonly state: DomainState;
  readonly summary: CommitSummary;
}

/** Attempts of a command that loses the version race to another replica. */
const MAX_ATTEMPTS = 5;

/**
 * Runs commands one at a time: load the state, apply the command (validated in full, slices
 * planned again), commit in one transaction. A refused command stores nothing and rejects with
 * CommandRefusedError naming the field.
 */
@Injectable()
export class CommandService implements BeforeApplicationShutdown {
  private queue: Promise<unknown> = Promise.resolve();
  private current: DomainState | undefined;
  private closing = false;

  constructor(
    private readonly repository: DomainRepository,
    private readonly logger: StructuredLogger,
    /** Where each committed command is published as a `change` event (Watch, metrics). */
    @Optional() private readonly events?: EventBus,
  ) {}

  /** Validates and applies `command`; resolves once it is committed. */
  execute(command: Command): Promise<CommandResult> {
    return this.serialized(() => this.run(command));
  }

  /**
   * Stores a whole initial domain (a scenario) in one transaction, only into an empty
   * database (version 0); resolves false, storing nothing, if the database has a state.
   */
  seed(input: Omit<DomainStateInput, 'version'>): Promise<CommandResult | false> {
    return this.serialized(async () => {
      const state = await this.state();
      if (state.version !== 0) return false;
      const { state: next, plans } = refusing('seed', () =>
        withPlannedSlices(state, {
          switches: input.switches,
          routes: input.routes,
          services: input.services,
          instances: input.instances,
          mslbs: input.mslbs,
        }),
      );
      const summary = await this.repository.commit(state, next);
      this.current = next;
      this.logger.log({ msg: 'domain seeded', ...summary }, 'Commands');
      this.logPlans(plans);
      return { state: next, summary };
    });
  }

  /** The stored state (cached while no other writer has committed). */
  async state(): Promise<DomainState> {
    const version = await this.repository.version();
    if (this.current?.version !== version) this.current = await this.repository.load();
    return this.current;
  }

  /** Stops taking commands and waits for the one running (the database is still open). */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.queue.catch(() => undefined);
  }

  /** One line per planned map: slices per holder, moves and their lower bound. */
  private logPlans(plans: Replanned['plans']): void {
    for (const [service, p] of plans) {
      this.logger.log(
        {
          msg: 'slices planned',
          service,
          moved: p.moved,
          lowerBound: p.lowerBound,
          slices: Object.fromEntries(p.map.counts()),
        },
        'Commands',
      );
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the controller is shutting down'));
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(command: Command): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.state();
      const about = subjectOf(command, state);
      let next: DomainState;
      let plans: Replanned['plans'];
      try {
        ({ state: next, plans } = applyCommand(state, command));
      } catch (e) {
        if (e instanceof CommandRefusedError) {
          this.logger.warn(
            {
              msg: 'command refused',
              command: e.command,
              field: e.field,
              expected: e.expected,
              ...about,
            },
            'Commands',
          );
        }
        throw e;
      }
      try {
        const summary = await this.repository.commit(state, next);
        this.current = next;
        this.logger.log(
          { msg: 'command applied', command: command.type, ...about, ...summary },
          'Commands',
        );
        this.logPlans(plans);
        this.events?.publish({
          kind: 'change',
          action: command.type,
          version: next.version,
          ...about,
          detail: { upserted: summary.upserted, deleted: summary.deleted },
        });
        return { state: next, summary };
      } catch (e) {
        this.current = undefined;
        if (e instanceof VersionConflictError && attempt < MAX_ATTEMPTS) continue;
        throw e;
      }
    }
  }
}

function refusing<T>(command: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DomainError) {
      throw new CommandRefusedError(command, e.field, e.value, e.expected);
    }
    throw e;
  }
}

/** The service and/or switch a command is about, for the log line. */
function subjectOf(command: Command, state: DomainState): { service?: string; switch?: string } {
  const c = command as unknown as Record<string, unknown>;
  const byId = typeof c.id === 'string' ? state.instance(c.id)?.service : undefined;
  const nested = (k: string, f: string) =>
    typeof c[k] === 'object' && c[k] !== null ? (c[k] as Record<string, unknown>)[f] : undefined;
  const service =
    (typeof c.service === 'string' ? c.service : undefined) ??
    nested('service', 'name') ??
    nested('instance', 'service') ??
    byId ??
    (command.type.endsWith('-service') ? c.name : undefined);
  const sw =
    (typeof c.switch === 'string' ? c.switch : undefined) ??
    nested('switch', 'name') ??
    nested('route', 'switch') ??
    (command.type === 'deregister-switch' ? c.name : undefined);
  return {
    ...(typeof service === 'string' ? { service } : {}),
    ...(typeof sw === 'string' ? { switch: sw } : {}),
  };
}
