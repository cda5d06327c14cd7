import {
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';

/** Serving states of grpc.health.v1. */
export type ServingStatus = 'SERVING' | 'NOT_SERVING';

/**
 * grpc.health.v1.Health: "" (the server) and each named service report SERVING while the
 * controller runs and NOT_SERVING once it is stopping. Watch sends the current status, then
 * each change.
 */
export class HealthService {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<{
    service: string;
    call: ServerWritableStream<unknown, unknown>;
  }>();

  constructor(services: readonly string[]) {
    for (const s of ['', ...services]) this.statuses.set(s, 'SERVING');
  }

  /** Sets every service's status (NOT_SERVING on shutdown). */
  setAll(s: ServingStatus): void {
    for (const k of this.statuses.keys()) this.statuses.set(k, s);
    for (const w of this.watchers)
      w.call.write({ status: this.statuses.get(w.service) ?? 'SERVICE_UNKNOWN' });
  }

  /** The grpc-js handlers. */
  handlers() {
    return {
      Check: (
        call: ServerUnaryCall<{ service?: string }, unknown>,
        callback: sendUnaryData<unknown>,
      ) => {
        const s = this.statuses.get(call.request.service ?? '');
        if (s === undefined) {
          callback({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` });
        } else {
          callback(null, { status: s });
        }
      },
      Watch: (call: ServerWritableStream<{ service?: string }, unknown>) => {
        const service = call.request.service ?? '';
        const entry = { service, call };
        this.watchers.add(entry);
        call.write({ status: this.statuses.get(service) ?? 'SERVICE_UNKNOWN' });
        call.on('cancelled', () => this.watchers.delete(entry));
        call.on('close', () => this.watchers.delete(entry));
      },
    };
  }

  /** Ends every Watch stream (shutdown). */
  close(): void {
    for (const w of this.watchers) w.call.end();
    this.watchers.clear();
  }
}
