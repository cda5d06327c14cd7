/**
 * The commands that change the domain: plain data, one `type` each, as the admin API, the
 * scenario driver or an announcement gives them. Payloads are the domain's own inputs
 * (ServiceInput, InstanceInput, ...), validated in full by the domain before anything is
 * stored.
 *
 *   { type: 'set-instances', service: 'video.example', instances: [{ id: 'v1', ... }] }
 */
import { showValue } from '../domain';

export type Command =
  /** A new service; refused if its name or index is taken. */
  | { readonly type: 'create-service'; readonly service: unknown }
  /** Changes fields of a service (not its name); its slices are planned again if needed. */
  | { readonly type: 'update-service'; readonly name: string; readonly changes: unknown }
  /** Removes a service with its instances and its slice map. */
  | { readonly type: 'delete-service'; readonly name: string }
  /** A new instance of an existing service; refused if its id is taken. */
  | { readonly type: 'add-instance'; readonly instance: unknown }
  /** Removes an instance; its slices go to the others. */
  | { readonly type: 'remove-instance'; readonly id: string }
  /** Keeps the instance but gives away all its slices (state 'draining'). */
  | { readonly type: 'drain-instance'; readonly id: string }
  /** New weights and/or metrics of several instances, as one event. */
  | {
      readonly type: 'set-weights';
      readonly weights?: Readonly<Record<string, unknown>>;
      readonly metrics?: Readonly<Record<string, unknown>>;
    }
  /** The scaling event: the instances of a service become exactly this list. */
  | { readonly type: 'set-instances'; readonly service: string; readonly instances: unknown }
  /** Creates or replaces an MSLB service. */
  | { readonly type: 'put-mslb'; readonly mslb: unknown }
  | { readonly type: 'delete-mslb'; readonly name: string }
  /** Creates or replaces the route of (switch, prefix). */
  | { readonly type: 'put-route'; readonly route: unknown }
  | { readonly type: 'delete-route'; readonly switch: string; readonly prefix: string }
  /** Registers a switch, or replaces its registration. */
  | { readonly type: 'register-switch'; readonly switch: unknown }
  | { readonly type: 'deregister-switch'; readonly name: string }
  /**
   * An authenticated ROSA ANNOUNCE / WITHDRAW (wire §1; controller/announcements): refused
   * unless `sequence` is above the instance's last one, which it becomes. ANNOUNCE with a
   * weight: active with that weight and metric; with weight 0: draining; WITHDRAW: down.
   */
  | {
      readonly type: 'announce';
      readonly id: string;
      readonly kind: 'announce' | 'withdraw';
      readonly weight: number;
      readonly metric: number;
      readonly sequence: number;
    }
  /** Liveness: an instance silent too long is down (its slices go to the others). */
  | { readonly type: 'instance-down'; readonly id: string };

export type CommandType = Command['type'];

/** Every command type, for validation and documentation. */
export const COMMAND_TYPES: readonly CommandType[] = [
  'create-service',
  'update-service',
  'delete-service',
  'add-instance',
  'remove-instance',
  'drain-instance',
  'set-weights',
  'set-instances',
  'put-mslb',
  'delete-mslb',
  'put-route',
  'delete-route',
  'register-switch',
  'deregister-switch',
  'announce',
  'instance-down',
];

/**
 * A command was refused; nothing was stored. `field` is a path in the command
 * (`instance.weight`, `instances[2].locators[0]`), or in the resulting state for a conflict
 * with what is stored (`instances[7].locators[0]`).
 */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';
  constructor(
    readonly command: string,
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${command}: ${field}: ${showValue(value)} is invalid: expected ${expected}`);
  }
}
