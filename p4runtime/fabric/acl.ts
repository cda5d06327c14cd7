/** Entries of the ACL control (p4/include/control/acl.p4). */
import { A, T, type TableMatch } from '../../generated/fabric-p4info';
import type { TableEntry, Value } from '../entities';

type Ternary = { value: Value; mask: Value };

/** The ternary fields of acl.acl; leave one out for "don't care". */
export type AclMatch = { [K in keyof TableMatch['acl.acl']]?: Ternary };

const ACTIONS = { punt: A.acl.punt, drop: A.acl.drop, permit: A.acl.permit };

/** acl.acl: `action` ('punt', 'drop' or 'permit') for packets matching `match`. */
export const acl = (
  match: AclMatch,
  action: 'punt' | 'drop' | 'permit',
  priority: number,
): TableEntry => T.acl.acl.entry({ match: { ...match }, priority, action: ACTIONS[action]() });
