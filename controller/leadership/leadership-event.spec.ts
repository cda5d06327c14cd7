import { InMemoryEventBus } from '../events/event-bus';
import { FabricMetrics } from '../metrics/fabric-metrics';
import { leadershipEvent } from './leadership.module';

describe('leadership events', () => {
  it('become ssa_switch_leader through the bus', async () => {
    const bus = new InMemoryEventBus();
    const metrics = new FabricMetrics();
    metrics.follow(bus);
    const change = { switch: 's1', leader: true, generation: 3, electionId: 3n };
    expect(leadershipEvent(change)).toEqual({
      kind: 'leadership',
      action: 'acquired',
      switch: 's1',
      detail: { generation: 3 },
    });
    bus.publish(leadershipEvent(change));
    bus.publish(leadershipEvent({ ...change, switch: 's2' }));
    bus.publish(leadershipEvent({ ...change, switch: 's2', leader: false }));
    const text = await metrics.metrics();
    expect(text).toContain('ssa_switch_leader{switch="s1"} 1');
    expect(text).toContain('ssa_switch_leader{switch="s2"} 0');
  });
});
