/**
 * TablePlan resolves what the schema resolves (tables, match keys, actions as a table may use
 * them), once per schema, and precomputes the field ids and orders the writer needs.
 */
import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { P4Schema } from '../schema';
import { KITCHEN_SINK_P4INFO } from '../../test/fixtures/kitchen-sink';
import { paramAt, tablePlan } from './table-plan';

const schema = kitchenSink();

describe('tablePlan', () => {
  it('is one plan per table, whichever name or id reaches it, per schema', () => {
    const plan = tablePlan(schema, 'MyIngress.acl');
    expect(plan?.id).toBe(0x02000003);
    expect(tablePlan(schema, 'acl')).toBe(plan);
    expect(tablePlan(schema, 0x02000003)).toBe(plan);
    expect(tablePlan(P4Schema.fromFile(KITCHEN_SINK_P4INFO), 'acl')).not.toBe(plan);
  });

  it('is undefined for a table the schema does not resolve', () => {
    expect(tablePlan(schema, 'nope')).toBeUndefined();
    expect(tablePlan(schema, 12345)).toBeUndefined();
    expect(tablePlan(schema, 'drop')).toBeUndefined(); // an action, not a table
  });

  it('finds match keys as the schema does: full names, suffixes, ids', () => {
    const plan = tablePlan(schema, 'acl')!;
    const table = schema.tables.get('acl');
    for (const key of ['hdr.tcp.dport', 'dport', 'tcp.dport', '4', 'ingress_port', '1']) {
      const f = table.fields.get(/^\d+$/.test(key) ? Number(key) : key);
      expect(plan.fields[plan.fieldAt(key)]).toBe(f);
    }
    for (const key of ['nope', '9', '', 'addr']) expect(plan.fieldAt(key)).toBe(-1);
  });

  it('orders fields and knows what entries of the table need', () => {
    const plan = tablePlan(schema, 'ipv6_lpm')!;
    expect(plan.order.map((i) => plan.fields[i].id)).toEqual([1, 2]);
    expect(plan.exactFields).toBe(1);
    expect(plan.needsPriority).toBe(false);
    expect(plan.direct).toBe(true);
    expect(Array.from(plan.idField)).toEqual([0x08, 0x82, 0x80, 0x80, 0x10]);
    expect(tablePlan(schema, 'acl')!.needsPriority).toBe(true);
    expect(tablePlan(schema, 'ecmp')!.direct).toBe(false);
  });

  it('resolves actions as the table may use them for an entry', () => {
    const plan = tablePlan(schema, 'mixed')!;
    const action = plan.action('set_next_hop')!;
    expect(action.id).toBe(0x01000003);
    expect(plan.action(0x01000003)).toBe(action);
    expect(paramAt(action, 'dmac')).toBe(1);
    expect(paramAt(action, '2')).toBeUndefined(); // ids are the general path's
    expect(Array.from(action.paramIdFields[1])).toEqual([0x10, 0x02]);
    expect(plan.action('NoAction')).toBeUndefined(); // default only in this table
    expect(plan.action('learn')).toBeUndefined(); // not an action of the table
    expect(plan.action('drop')).toBeUndefined(); // ambiguous
  });
});
