// bin/keyfront jwt:key:* — the JWT signing keys: rotate, list, retire.
import { isJwtAlgorithm, JWT_ALGORITHMS } from '../auth/jwt.ts';
import { formatDateTime } from '../lib/clock.ts';
import { stringOption, UsageError, type Command } from './args.ts';
import { withServices } from './services.ts';

const when = (epoch: number) => formatDateTime(new Date(epoch * 1000));

export const jwtCommands: Command[] = [
  {
    name: 'jwt:key:rotate',
    usage: 'jwt:key:rotate [--alg=HS256|HS384|HS512|RS256|ES256|EdDSA]',
    description:
      'Make a new JWT signing key (for webapi/jwtauth/jwt_alg unless --alg): new tokens use it; tokens of the previous key keep verifying until the longest token lifetime has passed, then that key leaves the key set.',
    options: { alg: { type: 'string' } },
    positionals: [0, 0],
    run: (args) => {
      const alg = stringOption(args, 'alg');
      if (alg !== undefined && !isJwtAlgorithm(alg)) throw new UsageError(`--alg must be one of ${JWT_ALGORITHMS.join(', ')}`);
      return withServices(async (services) => {
        const r = await services.jwtKeys.rotate(alg);
        console.log(`New ${r.alg} signing key: ${r.kid}`);
        for (const kid of r.retiring) console.log(`Key ${kid} stops signing now and leaves the key set at ${when(r.retireAt)} (UTC).`);
        return 0;
      });
    },
  },
  {
    name: 'jwt:key:list',
    usage: 'jwt:key:list [--json]',
    description: 'List the JWT signing keys: kid, algorithm, state (signing, verifying until …, retired).',
    options: { json: { type: 'boolean' } },
    positionals: [0, 0],
    run: (args) =>
      withServices(async (services) => {
        const keys = await services.jwtKeys.list();
        const now = Math.floor(services.clock.now().getTime() / 1000);
        const state = (retireAt: number | null) => (retireAt === null ? 'signing' : retireAt > now ? `verifying until ${when(retireAt)}` : 'retired');
        if (args.values.json) console.log(JSON.stringify(keys.map((k) => ({ kid: k.kid, alg: k.alg, state: state(k.retireAt).split(' ')[0], retire_at: k.retireAt }))));
        else for (const k of keys) console.log(`${k.kid}\t${k.alg}\t${state(k.retireAt)}`);
        return 0;
      }),
  },
  {
    name: 'jwt:key:retire',
    usage: 'jwt:key:retire <kid>',
    description: 'Take a JWT key out of the key set at once: every token it signed is refused from now on.',
    options: {},
    positionals: [1, 1],
    run: (args) =>
      withServices(async (services) => {
        await services.jwtKeys.retire(args.positionals[0]);
        console.log(`Key ${args.positionals[0]} was retired; its tokens are refused.`);
        return 0;
      }),
  },
];
