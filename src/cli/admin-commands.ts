// bin/keyfront commands for the admin pages: Magento_TwoFactorAuth's security:tfa:reset, under
// Keyfront's name.
import { UsageError, type Command } from './args.ts';
import { withServices } from './services.ts';

export const adminPageCommands: Command[] = [
  {
    name: 'admin:user:2fa:reset',
    usage: 'admin:user:2fa:reset <user>',
    description: "Forget an admin user's authenticator (a lost phone): the next sign-in sets up a new one. Ends the user's admin sessions.",
    options: {},
    positionals: [1, 1],
    run: (args) =>
      withServices(async (services) => {
        const admin = await services.admins.byUsername(args.positionals[0]);
        if (!admin) throw new UsageError(`The admin user "${args.positionals[0]}" does not exist`);
        const had = await services.twoFactor.reset(admin.id);
        await services.adminSessions.destroyForUser(admin.id);
        console.log(had ? `Two-factor authentication of "${admin.username}" was reset: the next sign-in sets up a new authenticator.` : `"${admin.username}" had no authenticator set up; nothing to reset.`);
        return 0;
      }),
  },
];
