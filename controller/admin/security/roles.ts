/** The admin API's roles: read-only may call queries and Watch; admin may call everything. */
export type Role = 'admin' | 'read-only';

export const ROLES: readonly Role[] = ['admin', 'read-only'];

/** Who is calling, as authentication established it. */
export interface Principal {
  /** 'token:<name>' or 'cert:<common name>'. */
  readonly name: string;
  readonly role: Role;
}

/** True if `role` may call a method that needs `needed`. */
export function allows(role: Role, needed: Role): boolean {
  return role === 'admin' || needed === 'read-only';
}
