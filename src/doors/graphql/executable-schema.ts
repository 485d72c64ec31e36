// The executable schema: Magento's SDL with Keyfront's resolvers attached field by field.
import { buildSchema, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Directory } from '../../directory/service.ts';
import { accountResolvers } from './resolvers/account.ts';
import { addressResolvers } from './resolvers/addresses.ts';
import { recoveryResolvers } from './resolvers/recovery.ts';
import { storeResolvers } from './resolvers/store.ts';
import { CUSTOMER_SDL } from './schema/customer.ts';
import { countryCodeEnum, STORE_SDL } from './schema/store.ts';

type Resolvers = Record<string, Record<string, GraphQLFieldResolver<unknown, any>>>;

/** Magento's SDL as Keyfront serves it (the country enum comes from the directory data). */
export function keyfrontSdl(directory: Directory): string {
  return CUSTOMER_SDL + STORE_SDL + countryCodeEnum(directory);
}

/**
 * Built once per process, at start-up. The SDL is fixed text, checked against every SDL rule by
 * test/unit/graphql-schema.test.ts, so the start-up skips that check and the parse keeps no source
 * locations: half the time and memory. (graphql-js still validates the schema itself on the
 * first query, as always.)
 */
export function buildKeyfrontSchema(directory: Directory): GraphQLSchema {
  const schema = buildSchema(keyfrontSdl(directory), { assumeValidSDL: true, noLocation: true });
  for (const resolvers of [accountResolvers, addressResolvers, recoveryResolvers, storeResolvers] as Resolvers[]) {
    for (const [typeName, fields] of Object.entries(resolvers)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`GraphQL schema: no object type ${typeName}`);
      const defined = type.getFields();
      for (const [name, resolve] of Object.entries(fields)) {
        if (!defined[name]) throw new Error(`GraphQL schema: no field ${typeName}.${name}`);
        defined[name].resolve = resolve;
      }
    }
  }
  return schema;
}
