/** Read: entities (wildcards allowed) streamed back as the server sends them. */
import type * as grpc from '@grpc/grpc-js';
import { toLong, type p4 } from '../proto';
import type { EncodableEntity } from '../entities/update';
import { P4RuntimeService } from '../service';
import { deadlineOf, linkAbort, type CallOpts } from './call';
import { fromServiceError } from './errors';
import type { ClientLink } from './link';

/** Yields each entity as the server streams it; throws P4RuntimeReadError on per-entity errors. */
export async function* read(
  link: ClientLink,
  entities: readonly (EncodableEntity | p4.v1.IEntity)[],
  opts?: CallOpts,
): AsyncGenerator<p4.v1.IEntity> {
  const m = P4RuntimeService.Read;
  const req: p4.v1.IReadRequest = {
    device_id: toLong(link.deviceId),
    ...(link.role ? { role: link.role } : {}),
    entities: entities.map((e) => link.encodeEntity(e)),
  };
  const call = link.grpc.makeServerStreamRequest(
    m.path,
    m.requestSerialize,
    m.responseDeserialize,
    req,
    deadlineOf(opts, link.timeoutMs),
  );
  const unlink = linkAbort(call, opts?.signal);
  try {
    for await (const res of call as AsyncIterable<p4.v1.ReadResponse>) {
      yield* res.entities;
    }
  } catch (e) {
    const err = e as grpc.ServiceError;
    throw typeof err.code === 'number' ? fromServiceError('Read', err) : e;
  } finally {
    unlink();
    call.cancel();
  }
}
