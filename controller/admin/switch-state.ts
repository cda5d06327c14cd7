import { status } from '@grpc/grpc-js';
import { AdminError } from './rpc-error';

/** A switch's convergence as the reconciler reports it. */
export type Convergence = 'converged' | 'converging' | 'diverged' | 'unreachable' | 'unknown';

/** Where a switch stands (GetSwitchStatus). */
export interface SwitchStatusInfo {
  readonly name: string;
  readonly convergence: Convergence;
  /** Replica id of the controller that leads the switch; '' if none is known. */
  readonly leader: string;
  readonly appliedVersion: number;
  readonly detail: string;
}

/** One table's fill against its P4Info size. */
export interface TableFill {
  readonly table: string;
  readonly entries: number;
  readonly size: number;
}

/** One counter cell. */
export interface CounterCell {
  readonly counter: string;
  readonly index: number;
  readonly packets: number;
  readonly bytes: number;
}

/**
 * What the admin API asks about live switches (a Nest injection token). The switch sessions
 * and the reconciler provide it; a controller without them answers with NoSwitchSessions.
 */
export abstract class SwitchStateSource {
  /** The status of a registered switch. */
  abstract status(name: string): Promise<SwitchStatusInfo>;
  /** Entries per table against the P4Info sizes. */
  abstract occupancy(name: string): Promise<readonly TableFill[]>;
  /** Counter values (`counter` '' for all). */
  abstract counters(name: string, counter: string): Promise<readonly CounterCell[]>;
}

/** No switch sessions in this process: status is 'unknown', live reads are refused. */
export class NoSwitchSessions extends SwitchStateSource {
  status(name: string): Promise<SwitchStatusInfo> {
    return Promise.resolve({
      name,
      convergence: 'unknown',
      leader: '',
      appliedVersion: 0,
      detail: 'this controller runs no switch sessions',
    });
  }

  occupancy(): Promise<readonly TableFill[]> {
    return Promise.reject(unavailable());
  }

  counters(): Promise<readonly CounterCell[]> {
    return Promise.reject(unavailable());
  }
}

function unavailable(): AdminError {
  return new AdminError(
    status.FAILED_PRECONDITION,
    'this controller runs no switch sessions: live switch state cannot be read',
  );
}
