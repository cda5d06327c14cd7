/**
 * Primary/backup arbitration among the controllers of one (device id, role), after the rules of
 * P4Runtime spec §5.3 ("Rules for Handling MasterArbitrationUpdate Messages") and §5.4
 * ("Client Arbitration Notifications").
 *
 * The one place where we offer a choice is what happens when the primary's stream ends. The
 * spec leaves the role without a primary until some controller arbitrates again with an
 * election id at least as high as the highest ever seen ('wait-for-arbitration'). bmv2's PI
 * server instead promotes the live controller with the highest election id at once
 * ('promote-next'); that is our default, so a controller sees the same on bmv2 and here.
 */
import { google, p4, toLong, toUint128 } from '../../p4runtime/proto';
import { Code, fail } from './status';

/** What happens to the primary role when the primary's stream ends. */
export type PrimaryLossPolicy = 'promote-next' | 'wait-for-arbitration';

/** One live controller (one StreamChannel) as the arbiter sees it. */
export class Controller {
  constructor(
    /** Undefined when the controller left election_id unset: lower than any id, never primary. */
    public electionId: bigint | undefined,
    /** Sends a message on this controller's stream (arbitration updates, packets, digests). */
    readonly send: (msg: p4.v1.IStreamMessageResponse) => void,
  ) {}
}

export interface ArbiterOptions {
  deviceId: bigint;
  role: string;
  /** Live controllers allowed for this (device, role); more is RESOURCE_EXHAUSTED. */
  maxControllers: number;
  onPrimaryLoss: PrimaryLossPolicy;
}

/** Elects the primary of one (device id, role) and tells every controller when it changes. */
export class RoleArbiter {
  private readonly controllers = new Set<Controller>();
  /** `election_id_past` of the spec: the highest election id ever received for this role. */
  private highest: bigint | undefined;
  private current: Controller | undefined;
  /** Role config most recently received from a primary, echoed in every notification. */
  private config: google.protobuf.IAny | null = null;

  constructor(private readonly opts: ArbiterOptions) {}

  get role(): string {
    return this.opts.role;
  }

  /** The current primary, if any. */
  get primary(): Controller | undefined {
    return this.current;
  }

  get size(): number {
    return this.controllers.size;
  }

  /** Whether a request carrying this election id comes from the current primary. */
  isPrimary(electionId: bigint | undefined): boolean {
    return (
      this.current !== undefined &&
      electionId !== undefined &&
      this.current.electionId === electionId
    );
  }

  /** A new stream's first arbitration (spec rule 1). Throws the code that ends the stream. */
  join(c: Controller, config: google.protobuf.IAny | null | undefined): void {
    if (this.controllers.size >= this.opts.maxControllers) {
      fail(
        Code.RESOURCE_EXHAUSTED,
        `device ${this.opts.deviceId} role '${this.opts.role}' already has ` +
          `${this.opts.maxControllers} controllers connected`,
      );
    }
    this.assertUnique(c.electionId, undefined);
    this.controllers.add(c);
    this.elect(c, config);
  }

  /** A later arbitration on a live stream (spec rule 2): a new election id, maybe a new config. */
  update(
    c: Controller,
    electionId: bigint | undefined,
    config: google.protobuf.IAny | null | undefined,
  ): void {
    this.assertUnique(electionId, c);
    c.electionId = electionId;
    this.elect(c, config);
  }

  /** The controller's stream ended; if it was primary, everyone left is told. */
  leave(c: Controller): void {
    if (!this.controllers.delete(c)) return;
    if (c !== this.current) return; // a backup leaving changes nothing for the others
    this.current = this.choosePrimary();
    this.notifyAll();
  }

  private assertUnique(electionId: bigint | undefined, self: Controller | undefined): void {
    if (electionId === undefined) return; // any number of controllers may leave it unset
    for (const other of this.controllers) {
      if (other !== self && other.electionId === electionId) {
        fail(
          Code.INVALID_ARGUMENT,
          `election id ${electionId} is already used by another controller of device ` +
            `${this.opts.deviceId} role '${this.opts.role}'`,
        );
      }
    }
  }

  private elect(actor: Controller, config: google.protobuf.IAny | null | undefined): void {
    const before = this.current;
    const id = actor.electionId;
    if (id !== undefined && (this.highest === undefined || id >= this.highest)) this.highest = id;
    this.current = this.choosePrimary();
    if (actor === this.current) this.config = config ?? null;
    // A new primary, a downgraded primary or a primary re-asserting itself concern everyone; a
    // backup arbitrating only learns where it stands.
    if (before !== this.current || actor === this.current) this.notifyAll();
    else this.notifyOne(actor);
  }

  private choosePrimary(): Controller | undefined {
    if (this.opts.onPrimaryLoss === 'wait-for-arbitration') {
      // Only a controller holding the highest id ever seen is primary.
      for (const c of this.controllers) {
        if (c.electionId !== undefined && c.electionId === this.highest) return c;
      }
      return undefined;
    }
    let best: Controller | undefined;
    for (const c of this.controllers) {
      if (c.electionId === undefined) continue;
      if (!best || c.electionId > best.electionId!) best = c;
    }
    return best;
  }

  /** Backups first, the primary last (spec rule: others are told before the new primary). */
  private notifyAll(): void {
    for (const c of this.controllers) if (c !== this.current) this.notifyOne(c);
    if (this.current) this.notifyOne(this.current);
  }

  private notifyOne(c: Controller): void {
    const primary = this.current;
    const reported = primary ? primary.electionId : this.highest;
    let status: google.rpc.IStatus;
    if (!primary) {
      status = { code: Code.NOT_FOUND, message: 'there is no primary for this device and role' };
    } else if (c === primary) {
      status = { code: Code.OK, message: 'this controller is the primary' };
    } else {
      status = {
        code: Code.ALREADY_EXISTS,
        message: `this controller is a backup: the primary has election id ${primary.electionId}`,
      };
    }
    const { role } = this.opts;
    c.send({
      arbitration: {
        device_id: toLong(this.opts.deviceId),
        role: role || this.config ? { name: role, config: this.config } : null,
        // Unset while no controller with an election id ever arbitrated (no primary ever).
        election_id: reported === undefined ? null : toUint128(reported),
        status,
      },
    });
  }
}
