import { ROLE_ORDER } from './api-schemas.js';
import type { ApiRoleName } from './api-types.js';

/** Roles weakest first: a role may do everything the roles before it may. */
export { ROLE_ORDER };

/** True when `role` is `needed` or stronger. */
export function roleAllows(role: ApiRoleName, needed: ApiRoleName): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}
