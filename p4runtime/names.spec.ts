import { NameIndex, P4SchemaError, closest, editDistance } from './names';

const items = [
  { id: 1, name: 'MyIngress.ipv4_lpm', alias: 'ipv4_lpm' },
  { id: 2, name: 'MyIngress.acl.filter', alias: 'acl.filter' },
  { id: 3, name: 'MyEgress.acl.filter', alias: 'MyEgress.acl.filter' },
  { id: 4, name: 'MyIngress.routing.ipv6_lpm', alias: 'ipv6_lpm' },
];

describe('NameIndex', () => {
  const index = new NameIndex('table', items);

  it.each([
    ['MyIngress.ipv4_lpm', 1],
    ['ipv4_lpm', 1],
    ['routing.ipv6_lpm', 4],
    ['ipv6_lpm', 4],
    ['MyEgress.acl.filter', 3],
    ['MyIngress.acl.filter', 2],
  ])('resolves %s to id %d', (name, id) => {
    expect(index.get(name).id).toBe(id);
  });

  it('resolves numeric ids', () => {
    expect(index.get(4).name).toBe('MyIngress.routing.ipv6_lpm');
  });

  it('refuses an ambiguous suffix and names every candidate', () => {
    expect(() => index.get('filter')).toThrow(
      "table name 'filter' is ambiguous: it could be 'MyIngress.acl.filter', 'MyEgress.acl.filter'",
    );
  });

  it('suggests the likely name for an unknown one', () => {
    expect(() => index.get('ipv4')).toThrow(P4SchemaError);
    expect(() => index.get('ipv4')).toThrow(
      "no table named 'ipv4'. Did you mean 'MyIngress.ipv4_lpm'?",
    );
    expect(() => index.get('ipv4_lmp')).toThrow("Did you mean 'MyIngress.ipv4_lpm'?");
  });

  it('says nothing when no name is close', () => {
    expect(() => index.get('completely_different')).toThrow(
      /^no table named 'completely_different'$/,
    );
  });

  it('refuses unknown ids and duplicate ids', () => {
    expect(() => index.get(99)).toThrow('no table with id 99');
    expect(() => new NameIndex('table', [items[0], { ...items[1], id: 1 }])).toThrow(
      'duplicate table id 1',
    );
  });
});

describe('editDistance and closest', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('distance(%s, %s) = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('prefers a dotted-suffix match', () => {
    expect(closest('lpm', ['lpn', 'a.lpm'])).toBe('a.lpm');
    expect(closest('ipv4', ['MyIngress.ipv4_lpm', 'MyIngress.ipv6_lpm'])).toBe(
      'MyIngress.ipv4_lpm',
    );
    expect(closest('zzz', ['MyIngress.ipv4_lpm'])).toBeUndefined();
    expect(closest('standard_metadata.ingress_port', ['ingress_port', 'egress_spec'])).toBe(
      'ingress_port',
    );
  });
});
