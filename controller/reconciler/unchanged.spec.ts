import { P4Schema } from '../../p4runtime/schema';
import { diff } from '../../p4runtime/reconcile';
import { nextHop, routeV6, sarGateway, sarService } from '../../p4runtime/fabric';
import { FABRIC_P4INFO_PATH } from '../switches/pipeline';
import { withoutUnchanged } from './unchanged';

const schema = P4Schema.fromFile(FABRIC_P4INFO_PATH);
const hop = (id: number) => nextHop(id, 1, '02:00:00:00:00:01', '02:00:00:00:00:02');

describe('setting aside unchanged entities', () => {
  it('keeps only what differs, and the diff comes out the same', () => {
    const known = [
      hop(128),
      routeV6('2001:db8::/32', 128),
      routeV6('2001:db8:1::/48', 128),
      sarService(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 1, 0, 2),
      sarGateway('2001:db8::ff'),
    ];
    const desired = [
      hop(128),
      routeV6('2001:db8::/32', 128),
      routeV6('2001:db8:1::/48', 129), // changed
      sarService(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 1, 0, 2),
      hop(129), // new; the gateway default is gone
    ];
    const rest = withoutUnchanged(desired, known);
    expect(rest.desired).toEqual([desired[2], desired[4]]);
    expect(rest.known).toEqual([known[2], known[4]]);
    expect(diff(rest.desired, rest.known, schema)).toEqual(diff(desired, known, schema));
  });

  it('lets differently spelt equal entities through to the canonical diff', () => {
    const a = routeV6('2001:db8::/32', 1);
    const b = routeV6('2001:0db8:0::/32', 1);
    const rest = withoutUnchanged([b], [a]);
    expect(rest.desired).toEqual([b]);
    expect(diff(rest.desired, rest.known, schema)).toEqual([]);
  });
});
