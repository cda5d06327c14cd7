/**
 * Entries of the SAR control (p4/include/control/sar.p4): own addresses, the FIB of services
 * and its gateway default, and the NHIB of members (wire §1).
 */
import { A, T } from '../../generated/fabric-p4info';
import type { TableEntry } from '../entities';

type Addr = string | Uint8Array;

/** sar.addresses: `address` is one of the SAR's own addresses. */
export const sarAddress = (address: Addr): TableEntry =>
  T.sar.addresses.entry({ match: { ipv6_dst: address }, action: A.sar.own_address() });

/** sar.fib: service id (8 bytes) -> service index, scheduling mode, member count. */
export const sarService = (
  serviceId: Uint8Array | bigint,
  service: number,
  mode: number,
  members: number,
): TableEntry =>
  T.sar.fib.entry({
    match: { service_id: serviceId },
    action: A.sar.set_service({ service, mode, members }),
  });

/** sar.fib's default entry: unknown services go to the Service Address Gateway (wire §1). */
export const sarGateway = (gateway: Addr): TableEntry =>
  T.sar.fib.defaultEntry(A.sar.to_gateway({ gateway }));

/** sar.nhib: member `slot` of service index `service` is `address` (instance or next SAR). */
export const sarMember = (service: number, slot: number, address: Addr): TableEntry =>
  T.sar.nhib.entry({ match: { service, slot }, action: A.sar.set_member({ address }) });
