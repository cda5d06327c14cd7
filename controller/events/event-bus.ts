/**
 * The fabric's event bus: every context publishes what happened (a committed change, a
 * reconciliation, an accepted or rejected announcement, a lease taken or lost) and the admin
 * API's Watch stream, the CLI's progress bars and the metrics follow it. In-process only:
 * replicas each publish their own events.
 */

/** What an event is about. */
export type EventKind = 'change' | 'reconciliation' | 'announcement' | 'leadership';

export const EVENT_KINDS: readonly EventKind[] = [
  'change',
  'reconciliation',
  'announcement',
  'leadership',
];

/** One event as a publisher gives it. */
export interface FabricEventInput {
  readonly kind: EventKind;
  /** What happened: a command type, 'converged', 'accepted', 'acquired', ... */
  readonly action: string;
  readonly service?: string;
  readonly switch?: string;
  /** The domain version the event concerns, when there is one. */
  readonly version?: number;
  /** Anything else worth showing (plain JSON data). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** An event as subscribers see it: numbered in publication order and timestamped. */
export interface FabricEvent extends FabricEventInput {
  readonly sequence: number;
  readonly time: Date;
}

/** Which events a subscriber wants; an empty field matches everything. */
export interface EventFilter {
  readonly kinds?: readonly EventKind[];
  readonly service?: string;
  readonly switch?: string;
}

/** The bus (a Nest injection token). */
export abstract class EventBus {
  /** Publishes an event to every matching subscriber; never throws for a subscriber's error. */
  abstract publish(event: FabricEventInput): FabricEvent;
  /** Calls `listener` for each later event matching `filter`; returns the unsubscribe. */
  abstract subscribe(listener: (event: FabricEvent) => void, filter?: EventFilter): () => void;
}

/** True if `event` passes `filter`. */
export function matches(event: FabricEventInput, filter: EventFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.kinds !== undefined && filter.kinds.length > 0 && !filter.kinds.includes(event.kind))
    return false;
  if (filter.service && event.service !== filter.service) return false;
  if (filter.switch && event.switch !== filter.switch) return false;
  return true;
}

/** The in-process bus: synchronous delivery, a listener's exception is reported, not thrown. */
export class InMemoryEventBus extends EventBus {
  private sequence = 0;
  private readonly listeners = new Set<{
    readonly listener: (event: FabricEvent) => void;
    readonly filter?: EventFilter;
  }>();

  constructor(private readonly onListenerError: (e: unknown) => void = () => undefined) {
    super();
  }

  publish(input: FabricEventInput): FabricEvent {
    const event: FabricEvent = Object.freeze({
      ...input,
      sequence: ++this.sequence,
      time: new Date(),
    });
    for (const l of [...this.listeners]) {
      if (!matches(event, l.filter)) continue;
      try {
        l.listener(event);
      } catch (e) {
        this.onListenerError(e);
      }
    }
    return event;
  }

  subscribe(listener: (event: FabricEvent) => void, filter?: EventFilter): () => void {
    const entry = { listener, filter };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Subscribers now (for tests and metrics). */
  get subscribers(): number {
    return this.listeners.size;
  }
}
