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

export function buildKeyfrontSchema(directory: Directory): GraphQLSchema {
  const schema = buildSchema(CUSTOMER_SDL + STORE_SDL + countryCodeEnum(directory));
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
