/**
 * Table-entry builders of the fabric program (p4/v1model/main.p4), one module per P4 control
 * of p4/include/control/, built on the typed bindings generated from its P4Info
 * (generated/fabric-p4info.ts, `npm run p4:gen`), so a misspelt table, action, key or
 * parameter is a compile error.
 *
 * Why here: both the controller and the PTF packet suite (test/ptf/fabric) install these
 * entries, so they live with the library rather than in either; they depend only on the
 * library (entities) and the generated bindings, never on the controller, so the library stays
 * independent of it.
 *
 *   await client.write([{ type: 'insert', entity: routeV6('2001:db8::/32', 1) }]);
 */
export { acl, type AclMatch } from './acl';
export { mslbBucket, mslbDecap, mslbReturn, mslbService, mslbSource, mslbWriteBack } from './mslb';
export type { MslbB, MslbService } from './mslb';
export { nextHop, routeV4, routeV6 } from './routing';
export { sarAddress, sarGateway, sarMember, sarService } from './sar';
export { ssaLegacySlice, ssaRange, ssaSlice, type SsaRule } from './ssa';
