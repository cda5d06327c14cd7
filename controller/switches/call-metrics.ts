/**
 * P4Runtime call latency and errors per switch and method, measured by a gRPC client
 * interceptor on the switch's channel, so every call the session makes (Write, Read,
 * pipeline, Capabilities) is seen without touching the library. The long-lived
 * StreamChannel is left out: its "duration" is the session's lifetime.
 *
 *   channelOptions: { interceptors: [callMetricsInterceptor((m, s, code) => record(m, s, code))] }
 */
import * as grpc from '@grpc/grpc-js';

/** Receives one finished call: its method ('Write'), seconds, and the status name if it failed. */
export type CallRecorder = (method: string, seconds: number, errorCode?: string) => void;

const STATUS_NAMES = new Map<number, string>(
  Object.entries(grpc.status)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v as number, k]),
);

/** An interceptor that times each call except StreamChannel and hands it to `record`. */
export function callMetricsInterceptor(record: CallRecorder): grpc.Interceptor {
  return (options, nextCall) => {
    const path = options.method_definition.path;
    const method = path.slice(path.lastIndexOf('/') + 1);
    if (method === 'StreamChannel') return new grpc.InterceptingCall(nextCall(options));
    const started = process.hrtime.bigint();
    const listener = new grpc.ListenerBuilder()
      .withOnReceiveStatus((status, next) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const ok = status.code === grpc.status.OK;
        record(
          method,
          seconds,
          ok ? undefined : (STATUS_NAMES.get(status.code) ?? String(status.code)),
        );
        next(status);
      })
      .build();
    const requester = new grpc.RequesterBuilder()
      .withStart((metadata, _listener, next) => next(metadata, listener))
      .build();
    return new grpc.InterceptingCall(nextCall(options), requester);
  };
}
