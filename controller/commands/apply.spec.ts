import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainState } from '../domain';
import { withPlannedSlices } from '../planner';
import { applyCommand } from './apply';
import { type Command, CommandRefusedError } from './command';

const state = DomainState.create(EXAMPLE);

function refusal(command: Command): CommandRefusedError {
  try {
    applyCommand(state, command);
  } catch (e) {
    if (e instanceof CommandRefusedError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('applyCommand', () => {
  it('names a cross-reference error by its place in the command, not in the state', () => {
    // The new instance sits last in the state's list; its duplicate locator is reported there.
    const e = refusal({
      type: 'add-instance',
      instance: { id: 'v9', service: 'video.example', locators: ['2001:db8:b::1'] },
    });
    expect(e).toMatchObject({ command: 'add-instance', field: 'instance.locators[0]' });
    expect(e.message).toContain("not already a locator of instance 'store-1'");
  });

  it('names the item of a set-instances list by its index in the command', () => {
    const e = refusal({
      type: 'set-instances',
      service: 'video.example',
      instances: [
        { id: 'v1', service: 'video.example', locators: ['2001:db8:a::11'] },
        { id: 'v2', service: 'video.example', locators: ['2001:db8:a::11'] },
      ],
    });
    expect(e.field).toBe('instances[1].locators[0]');
  });

  it('never renames a service', () => {
    expect(
      refusal({
        type: 'update-service',
        name: 'video.example',
        changes: { name: 'other.example' },
      }),
    ).toMatchObject({ field: 'changes.name' });
    // The same name in another spelling is not a rename.
    const { state: next } = applyCommand(state, {
      type: 'update-service',
      name: 'Video.Example.',
      changes: { name: 'VIDEO.example', sarMode: 'weighted' },
    });
    expect(next.service('video.example')!.sarMode).toBe('weighted');
  });

  it('deletes a service with its instances and its slice map', () => {
    const { state: next } = applyCommand(state, { type: 'delete-service', name: 'video.example' });
    expect(next.instancesOf('video.example')).toEqual([]);
    expect(next.sliceMap('video.example')).toBeUndefined();
    expect(next.instance('store-1')).toBeDefined();
    expect(next.version).toBe(state.version + 1);
  });

  it('replans only the services a command touches', () => {
    // Every sliced service with a map first (the example leaves storage.svc.example without).
    const base = withPlannedSlices(state, {}).state;
    const { plans } = applyCommand(base, { type: 'set-weights', weights: { 'video-b': 2 } });
    expect([...plans.keys()]).toEqual(['video.example']);
    expect(plans.get('video.example')).toMatchObject({ moved: 1, lowerBound: 1 });
    const route = applyCommand(base, {
      type: 'put-route',
      route: { switch: 's1', prefix: '2001:db8:c::/48', port: 2 },
    });
    expect(route.plans.size).toBe(0);
    expect(route.state.sliceMap('video.example')).toBe(base.sliceMap('video.example'));
  });

  it('refuses a command without a known type, listing the types', () => {
    const e = refusal({ type: 'reboot' } as unknown as Command);
    expect(e).toMatchObject({ command: '(command)', field: 'type' });
    expect(e.expected).toContain("'set-instances'");
  });
});
