/**
 * The P4Runtime gRPC service definition with our generated codecs, shared by the client and the
 * embedded switch's server (no proto-loader: the static encoders are faster and typed).
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { p4 } from '../generated/proto';

/** Encoder/decoder pair of one generated message class. */
interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

function method<Req, Res>(
  name: string,
  req: Codec<Req>,
  res: Codec<Res>,
  requestStream: boolean,
  responseStream: boolean,
) {
  return {
    path: `/p4.v1.P4Runtime/${name}`,
    requestStream,
    responseStream,
    requestSerialize: (m: Req) => toBuffer(req.encode(m).finish()),
    requestDeserialize: (b: Buffer) => req.decode(b),
    responseSerialize: (m: Res) => toBuffer(res.encode(m).finish()),
    responseDeserialize: (b: Buffer) => res.decode(b),
    originalName: name,
  };
}

function toBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

const v1 = p4.v1;

/** P4Runtime service, as `grpc.ServiceDefinition`, in specification order. */
export const P4RuntimeService = {
  Write: method('Write', v1.WriteRequest, v1.WriteResponse, false, false),
  Read: method('Read', v1.ReadRequest, v1.ReadResponse, false, true),
  SetForwardingPipelineConfig: method(
    'SetForwardingPipelineConfig',
    v1.SetForwardingPipelineConfigRequest,
    v1.SetForwardingPipelineConfigResponse,
    false,
    false,
  ),
  GetForwardingPipelineConfig: method(
    'GetForwardingPipelineConfig',
    v1.GetForwardingPipelineConfigRequest,
    v1.GetForwardingPipelineConfigResponse,
    false,
    false,
  ),
  StreamChannel: method(
    'StreamChannel',
    v1.StreamMessageRequest,
    v1.StreamMessageResponse,
    true,
    true,
  ),
  Capabilities: method(
    'Capabilities',
    v1.CapabilitiesRequest,
    v1.CapabilitiesResponse,
    false,
    false,
  ),
} satisfies ServiceDefinition;

/** Channel options both ends use: P4Info and bulk reads can be large. */
export const CHANNEL_OPTIONS = {
  'grpc.max_receive_message_length': 256 * 1024 * 1024,
  'grpc.max_send_message_length': 256 * 1024 * 1024,
};
