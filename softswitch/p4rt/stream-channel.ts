/**
 * One StreamChannel call: the controller session it carries (spec §5 and §16). The first
 * message must be a MasterArbitrationUpdate; after that the stream carries PacketOut and
 * DigestListAck messages from the controller, and arbitration updates, PacketIn, DigestList,
 * IdleTimeoutNotification and StreamError messages to it.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { fromUint128, p4, toBigInt, type Int64 } from '../../p4runtime/proto';
import { Controller } from './arbitration';
import type { DeviceSession } from './session';
import { Code, P4RuntimeStatus, fail, toStatus } from './status';

type Call = ServerDuplexStream<p4.v1.StreamMessageRequest, p4.v1.IStreamMessageResponse>;

/**
 * Messages queued on a stream beyond which data-plane messages (PacketIn, DigestList,
 * IdleTimeoutNotification) are dropped rather than buffered without bound; the spec lets the
 * server drop them when the controller cannot keep up.
 */
export const MAX_QUEUED_MESSAGES = 4096;

/** Serves one StreamChannel call until either side ends it. */
export class StreamChannel {
  private controller: Controller | undefined;
  private session: DeviceSession | undefined;
  private role = '';
  private closed = false;
  /** Data-plane messages dropped because the controller did not keep up. */
  dropped = 0;

  constructor(
    private readonly call: Call,
    private readonly findSession: (deviceId: bigint) => DeviceSession | undefined,
    private readonly onClose: (channel: StreamChannel) => void,
  ) {
    call.on('data', (msg: p4.v1.StreamMessageRequest) => this.onMessage(msg));
    call.on('end', () => this.close(undefined));
    call.on('cancelled', () => this.close(undefined));
    call.on('error', () => this.close(undefined));
  }

  /** End the stream from the server side (shutdown), with `status` or OK. */
  close(status: P4RuntimeStatus | undefined): void {
    if (this.closed) return;
    this.closed = true;
    if (this.controller && this.session) this.session.leave(this.role, this.controller);
    this.controller = undefined;
    if (status) {
      this.call.emit('error', { code: status.code, details: status.message });
    } else if (this.call.writable) {
      this.call.end();
    }
    this.onClose(this);
  }

  private send(msg: p4.v1.IStreamMessageResponse): void {
    if (this.closed || !this.call.writable) return;
    const droppable = !msg.arbitration && !msg.error;
    if (droppable && this.call.writableLength >= MAX_QUEUED_MESSAGES) {
      this.dropped++;
      return;
    }
    this.call.write(msg);
  }

  private onMessage(msg: p4.v1.StreamMessageRequest): void {
    if (this.closed) return;
    try {
      if (msg.update === 'arbitration') return this.arbitrate(msg.arbitration!);
      if (!this.controller || !this.session) {
        // No session yet: nothing identifies the device or the controller, so the stream can
        // only be refused (the spec requires arbitration before anything else).
        fail(
          Code.FAILED_PRECONDITION,
          'the first message on the stream must be a MasterArbitrationUpdate',
        );
      }
      switch (msg.update) {
        case 'packet':
          return this.session.packetOut(this.role, this.controller, msg.packet!, (e) =>
            this.send({ error: e }),
          );
        case 'digest_ack':
          return this.session.digestAck(this.role, this.controller, msg.digest_ack!, (e) =>
            this.send({ error: e }),
          );
        default:
          this.send({
            error: {
              canonical_code: msg.update === 'other' ? Code.UNIMPLEMENTED : Code.INVALID_ARGUMENT,
              message:
                msg.update === 'other'
                  ? `stream message type '${msg.other?.type_url ?? ''}' is not supported`
                  : 'the stream message has no update set',
              other: { other: msg.other ?? null },
            },
          });
      }
    } catch (e) {
      this.close(toStatus(e));
    }
  }

  private arbitrate(a: p4.v1.IMasterArbitrationUpdate): void {
    const deviceId = toBigInt(a.device_id as Int64);
    const role = a.role?.name ?? '';
    // An unset election_id is lower than any id; { high: 0, low: 0 } is a real id (spec §16.3.1).
    const electionId = a.election_id ? fromUint128(a.election_id) : undefined;
    const config = a.role?.config ?? null;
    if (!this.controller) {
      const session = this.findSession(deviceId);
      if (!session) fail(Code.NOT_FOUND, `device id ${deviceId} is not served here`);
      const controller = new Controller(electionId, (m) => this.send(m));
      session.join(role, controller, config); // throws the status that ends the stream
      this.session = session;
      this.controller = controller;
      this.role = role;
      return;
    }
    const session = this.session!;
    if (deviceId !== session.device.id) {
      fail(
        Code.FAILED_PRECONDITION,
        `this stream is for device ${session.device.id}, not ${deviceId}`,
      );
    }
    if (role !== this.role) {
      fail(
        Code.FAILED_PRECONDITION,
        `this stream has role '${this.role}'; open a new stream to use role '${role}'`,
      );
    }
    session.update(role, this.controller, electionId, config);
  }
}
