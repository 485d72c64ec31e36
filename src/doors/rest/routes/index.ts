import type { RouteDefinition } from '../route.ts';
import { addressRoutes } from './addresses.ts';
import { attributeMetadataRoutes } from './attribute-metadata.ts';
import { customerAdminRoutes } from './customer-admin.ts';
import { customerRoutes } from './customers.ts';
import { revocationRoutes } from './revocation.ts';
import { groupRoutes } from './groups.ts';
import { passwordRoutes } from './passwords.ts';
import { storeRoutes } from './stores.ts';
import { tokenRoutes } from './tokens.ts';

/** Every REST route Keyfront serves; the OpenAPI document and the access-matrix test walk this list. */
export const restRoutes: RouteDefinition[] = [
  ...tokenRoutes,
  ...customerRoutes,
  ...passwordRoutes,
  ...customerAdminRoutes,
  ...addressRoutes,
  ...groupRoutes,
  ...attributeMetadataRoutes,
  ...storeRoutes,
  ...revocationRoutes,
] as unknown as RouteDefinition[];
