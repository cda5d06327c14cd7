import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { P4ValueError } from './common';
import { ValueSetEntry } from './value-set';

const schema = kitchenSink();

describe('ValueSetEntry', () => {
  it('encodes each member as a match over the set fields', () => {
    const v = new ValueSetEntry({
      valueSet: 'trill_types',
      members: [{ 1: 0x22f3 }, { '1': '0x893b' }],
    });
    expect(v.encode(schema)).toEqual({
      value_set_entry: {
        value_set_id: 0x03000001,
        members: [
          { match: [{ field_id: 1, exact: { value: Uint8Array.of(0x22, 0xf3) } }] },
          { match: [{ field_id: 1, exact: { value: Uint8Array.of(0x89, 0x3b) } }] },
        ],
      },
    });
  });

  it('round trips (unnamed fields decode under their id)', () => {
    const v = new ValueSetEntry({ valueSet: 'MyParser.trill_types', members: [{ 1: 0x22f3n }] });
    expect(ValueSetEntry.decode(v.encode(schema).value_set_entry ?? {}, schema)).toEqual(v);
  });

  it('refuses duplicates, too many members, and values that do not fit', () => {
    const dup = new ValueSetEntry({
      valueSet: 'trill_types',
      members: [{ 1: 5 }, { 1: '0x0005' }],
    });
    expect(() => dup.encode(schema)).toThrow(
      "value set 'MyParser.trill_types' member #1: duplicates member #0",
    );
    const many = new ValueSetEntry({
      valueSet: 'trill_types',
      members: [1, 2, 3, 4, 5].map((n) => ({ 1: n })),
    });
    expect(() => many.encode(schema)).toThrow(
      "value set 'MyParser.trill_types': 5 members given, but the set holds at most 4",
    );
    const wide = new ValueSetEntry({ valueSet: 'trill_types', members: [{ 1: 0x10000 }] });
    expect(() => wide.encode(schema)).toThrow(P4ValueError);
    expect(() => wide.encode(schema)).toThrow(
      "value set 'MyParser.trill_types' member #0 match field '1' (exact, 16 bits): value 0x10000 does not fit in 16 bits",
    );
  });
});
