/**
 * What every part of a client shares: the gRPC channel, the device, election id and role its
 * requests carry, the default deadline, the schema, and how a unary call is made.
 */
import * as grpc from '@grpc/grpc-js';
import type { p4 } from '../proto';
import type { P4Schema } from '../schema';
import type { EncodableEntity } from '../entities/update';
import { P4RuntimeService } from '../service';
import { deadlineOf, linkAbort, type CallOpts } from './call';
import { fromServiceError } from './errors';

/** The shared state of one client (one device, one election id, one role). */
export class ClientLink {
  schema: P4Schema | undefined;

  constructor(
    readonly grpc: grpc.Client,
    readonly deviceId: bigint,
    public electionId: bigint,
    readonly role: string,
    readonly timeoutMs: number,
    schema: P4Schema | undefined,
  ) {
    this.schema = schema;
  }

  requireSchema(): P4Schema {
    if (!this.schema) throw new Error('no P4Info known: call setPipeline or pass a schema');
    return this.schema;
  }

  /** An entity as a message: entity values encode themselves against the schema. */
  encodeEntity(e: EncodableEntity | p4.v1.IEntity): p4.v1.IEntity {
    return 'encode' in e && typeof e.encode === 'function'
      ? e.encode(this.requireSchema())
      : (e as p4.v1.IEntity);
  }

  /** One unary call with a deadline and the caller's AbortSignal; errors typed. */
  unary<Req, Res>(
    name: keyof typeof P4RuntimeService,
    req: Req,
    opts?: CallOpts,
    serialize?: (r: Req) => Buffer,
  ): Promise<Res> {
    const m = P4RuntimeService[name] as unknown as {
      path: string;
      requestSerialize: (r: Req) => Buffer;
      responseDeserialize: (b: Buffer) => Res;
    };
    return new Promise<Res>((resolve, reject) => {
      const call = this.grpc.makeUnaryRequest(
        m.path,
        serialize ?? m.requestSerialize,
        m.responseDeserialize,
        req,
        deadlineOf(opts, this.timeoutMs),
        (err, res) => {
          unlink();
          if (err) reject(fromServiceError(name, err));
          else resolve(res as Res);
        },
      );
      const unlink = linkAbort(call, opts?.signal);
    });
  }
}
