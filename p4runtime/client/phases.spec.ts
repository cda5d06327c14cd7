import {
  ActionProfileGroup,
  ActionProfileMember,
  MulticastGroupEntry,
  TableEntry,
} from '../entities';
import type { Update } from '../entities/update';
import { cutPhases, entityKind, flattenPhases } from './phases';

const entry = new TableEntry({ table: 't', match: { f: 1 } });
const member = new ActionProfileMember({ profile: 'p', memberId: 1, action: { name: 'a' } });
const group = new ActionProfileGroup({ profile: 'p', groupId: 1, members: [] });
const u = (type: Update['type'], entity: Update['entity']): Update => ({ type, entity });

describe('cutPhases', () => {
  it('keeps a run of one update type and one entity kind whole (a bulk insert is one phase)', () => {
    const updates = Array.from({ length: 5000 }, () => u('insert', entry));
    expect(cutPhases(updates)).toEqual([{ from: 0, to: 5000 }]);
  });

  it('cuts where the update type changes', () => {
    const updates = [
      u('insert', entry),
      u('insert', entry),
      u('modify', entry),
      u('delete', entry),
    ];
    expect(cutPhases(updates)).toEqual([
      { from: 0, to: 2 },
      { from: 2, to: 3 },
      { from: 3, to: 4 },
    ]);
  });

  it('cuts where the entity kind changes: members, then groups, then entries', () => {
    const updates = [
      u('insert', member),
      u('insert', member),
      u('insert', group),
      u('insert', { table_entry: {} }),
      u('insert', entry),
      u('insert', { packet_replication_engine_entry: {} }),
    ];
    expect(cutPhases(updates)).toEqual([
      { from: 0, to: 2 },
      { from: 2, to: 3 },
      { from: 3, to: 5 },
      { from: 5, to: 6 },
    ]);
  });

  it('has no phase for no updates', () => {
    expect(cutPhases([])).toEqual([]);
  });
});

describe('entityKind', () => {
  it('classes values and messages alike; counters, meters and registers are one kind', () => {
    expect(entityKind(entry)).toBe('table');
    expect(entityKind({ table_entry: {} })).toBe('table');
    expect(entityKind(member)).toBe('member');
    expect(entityKind({ action_profile_group: {} })).toBe('group');
    expect(entityKind(new MulticastGroupEntry({ groupId: 1, replicas: [] }))).toBe('replication');
    expect(entityKind({ counter_entry: {} })).toBe('state');
    expect(entityKind({ register_entry: {} })).toBe('state');
    expect(entityKind({ direct_meter_entry: {} })).toBe('state');
    expect(entityKind({})).toBe('other');
  });
});

describe('flattenPhases', () => {
  it('numbers updates across phases in order, dropping empty phases', () => {
    const a = u('insert', entry);
    const b = u('modify', entry);
    expect(flattenPhases([[a, a], [], [b]])).toEqual({
      updates: [a, a, b],
      phases: [
        { from: 0, to: 2 },
        { from: 2, to: 3 },
      ],
    });
  });
});
