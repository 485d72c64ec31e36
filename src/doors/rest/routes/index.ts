import type { RouteDefinition } from '../route.ts';
import { customerRoutes } from './customers.ts';
import { passwordRoutes } from './passwords.ts';
import { storeRoutes } from './stores.ts';
import { tokenRoutes } from './tokens.ts';

/** Every REST route Keyfront serves; the OpenAPI document and the access-matrix test walk this list. */
export const restRoutes: RouteDefinition[] = [...tokenRoutes, ...customerRoutes, ...passwordRoutes, ...storeRoutes] as unknown as RouteDefinition[];
