/**
 * The fabric's table-entry builders, shared with the controller: they live in
 * p4runtime/fabric/ (one module per P4 control, built on the typed bindings of
 * generated/fabric-p4info.ts), so the packet tests install exactly what the controller does.
 *
 *   session.insert([E.nextHop(1, 2, SWITCH_MAC, HOST_MAC), E.routeV6('2001:db8::/32', 1)]);
 */
export * from '../../../p4runtime/fabric';
