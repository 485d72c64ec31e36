// Access control: which ACL resources a principal holds, and whether that is enough for a route.
// Magento_Backend::all stands for every resource, as in Magento's role editor.
import { AuthorizationError } from '../errors/domain-errors.ts';
import type { Principal } from './principal.ts';

export type ResourceGrant = ReadonlySet<string> | 'all';
export const ALL_RESOURCES = 'Magento_Backend::all';
export const RESOURCE_ID = /^[A-Za-z0-9_]+::[A-Za-z0-9_]+$/;

export function grantOf(resources: readonly string[], all: boolean): ResourceGrant {
  return all || resources.includes(ALL_RESOURCES) ? 'all' : new Set(resources);
}

/** Whether `grant` holds every resource of the route (Magento's Webapi Authorization requires all). */
export function holds(grant: ResourceGrant, required: readonly string[]): boolean {
  return grant === 'all' || required.every((r) => grant.has(r));
}

/** Whether an admin or integration caller holds every one of these resources (customers and guests never do). */
export function principalHolds(principal: Principal, required: readonly string[]): boolean {
  return (principal.type === 'admin' || principal.type === 'integration') && holds(principal.resources, required);
}

/** 'anonymous': anyone; 'self': customer tokens only; else admins and integrations holding the resources. */
export function checkAccess(access: 'anonymous' | 'self' | readonly string[], principal: Principal): void {
  if (access === 'anonymous') return;
  if (access === 'self') {
    if (principal.type !== 'customer') throw new AuthorizationError(['self']);
    return;
  }
  if (principalHolds(principal, access)) return;
  throw new AuthorizationError(access);
}
