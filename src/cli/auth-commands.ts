// bin/keyfront commands for integrations, admin roles and token revocation: thin doors onto the
// same services the REST API uses.
import { USER_TYPE_ADMIN, USER_TYPE_CUSTOMER } from '../auth/principal.ts';
import type { IntegrationCredentials } from '../integrations/service.ts';
import type { App as Services } from '../app.ts';
import { stringOption, UsageError, type Command, type ParsedArgs } from './args.ts';
import { withServices } from './services.ts';

function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

function printCredentials(c: IntegrationCredentials, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ id: c.id, name: c.name, consumer_key: c.consumer_key, consumer_secret: c.consumer_secret, access_token: c.access_token, access_token_secret: c.access_token_secret }));
    return;
  }
  console.log(`Integration "${c.name}" (id ${c.id})`);
  console.log(`Consumer Key:        ${c.consumer_key}`);
  console.log(`Consumer Secret:     ${c.consumer_secret}`);
  console.log(`Access Token:        ${c.access_token}`);
  console.log(`Access Token Secret: ${c.access_token_secret}`);
  console.log('The access token is stored only as a hash: keep it now, or run integration:reauthorize for a new one.');
}

async function adminByName(services: Services, username: string) {
  const admin = await services.admins.byUsername(username);
  if (!admin) throw new UsageError(`The admin user "${username}" does not exist`);
  return admin;
}

export const authCommands: Command[] = [
  {
    name: 'integration:create',
    usage: 'integration:create <name> [--resource=<ACL id>]... [--all-resources] [--email=E] [--json]',
    description: 'Create an active integration with its OAuth consumer key/secret and access token/secret (printed once).',
    options: { resource: { type: 'string', multiple: true }, 'all-resources': { type: 'boolean' }, email: { type: 'string' }, json: { type: 'boolean' } },
    positionals: [1, 1],
    run: (args) => {
      const resources = listOption(args, 'resource');
      const allResources = args.values['all-resources'] === true;
      if (resources.length === 0 && !allResources) throw new UsageError('Give at least one --resource=<ACL id>, or --all-resources');
      return withServices(async (services) => {
        const created = await services.integrations.create({ name: args.positionals[0], resources, allResources, email: stringOption(args, 'email') });
        printCredentials(created, args.values.json === true);
        return 0;
      });
    },
  },
  {
    name: 'integration:list',
    usage: 'integration:list',
    description: 'List the integrations with their status and resources.',
    options: {},
    positionals: [0, 0],
    run: () =>
      withServices(async (services) => {
        for (const i of await services.integrations.list()) {
          console.log(`${i.id}  ${i.name}  ${i.active ? 'active' : 'inactive'}  ${i.resources === 'all' ? 'all resources' : i.resources.join(',')}`);
        }
        return 0;
      }),
  },
  {
    name: 'integration:show',
    usage: 'integration:show <name>',
    description: 'Show an integration: status, resources, consumer key and secret (the access token is only shown at creation).',
    options: {},
    positionals: [1, 1],
    run: (args) =>
      withServices(async (services) => {
        const i = await services.integrations.get(args.positionals[0]);
        console.log(`Name:            ${i.name}`);
        console.log(`ID:              ${i.id}`);
        console.log(`Email:           ${i.email ?? ''}`);
        console.log(`Status:          ${i.active ? 'active' : 'inactive'}`);
        console.log(`Resources:       ${i.resources === 'all' ? 'all' : i.resources.join(', ')}`);
        console.log(`Consumer Key:    ${i.consumerKey}`);
        console.log(`Consumer Secret: ${i.consumerSecret}`);
        console.log(`Created:         ${i.createdAt}`);
        return 0;
      }),
  },
  {
    name: 'integration:delete',
    usage: 'integration:delete <name>',
    description: 'Delete an integration; its token stops working at once.',
    options: {},
    positionals: [1, 1],
    run: (args) =>
      withServices(async (services) => {
        await services.integrations.delete(args.positionals[0]);
        console.log(`Integration "${args.positionals[0]}" was deleted.`);
        return 0;
      }),
  },
  {
    name: 'integration:reauthorize',
    usage: 'integration:reauthorize <name> [--json]',
    description: 'Issue a new access token and secret for an integration; the old ones stop working at once.',
    options: { json: { type: 'boolean' } },
    positionals: [1, 1],
    run: (args) =>
      withServices(async (services) => {
        printCredentials(await services.integrations.reauthorize(args.positionals[0]), args.values.json === true);
        return 0;
      }),
  },
  {
    name: 'admin:role:create',
    usage: 'admin:role:create <name> --resource=<ACL id> [--resource=…]',
    description: 'Create an admin role holding exactly these ACL resources (Magento_Backend::all = everything).',
    options: { resource: { type: 'string', multiple: true } },
    positionals: [1, 1],
    run: (args) => {
      const resources = listOption(args, 'resource');
      if (resources.length === 0) throw new UsageError('Give at least one --resource=<ACL id>');
      return withServices(async (services) => {
        const role = await services.roles.create(args.positionals[0], resources);
        console.log(`Created role ${role.name} (id ${role.id}) with ${role.resources.join(', ')}`);
        return 0;
      });
    },
  },
  {
    name: 'admin:role:assign',
    usage: 'admin:role:assign <username> <role>',
    description: 'Give an admin user a role (it then holds exactly the role\'s resources).',
    options: {},
    positionals: [2, 2],
    run: (args) =>
      withServices(async (services) => {
        const admin = await adminByName(services, args.positionals[0]);
        await services.roles.assign(admin.id, args.positionals[1]);
        console.log(`Admin user ${admin.username} now has the role ${args.positionals[1]}`);
        return 0;
      }),
  },
  ...(['disable', 'enable'] as const).map(
    (verb): Command => ({
      name: `admin:user:${verb}`,
      usage: `admin:user:${verb} <username>`,
      description: verb === 'disable' ? 'Disable an admin user: its tokens are revoked at once and it cannot sign in.' : 'Enable a disabled admin user again.',
      options: {},
      positionals: [1, 1],
      run: (args) =>
        withServices(async (services) => {
          const admin = await adminByName(services, args.positionals[0]);
          await services.admins.setActive(admin.username, verb === 'enable');
          // As Magento's AdminUser plugin: deactivation also revokes, so re-enabling does not revive old tokens.
          if (verb === 'disable') await services.tokens.revokeAll(USER_TYPE_ADMIN, admin.id);
          console.log(`Admin user ${admin.username} is ${verb}d.`);
          return 0;
        }),
    }),
  ),
  {
    name: 'admin:user:tokens:revoke',
    usage: 'admin:user:tokens:revoke <username>',
    description: 'End every token (opaque and JWT) of an admin user.',
    options: {},
    positionals: [1, 1],
    run: (args) =>
      withServices(async (services) => {
        const admin = await adminByName(services, args.positionals[0]);
        await services.tokens.revokeAll(USER_TYPE_ADMIN, admin.id);
        console.log(`All tokens of admin user ${admin.username} were revoked.`);
        return 0;
      }),
  },
  {
    name: 'customer:tokens:revoke',
    usage: 'customer:tokens:revoke <customer id>',
    description: 'End every token (opaque and JWT) of a customer.',
    options: {},
    positionals: [1, 1],
    run: (args) => {
      const id = Number(args.positionals[0]);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${args.positionals[0]}" is not a customer id`);
      return withServices(async (services) => {
        await services.accounts.getById(await services.requests.system(), id);
        await services.tokens.revokeAll(USER_TYPE_CUSTOMER, id);
        console.log(`All tokens of customer ${id} were revoked.`);
        return 0;
      });
    },
  },
];

