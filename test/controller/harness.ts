/**
 * Embedded switches and a controller (session pool + reconciler) in one process, over real
 * gRPC on loopback ports chosen by the OS. Writes are counted on the wire with a grpc-js client
 * interceptor that decodes every WriteRequest the controller sends.
 */
import * as grpc from '@grpc/grpc-js';
import { TABLES, type TableName } from '../../generated/fabric-p4info';
import { p4 } from '../../p4runtime/proto';
import type { PipelineConfig } from '../../p4runtime';
import {
  Reconciler,
  ReconcilerEvent,
  type ChangeEvent,
  type ReconcilerOptions,
} from '../../controller/reconciler';
import { SessionPool, pipelineFor } from '../../controller/switches';
import type { DomainState } from '../../controller/domain';
import { Device } from '../../softswitch/device';
import { P4RuntimeServer } from '../../softswitch/p4rt/server';
import { fabric } from '../../softswitch/pipelines/fabric';

/** One embedded switch: a device running the fabric model, served on a loopback port. */
export class EmbeddedSwitch {
  private constructor(
    public device: Device,
    public server: P4RuntimeServer,
    readonly port: number,
  ) {}

  static async start(port = 0): Promise<EmbeddedSwitch> {
    const device = new Device({ id: 1, pipelines: [fabric] });
    const server = new P4RuntimeServer([device]);
    const bound = await server.start({ host: '127.0.0.1', port });
    return new EmbeddedSwitch(device, server, bound);
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops this switch and starts a new, empty one on the same port (a switch restart). */
  async restart(): Promise<void> {
    await this.server.stop();
    const fresh = await EmbeddedSwitch.start(this.port);
    this.device = fresh.device;
    this.server = fresh.server;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** Starts `n` embedded switches. */
export function startSwitches(n: number): Promise<EmbeddedSwitch[]> {
  return Promise.all(Array.from({ length: n }, () => EmbeddedSwitch.start()));
}

/** One update the controller sent: its type and table. */
export interface SentUpdate {
  readonly type: 'insert' | 'modify' | 'delete';
  readonly table: string;
}

const TABLE_NAMES = new Map<number, string>(
  (Object.keys(TABLES) as TableName[]).map((name) => [TABLES[name].id, name]),
);
const TYPES = { 1: 'insert', 2: 'modify', 3: 'delete' } as const;

/** Every update of every Write sent through channels with this interceptor. */
export class WriteLog {
  readonly updates: SentUpdate[] = [];
  requests = 0;

  readonly interceptor: grpc.Interceptor = (options, nextCall) => {
    if (options.method_definition.path !== '/p4.v1.P4Runtime/Write') {
      return new grpc.InterceptingCall(nextCall(options));
    }
    return new grpc.InterceptingCall(nextCall(options), {
      sendMessage: (message, next) => {
        const req = p4.v1.WriteRequest.decode(message as Buffer);
        this.requests++;
        for (const u of req.updates) {
          this.updates.push({
            type: TYPES[(u.type ?? 0) as 1 | 2 | 3],
            table: TABLE_NAMES.get(u.entity?.table_entry?.table_id ?? 0) ?? 'other',
          });
        }
        next(message);
      },
    });
  };

  /** Updates of `type` on `table` (any table when left out). */
  count(type?: SentUpdate['type'], table?: string): number {
    return this.updates.filter(
      (u) => (type === undefined || u.type === type) && (table === undefined || u.table === table),
    ).length;
  }

  clear(): void {
    this.updates.length = 0;
    this.requests = 0;
  }
}

/** A controller: sessions to every switch of the state and a reconciler over them. */
export class TestController {
  readonly pool: SessionPool;
  readonly reconciler: Reconciler;

  constructor(
    readonly log: WriteLog = new WriteLog(),
    opts: ReconcilerOptions & { electionId?: bigint; pipeline?: () => PipelineConfig } = {},
  ) {
    this.pool = new SessionPool({
      electionId: opts.electionId ?? 10n,
      pipeline: (sw) => opts.pipeline?.() ?? pipelineFor(sw.target),
      session: {
        timeoutMs: 10_000,
        backoffInitialMs: 20,
        backoffMaxMs: 200,
        channelOptions: {
          interceptors: [log.interceptor],
          // A restarted switch is reached again within a fraction of a second.
          'grpc.initial_reconnect_backoff_ms': 50,
          'grpc.max_reconnect_backoff_ms': 200,
        },
      },
      retryInitialMs: 50,
      retryMaxMs: 500,
    });
    this.reconciler = new Reconciler(this.pool, {
      clock: () => 1_796_601_600,
      retryInitialMs: 50,
      retryMaxMs: 500,
      ...opts,
    });
  }

  /** Resolves with the next change that `match` accepts (bounded by `timeoutMs`). */
  nextChange(match: (e: ChangeEvent) => boolean, timeoutMs = 20_000): Promise<ChangeEvent> {
    return new Promise((resolve, reject) => {
      const on = (e: ChangeEvent) => {
        if (!match(e)) return;
        clearTimeout(timer);
        this.reconciler.off(ReconcilerEvent.CHANGE, on);
        resolve(e);
      };
      const timer = setTimeout(() => {
        this.reconciler.off(ReconcilerEvent.CHANGE, on);
        reject(new Error(`no matching change in ${timeoutMs} ms`));
      }, timeoutMs);
      this.reconciler.on(ReconcilerEvent.CHANGE, on);
    });
  }

  /** Applies a domain version and waits until every switch holds it. */
  async apply(state: DomainState, timeoutMs = 30_000): Promise<void> {
    await this.reconciler.setState(state);
    await this.reconciler.whenConverged(timeoutMs);
  }

  close(): void {
    this.reconciler.close();
    this.pool.close();
  }
}
