// Who is calling. Doors resolve it once per request from the credentials; services and the ACL
// decide with it. Ownership (which customer, which website) always comes from here, never the body.
export const USER_TYPE_INTEGRATION = 1;
export const USER_TYPE_ADMIN = 2;
export const USER_TYPE_CUSTOMER = 3;

/** tokenId: the opaque token's row, or 0 for a JWT (which has no row: it ends by per-user revocation). */
export type Principal =
  | { type: 'anonymous' }
  | { type: 'customer'; customerId: number; websiteId: number; tokenId: number }
  | { type: 'admin'; adminId: number; tokenId: number; resources: ReadonlySet<string> | 'all' }
  | { type: 'integration'; integrationId: number; resources: ReadonlySet<string> | 'all' };

export const ANONYMOUS: Principal = Object.freeze({ type: 'anonymous' });
