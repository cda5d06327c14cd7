/**
 * The StreamChannel of one client: arbitration (device id, election id, role), knowing at every
 * moment whether this client is primary, reopening the stream with backoff when it ends, and
 * sending with grpc-js's backpressure respected: messages written while the stream is over its
 * high-water mark wait in grpc-js's buffer, at most `queueLimit` of them; past that send()
 * throws P4RuntimeStreamFullError instead of letting the buffer grow without bound.
 */
import { EventEmitter } from 'node:events';
import { status as Code, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { p4, fromUint128, toLong, toUint128 } from '../proto';
import { P4RuntimeService } from '../service';
import { backoffMs } from './call';
import { P4RuntimeStreamFullError } from './errors';

/** Lifecycle events of a switch connection (the finsy-style SwitchEvent). */
export enum SwitchEvent {
  /** The stream is open and arbitration has been answered (payload: ArbitrationState). */
  CHANNEL_UP = 'channel_up',
  /** The stream ended or failed (payload: the error, if any). */
  CHANNEL_DOWN = 'channel_down',
  BECAME_PRIMARY = 'became_primary',
  BECAME_BACKUP = 'became_backup',
  /** Every arbitration update (payload: ArbitrationState). */
  ARBITRATION = 'arbitration',
  PACKET_IN = 'packet_in',
  DIGEST_LIST = 'digest_list',
  IDLE_TIMEOUT = 'idle_timeout',
  /** A StreamError sent by the server (payload: p4.v1.StreamError). */
  STREAM_ERROR = 'stream_error',
  /**
   * The stream was reopened after it ended and arbitration has been answered again (payload:
   * ReconnectedEvent): the device may have lost or changed state meanwhile, so a controller
   * re-reads and reconciles (if primary) here.
   */
  RECONNECTED = 'reconnected',
  /** The stream's send buffer has drained: send() accepts messages without queueing. */
  DRAIN = 'drain',
}

/** Payload of SwitchEvent.RECONNECTED. */
export interface ReconnectedEvent {
  /** Whether this client is primary after the new arbitration. */
  primary: boolean;
  arbitration: ArbitrationState;
  /** Streams opened so far, this one included (2 for the first reconnect). */
  streams: number;
}

/** What the last arbitration update said. */
export interface ArbitrationState {
  primary: boolean;
  /** The election id of the current primary as the server reports it (0 when none). */
  primaryElectionId: bigint;
  code: number;
  message: string;
  /** The role as the server echoes it ('' and no config for the default role). */
  role: string;
  roleConfig?: p4.v1.IRole['config'];
}

export interface StreamOptions {
  deviceId: bigint;
  electionId: bigint;
  role: string;
  roleConfig?: p4.v1.IRole['config'];
  reconnect: boolean;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Messages held in grpc-js's buffer (written past its high-water mark) before send() throws. */
  queueLimit: number;
}

type Duplex = ClientDuplexStream<p4.v1.IStreamMessageRequest, p4.v1.StreamMessageResponse>;

/** Owns the StreamChannel call and its arbitration state; re-arbitrates after reconnecting. */
export class StreamChannel extends EventEmitter {
  private call: Duplex | undefined;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private state: ArbitrationState | undefined;
  /** Streams that reached arbitration; a second one is a reconnect. */
  private streamsUp = 0;
  /** Messages written since grpc-js last said its buffer was full, until it drains. */
  private queued = 0;

  constructor(
    private readonly grpc: Client,
    private opts: StreamOptions,
  ) {
    super();
  }

  get isPrimary(): boolean {
    return !!this.call && !!this.state?.primary;
  }

  get arbitration(): ArbitrationState | undefined {
    return this.call ? this.state : undefined;
  }

  get isOpen(): boolean {
    return !!this.call;
  }

  /** Whether an ended stream is reopened (reconnect on, not closed for good). */
  get retries(): boolean {
    return this.opts.reconnect && !this.closed;
  }

  /** Open the stream and send arbitration. Safe to call again: it only opens once. */
  open(): void {
    if (this.call || this.closed) return;
    const m = P4RuntimeService.StreamChannel;
    const call = this.grpc.makeBidiStreamRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
    ) as unknown as Duplex;
    this.call = call;
    call.on('data', (msg: p4.v1.StreamMessageResponse) => this.onMessage(msg));
    call.on('error', (err: Error & { code?: number }) => this.onEnd(call, err));
    call.on('end', () => this.onEnd(call, undefined));
    this.sendArbitration();
  }

  /** Change the election id (e.g. to take over as primary) and arbitrate again. */
  setElectionId(electionId: bigint): void {
    this.opts = { ...this.opts, electionId };
    if (this.call) this.sendArbitration();
  }

  /** True while messages wait in the send buffer (send more after SwitchEvent.DRAIN). */
  get congested(): boolean {
    return this.queued > 0;
  }

  /**
   * Send one message. Returns true if the stream took it at once, false if it waits in the
   * send buffer (wait for DRAIN before sending more); throws if the stream is not open, or
   * P4RuntimeStreamFullError if `queueLimit` messages are already waiting (nothing is sent).
   */
  send(msg: p4.v1.IStreamMessageRequest): boolean {
    const call = this.call;
    if (!call) throw new Error('the stream channel is not open');
    if (this.queued >= this.opts.queueLimit) throw new P4RuntimeStreamFullError(this.queued);
    if (this.queued > 0) {
      this.queued++;
      call.write(msg);
      return false;
    }
    if (call.write(msg)) return true;
    this.queued = 1;
    call.once('drain', () => {
      if (this.call !== call) return;
      this.queued = 0;
      this.emit(SwitchEvent.DRAIN);
    });
    return false;
  }

  /** Close for good: no reconnect. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const call = this.call;
    this.call = undefined;
    const congested = this.queued > 0;
    this.queued = 0;
    if (call) {
      call.end();
      call.cancel();
    }
    // Whoever waits for the buffer to drain learns now (their next send says the stream is closed).
    if (congested) this.emit(SwitchEvent.DRAIN);
  }

  private sendArbitration(): void {
    this.call?.write({
      arbitration: {
        device_id: toLong(this.opts.deviceId),
        election_id: toUint128(this.opts.electionId),
        role:
          this.opts.role || this.opts.roleConfig
            ? { name: this.opts.role, config: this.opts.roleConfig }
            : undefined,
      },
    });
  }

  private onMessage(msg: p4.v1.StreamMessageResponse): void {
    switch (msg.update) {
      case 'arbitration':
        return this.onArbitration(msg.arbitration!);
      case 'packet':
        this.emit(SwitchEvent.PACKET_IN, msg.packet);
        return;
      case 'digest':
        this.emit(SwitchEvent.DIGEST_LIST, msg.digest);
        return;
      case 'idle_timeout_notification':
        this.emit(SwitchEvent.IDLE_TIMEOUT, msg.idle_timeout_notification);
        return;
      case 'error':
        this.emit(SwitchEvent.STREAM_ERROR, msg.error);
        return;
    }
  }

  private onArbitration(a: p4.v1.IMasterArbitrationUpdate): void {
    const first = this.state === undefined;
    const was = this.state?.primary ?? false;
    const code = a.status?.code ?? Code.OK;
    this.attempt = 0;
    this.state = {
      primary: code === Code.OK,
      primaryElectionId: fromUint128(a.election_id),
      code,
      message: a.status?.message ?? '',
      role: a.role?.name ?? '',
      ...(a.role?.config ? { roleConfig: a.role.config } : {}),
    };
    if (first) this.emit(SwitchEvent.CHANNEL_UP, this.state);
    this.emit(SwitchEvent.ARBITRATION, this.state);
    if (this.state.primary && (!was || first)) this.emit(SwitchEvent.BECAME_PRIMARY, this.state);
    if (!this.state.primary && (was || first)) this.emit(SwitchEvent.BECAME_BACKUP, this.state);
    if (first && ++this.streamsUp > 1) {
      const event: ReconnectedEvent = {
        primary: this.state.primary,
        arbitration: this.state,
        streams: this.streamsUp,
      };
      this.emit(SwitchEvent.RECONNECTED, event);
    }
  }

  private onEnd(call: Duplex, err: (Error & { code?: number }) | undefined): void {
    if (this.call !== call) return; // an old call ending after we replaced or closed it
    this.call = undefined;
    const congested = this.queued > 0;
    this.queued = 0;
    // The buffer went with the call: waiters on DRAIN must not wait out their deadline.
    if (congested) this.emit(SwitchEvent.DRAIN);
    const wasPrimary = this.state?.primary ?? false;
    this.state = undefined;
    if (wasPrimary) this.emit(SwitchEvent.BECAME_BACKUP, undefined);
    this.emit(SwitchEvent.CHANNEL_DOWN, err);
    if (this.closed || !this.opts.reconnect) return;
    const wait = backoffMs(this.attempt++, this.opts.backoffInitialMs, this.opts.backoffMaxMs);
    this.timer = setTimeout(() => this.open(), wait);
    this.timer.unref?.();
  }
}
