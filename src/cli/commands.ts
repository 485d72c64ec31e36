// bin/keyfront commands, named and shaped after Magento's bin/magento. Each is a thin door onto
// the same services the REST API uses.
import { setupUpgrade } from '../app.ts';
import { CONFIG_DEFAULTS, CONFIG_SCOPES, type ConfigScope } from '../settings/defaults.ts';
import { isKnownPath, valueProblem } from '../settings/validation.ts';
import { withServices } from './services.ts';
import { serve } from './serve.ts';
import { jwtConfigError } from '../auth/jwt.ts';
import { requiredOption, stringOption, UsageError, type Command, type ParsedArgs } from './args.ts';

/** The core commands: serving, setup, stores, configuration, admin users. */
export const coreCommands: Command[] = [
  {
    name: 'serve',
    usage: 'serve [--host=H] [--port=P] [--workers=N|auto]',
    description:
      'Serve the API (HOST/PORT from the environment by default: 127.0.0.1:8080). Applies migrations on start. --workers (KEYFRONT_WORKERS): N processes sharing the port, auto = one per core; default 1.',
    options: { host: { type: 'string' }, port: { type: 'string' }, workers: { type: 'string' } },
    positionals: [0, 0],
    run: (args) => serve({ host: stringOption(args, 'host'), port: stringOption(args, 'port'), workers: stringOption(args, 'workers') }),
  },
  {
    name: 'setup:upgrade',
    usage: 'setup:upgrade',
    description: "Apply the database migrations and create Magento's default scopes and customer groups. Safe to run twice.",
    options: {},
    positionals: [0, 0],
    run: () =>
      withServices(async (services) => {
        const applied = await setupUpgrade(services);
        console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date.');
        return 0;
      }, false),
  },
  {
    name: 'admin:user:create',
    usage: 'admin:user:create --admin-user=U --admin-password=P --admin-email=E --admin-firstname=F --admin-lastname=L [--role=<name>]',
    description: 'Create an administrator (password: at least 7 characters, with letters and digits); without --role it holds every resource.',
    options: {
      'admin-user': { type: 'string' },
      'admin-password': { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-firstname': { type: 'string' },
      'admin-lastname': { type: 'string' },
      role: { type: 'string' },
    },
    positionals: [0, 0],
    run: (args) => {
      const input = {
        username: requiredOption(args, 'admin-user'),
        password: requiredOption(args, 'admin-password'),
        email: requiredOption(args, 'admin-email'),
        firstname: requiredOption(args, 'admin-firstname'),
        lastname: requiredOption(args, 'admin-lastname'),
      };
      return withServices(async (services) => {
        const role = stringOption(args, 'role');
        if (role && !(await services.roles.list()).some((r) => r.name === role)) throw new UsageError(`The role "${role}" does not exist`);
        const user = await services.admins.create(input);
        if (role) {
          try {
            await services.roles.assign(user.id, role);
          } catch (error) {
            // Never leave behind a full administrator that was meant to be restricted.
            await services.admins.setActive(user.username, false);
            throw error;
          }
        }
        console.log(`Created Magento administrator user named ${user.username}${role ? ` with role ${role}` : ''}`);
        return 0;
      });
    },
  },
  {
    name: 'store:view:create',
    usage: 'store:view:create <code> --name=N [--website=<code> --website-name=N] [--group=<code> --group-name=N]',
    description: 'Create a store view and, when missing, its website and store group.',
    options: {
      name: { type: 'string' },
      website: { type: 'string' },
      'website-name': { type: 'string' },
      group: { type: 'string' },
      'group-name': { type: 'string' },
    },
    positionals: [1, 1],
    run: (args) => {
      const input = {
        code: args.positionals[0],
        name: requiredOption(args, 'name'),
        websiteCode: stringOption(args, 'website'),
        websiteName: stringOption(args, 'website-name'),
        groupCode: stringOption(args, 'group'),
        groupName: stringOption(args, 'group-name'),
      };
      return withServices(async (services) => {
        const view = await services.stores.createView(input);
        const website = await services.stores.websiteById(view.websiteId);
        console.log(`Created store view ${view.code} (id ${view.id}) in website ${website?.code} (id ${view.websiteId}), store group id ${view.storeGroupId}`);
        return 0;
      });
    },
  },
  {
    name: 'store:list',
    usage: 'store:list',
    description: 'List the store views with their websites and groups.',
    options: {},
    positionals: [0, 0],
    run: () =>
      withServices(async (services) => {
        const { views, websites, groups } = await services.stores.reload();
        const rows = views.map((v) => [
          String(v.id),
          v.code,
          v.name,
          websites.find((w) => w.id === v.websiteId)?.code ?? '',
          groups.find((g) => g.id === v.storeGroupId)?.code ?? '',
          v.isActive ? 'yes' : 'no',
        ]);
        printTable(['ID', 'Code', 'Name', 'Website', 'Group', 'Active'], rows);
        return 0;
      }),
  },
  {
    name: 'config:set',
    usage: 'config:set <path> <value> [--scope=default|websites|stores --scope-code=<code>]',
    description: 'Set a Magento configuration value (e.g. oauth/access_token_lifetime/customer 2). Takes effect without a restart. Values of the paths Keyfront reads are checked; other paths are saved with a warning.',
    options: { scope: { type: 'string' }, 'scope-code': { type: 'string' } },
    positionals: [2, 2],
    run: (args) => {
      const [path, value] = args.positionals;
      const scope = (stringOption(args, 'scope') ?? 'default') as ConfigScope;
      if (!CONFIG_SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${CONFIG_SCOPES.join(', ')}`);
      if (!/^[a-z0-9_]+\/[a-z0-9_]+\/[a-z0-9_]+$/i.test(path)) throw new UsageError(`"${path}" is not a configuration path (section/group/field)`);
      const scopeCode = stringOption(args, 'scope-code');
      if (scope !== 'default' && !scopeCode) throw new UsageError('--scope-code is required with --scope=websites or --scope=stores');
      const invalid = jwtConfigError(path, value);
      if (invalid) throw new UsageError(invalid);
      return withServices(async (services) => {
        let scopeId = 0;
        if (scope === 'websites') {
          const website = (await services.stores.reload()).websites.find((w) => w.code === scopeCode);
          if (!website) throw new UsageError(`The website "${scopeCode}" does not exist`);
          scopeId = website.id;
        } else if (scope === 'stores') {
          const view = (await services.stores.reload()).views.find((v) => v.code === scopeCode);
          if (!view) throw new UsageError(`The store view "${scopeCode}" does not exist`);
          scopeId = view.id;
        }
        const problem = valueProblem(path, value);
        if (problem) throw new UsageError(problem);
        await services.config.set(path, value, scope, scopeId);
        console.log('Value was saved.');
        // Saved all the same, as Magento keeps values its modules may read; but a typo should not pass silently.
        if (!isKnownPath(path)) console.error(`Warning: Keyfront does not read ${path}; the value is stored but changes nothing here. bin/keyfront config:show lists the paths it reads.`);
        return 0;
      });
    },
  },
  {
    name: 'config:show',
    usage: 'config:show [<path>]',
    description: 'Show configuration values stored in the database (all, or those under a path prefix such as web/, with the defaults of the paths Keyfront reads there), or one resolved value.',
    options: {},
    positionals: [0, 1],
    run: (args: ParsedArgs) =>
      withServices(async (services) => {
        const path = args.positionals[0];
        if (path && path.split('/').length === 3) {
          console.log((await services.config.get(path)) ?? '');
          return 0;
        }
        const rows = await services.config.list(path);
        for (const row of rows) {
          console.log(`${row.path} - ${row.value ?? ''}${row.scope === 'default' ? '' : ` (${row.scope} ${row.scope_id})`}`);
        }
        // With a prefix, the paths Keyfront reads under it that hold their default, so `config:show web/` explains itself.
        if (path) {
          for (const known of Object.keys(CONFIG_DEFAULTS).filter((p) => p.startsWith(path) && !rows.some((r) => r.path === p))) {
            console.log(`${known} - ${services.config.defaultOf(known) ?? ''} (default${known.endsWith('/base_url') ? ': the address the server listens on, from HOST/PORT' : ''})`);
          }
        }
        return 0;
      }),
  },
  {
    name: 'cache:flush',
    usage: 'cache:flush',
    description: 'Make every running server read the configuration again (after core_config_data was changed by hand, as Magento needs after such a change). config:set and the admin pages do this by themselves.',
    options: {},
    positionals: [0, 0],
    run: () =>
      withServices(async (services) => {
        await services.config.flush();
        console.log('Flushed cache types:\nconfig');
        return 0;
      }),
  },
];

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
