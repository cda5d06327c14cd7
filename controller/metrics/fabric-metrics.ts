/**
 * The controller's Prometheus metrics (docs/operations.md, "Metrics"), one registry per
 * controller. Contexts record through the typed methods below (the switch sessions time their
 * P4Runtime calls, the reconciler counts writes and differences, the DNS server counts
 * queries); what the event bus says (commands, convergence, leadership, announcements) is
 * recorded by `follow`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventBus, FabricEvent } from '../events/event-bus';

/** Convergence states a switch can report (one gauge series each, 1 for the current one). */
export const CONVERGENCE_STATES = [
  'converged',
  'converging',
  'diverged',
  'unreachable',
  'unknown',
] as const;

/** The metrics and the registry they live in. */
export class FabricMetrics {
  readonly registry = new Registry();
  private readonly p4rtDuration: Histogram<'switch' | 'method'>;
  private readonly p4rtErrors: Counter<'switch' | 'method' | 'code'>;
  private readonly writes: Counter<'switch'>;
  private readonly differences: Counter<'switch' | 'type'>;
  private readonly convergence: Gauge<'switch' | 'state'>;
  private readonly leader: Gauge<'switch'>;
  private readonly dnsQueries: Counter<'qtype' | 'rcode'>;
  private readonly announcements: Counter<'result' | 'reason'>;
  private readonly commands: Counter<'command'>;
  private readonly domainVersion: Gauge;
  private readonly dataplanePackets: Gauge<'switch' | 'counter' | 'index'>;
  private readonly dataplaneBytes: Gauge<'switch' | 'counter' | 'index'>;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'ssa_' });
    this.p4rtDuration = new Histogram({
      name: 'ssa_p4runtime_call_duration_seconds',
      help: 'P4Runtime call latency, by switch and method',
      labelNames: ['switch', 'method'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.p4rtErrors = new Counter({
      name: 'ssa_p4runtime_call_errors_total',
      help: 'P4Runtime calls that failed, by switch, method and gRPC status code name',
      labelNames: ['switch', 'method', 'code'],
      registers,
    });
    this.writes = new Counter({
      name: 'ssa_reconciler_updates_written_total',
      help: 'Table updates written to switches by the reconciler',
      labelNames: ['switch'],
      registers,
    });
    this.differences = new Counter({
      name: 'ssa_reconciler_differences_total',
      help: 'Differences found between intent and switch state, by type (insert, modify, delete)',
      labelNames: ['switch', 'type'],
      registers,
    });
    this.convergence = new Gauge({
      name: 'ssa_switch_convergence_state',
      help: '1 for the convergence state each switch is in, 0 for the others',
      labelNames: ['switch', 'state'],
      registers,
    });
    this.leader = new Gauge({
      name: 'ssa_switch_leader',
      help: '1 while this controller replica leads the switch',
      labelNames: ['switch'],
      registers,
    });
    this.dnsQueries = new Counter({
      name: 'ssa_dns_queries_total',
      help: 'DNS queries answered, by query type and response code',
      labelNames: ['qtype', 'rcode'],
      registers,
    });
    this.announcements = new Counter({
      name: 'ssa_announcements_total',
      help: 'ANNOUNCE messages, accepted or rejected with the reason',
      labelNames: ['result', 'reason'],
      registers,
    });
    this.commands = new Counter({
      name: 'ssa_commands_total',
      help: 'Commands committed, by type',
      labelNames: ['command'],
      registers,
    });
    this.domainVersion = new Gauge({
      name: 'ssa_domain_version',
      help: 'The last committed domain version seen',
      registers,
    });
    this.dataplanePackets = new Gauge({
      name: 'ssa_dataplane_counter_packets',
      help: 'Data-plane counter cells read from the switches: packets',
      labelNames: ['switch', 'counter', 'index'],
      registers,
    });
    this.dataplaneBytes = new Gauge({
      name: 'ssa_dataplane_counter_bytes',
      help: 'Data-plane counter cells read from the switches: bytes',
      labelNames: ['switch', 'counter', 'index'],
      registers,
    });
  }

  /** One P4Runtime call: its duration, and its status code name when it failed. */
  p4runtimeCall(sw: string, method: string, seconds: number, errorCode?: string): void {
    this.p4rtDuration.observe({ switch: sw, method }, seconds);
    if (errorCode !== undefined) this.p4rtErrors.inc({ switch: sw, method, code: errorCode });
  }

  /** One reconciliation pass: updates written and differences by type. */
  reconciled(
    sw: string,
    written: number,
    diff: { insert?: number; modify?: number; delete?: number },
  ): void {
    this.writes.inc({ switch: sw }, written);
    for (const type of ['insert', 'modify', 'delete'] as const) {
      const n = diff[type] ?? 0;
      if (n > 0) this.differences.inc({ switch: sw, type }, n);
    }
  }

  /** A switch's convergence state. */
  switchState(sw: string, state: string): void {
    for (const s of CONVERGENCE_STATES)
      this.convergence.set({ switch: sw, state: s }, s === state ? 1 : 0);
  }

  /** Whether this replica leads `sw`. */
  leading(sw: string, leads: boolean): void {
    this.leader.set({ switch: sw }, leads ? 1 : 0);
  }

  /** One DNS query answered (`qtype` e.g. AAAA, APL; `rcode` e.g. NOERROR, NXDOMAIN). */
  dnsQuery(qtype: string, rcode: string): void {
    this.dnsQueries.inc({ qtype, rcode });
  }

  /** One announcement, accepted or rejected with its reason. */
  announcement(accepted: boolean, reason = ''): void {
    this.announcements.inc({ result: accepted ? 'accepted' : 'rejected', reason });
  }

  /** A counter cell read from a switch. */
  dataplaneCounter(
    sw: string,
    counter: string,
    index: number,
    packets: number,
    bytes: number,
  ): void {
    const labels = { switch: sw, counter, index: String(index) };
    this.dataplanePackets.set(labels, packets);
    this.dataplaneBytes.set(labels, bytes);
  }

  /** Records what the bus says; returns the unsubscribe. */
  follow(bus: EventBus): () => void {
    return bus.subscribe((e) => this.onEvent(e));
  }

  private onEvent(e: FabricEvent): void {
    switch (e.kind) {
      case 'change':
        this.commands.inc({ command: e.action });
        if (e.version !== undefined) this.domainVersion.set(e.version);
        break;
      case 'reconciliation':
        if (e.switch) this.switchState(e.switch, e.action);
        break;
      case 'leadership':
        if (e.switch) this.leading(e.switch, e.action === 'acquired' || e.action === 'renewed');
        break;
      case 'announcement':
        this.announcement(e.action === 'accepted', String(e.detail?.reason ?? ''));
        break;
    }
  }

  /** The text exposition. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
