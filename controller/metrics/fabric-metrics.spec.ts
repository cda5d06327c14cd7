import { InMemoryEventBus } from '../events/event-bus';
import { FabricMetrics } from './fabric-metrics';

describe('FabricMetrics', () => {
  it('records what contexts report and what the bus says, in the text exposition', async () => {
    const m = new FabricMetrics();
    const bus = new InMemoryEventBus();
    const stop = m.follow(bus);
    m.p4runtimeCall('s1', 'Write', 0.003);
    m.p4runtimeCall('s1', 'Write', 0.2, 'UNAVAILABLE');
    m.reconciled('s1', 12, { insert: 10, delete: 2 });
    m.dnsQuery('APL', 'NOERROR');
    m.dataplaneCounter('s1', 'ingress.drops', 3, 7, 700);
    bus.publish({ kind: 'change', action: 'set-instances', version: 41 });
    bus.publish({ kind: 'reconciliation', action: 'converged', switch: 's1', version: 41 });
    bus.publish({ kind: 'leadership', action: 'acquired', switch: 's1' });
    bus.publish({ kind: 'announcement', action: 'rejected', detail: { reason: 'bad-hmac' } });
    stop();
    bus.publish({ kind: 'change', action: 'set-instances', version: 42 }); // no longer followed
    const text = await m.metrics();
    for (const line of [
      'ssa_p4runtime_call_duration_seconds_count{switch="s1",method="Write"} 2',
      'ssa_p4runtime_call_errors_total{switch="s1",method="Write",code="UNAVAILABLE"} 1',
      'ssa_reconciler_updates_written_total{switch="s1"} 12',
      'ssa_reconciler_differences_total{switch="s1",type="insert"} 10',
      'ssa_reconciler_differences_total{switch="s1",type="delete"} 2',
      'ssa_dns_queries_total{qtype="APL",rcode="NOERROR"} 1',
      'ssa_dataplane_counter_packets{switch="s1",counter="ingress.drops",index="3"} 7',
      'ssa_dataplane_counter_bytes{switch="s1",counter="ingress.drops",index="3"} 700',
      'ssa_commands_total{command="set-instances"} 1',
      'ssa_domain_version 41',
      'ssa_switch_convergence_state{switch="s1",state="converged"} 1',
      'ssa_switch_convergence_state{switch="s1",state="diverged"} 0',
      'ssa_switch_leader{switch="s1"} 1',
      'ssa_announcements_total{result="rejected",reason="bad-hmac"} 1',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain('reconciler_differences_total{switch="s1",type="modify"}');
  });
});
