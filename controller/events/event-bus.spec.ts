import { InMemoryEventBus } from './event-bus';

describe('InMemoryEventBus', () => {
  it('numbers events, filters by kind, service and switch, and unsubscribes', () => {
    const bus = new InMemoryEventBus();
    const all: number[] = [];
    const changes: string[] = [];
    const stopAll = bus.subscribe((e) => all.push(e.sequence));
    bus.subscribe((e) => changes.push(e.action), { kinds: ['change'], service: 'a.example' });
    bus.publish({ kind: 'change', action: 'create-service', service: 'a.example' });
    bus.publish({ kind: 'change', action: 'create-service', service: 'b.example' });
    bus.publish({ kind: 'leadership', action: 'acquired', service: 'a.example' });
    stopAll();
    bus.publish({ kind: 'change', action: 'delete-service', service: 'a.example' });
    expect(all).toEqual([1, 2, 3]);
    expect(changes).toEqual(['create-service', 'delete-service']);
    expect(bus.subscribers).toBe(1);
  });

  it('reports a failing listener and still delivers to the others', () => {
    const errors: unknown[] = [];
    const bus = new InMemoryEventBus((e) => errors.push(e));
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe((e) => seen.push(e.action));
    bus.publish({ kind: 'announcement', action: 'accepted' });
    expect(seen).toEqual(['accepted']);
    expect(errors).toHaveLength(1);
  });
});
