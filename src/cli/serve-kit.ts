// What `serve` does the same in one process and in a cluster's workers: listening (a port in use is
// named, with how to choose another), the one start-up line, and the background duties (the outbox
// sender, the periodic cleanup).
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import { formatDateTime } from '../lib/clock.ts';
import { DEFAULT_SENDER_SETTINGS, MailSender } from '../mail/sender.ts';
import { DevelopmentTransport, maskSmtpUrl, SmtpTransport } from '../mail/transports.ts';
import { baseUrlFor, isLoopback, isWeakArgon2, type KeyfrontOptions } from '../options.ts';
import { UsageError } from './args.ts';

/** Listens where the options say and returns the port; a port in use or forbidden is a UsageError. Closes the app, the database and the hashing threads on failure. */
export async function listenOrExplain(app: FastifyInstance, services: App, options: KeyfrontOptions): Promise<number> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    await services.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const other = options.port === 8080 ? 8081 : 8080;
      const why = code === 'EADDRINUSE' ? 'is already in use (another Keyfront, or another program)' : 'may not be opened by this user';
      throw new UsageError(`Port ${options.port} on ${options.host} ${why}. Choose another: PORT=${other} npm start, or bin/keyfront serve --port=${other}`);
    }
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // Mailed links point here until web/unsecure/base_url is set (port 0 is known only now).
  services.config.useBaseUrl(baseUrlFor(options.host, port));
  return port;
}

export interface StartFacts {
  port: number;
  /** The database URL without its password. */
  databaseUrl: string;
  noAdminYet: boolean;
  /** The port /metrics is served on alone, if any. */
  metricsPort: number | null;
  workers: number;
}

/** The one line `serve` prints on stdout once it answers. */
export function startLine(options: KeyfrontOptions, facts: StartFacts): string {
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const mailTo = options.smtpUrl ? maskSmtpUrl(options.smtpUrl) : `files in ${options.mailDir}, summaries${isLoopback(options.host) ? ' and links' : ''} here`;
  let line = `Keyfront listening on http://${host}:${facts.port} (database: ${facts.databaseUrl}, mail: ${mailTo})`;
  if (facts.workers > 1) line += ` - ${facts.workers} workers`;
  if (facts.noAdminYet) {
    line += ' - no admin user yet: create one with bin/keyfront admin:user:create --admin-user=<name> --admin-password=<password> --admin-email=<email> --admin-firstname=<first> --admin-lastname=<last>';
  }
  if (facts.metricsPort !== null) line += ` - metrics on http://${host}:${facts.metricsPort}/metrics`;
  line += ` - admin pages at ${options.adminPath}`;
  if (!options.adminTwoFactor) line += ' - WARNING: admin two-factor authentication is OFF (KEYFRONT_ADMIN_2FA=off, for local development only)';
  if (isWeakArgon2(options.argon2)) line += ' - WARNING: argon2id cost is below OWASP\'s recommendation (test settings)';
  return line;
}

export interface Duties {
  stop(): Promise<void>;
}

/**
 * The outbox sender (mail committed by any process is delivered by whichever sender claims it
 * first: the claim is a conditional update, so no mail goes out twice) and, when `cleanup`, the
 * periodic removal of expired rows (one process of a cluster is enough).
 */
export function startDuties(services: App, options: KeyfrontOptions, log: FastifyBaseLogger, what: { cleanup: boolean }): Duties {
  // Expired tokens and throttle rows are removed periodically, so the tables do not grow without bound.
  const cleanup = async () => {
    try {
      await services.tokens.removeExpired();
      await services.throttle.removeExpired();
      await services.integrations.removeOldNonces();
      await services.resetLimiter.removeExpired();
      await services.jwtKeys.removeRetired();
      // The outbox keeps a record of delivered mail for 30 days.
      await services.outbox.removeFinishedBefore(formatDateTime(new Date(services.clock.now().getTime() - 30 * 86400_000)));
    } catch (error) {
      log.warn({ err: error }, 'cleanup failed');
    }
  };
  const timer = what.cleanup ? setInterval(cleanup, options.cleanupIntervalMs) : null;
  timer?.unref();
  if (what.cleanup) void cleanup();

  const mailLog = log.child({ component: 'mail' });
  const transport = options.smtpUrl
    ? new SmtpTransport(options.smtpUrl)
    : new DevelopmentTransport(options.mailDir, mailLog, (text) => console.log(text), isLoopback(options.host));
  const sender = new MailSender(services.outbox, transport, services.clock, mailLog, {
    ...DEFAULT_SENDER_SETTINGS,
    intervalMs: options.mailIntervalMs,
    retryBaseSeconds: options.mailRetryBaseSeconds,
  });
  sender.start();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await sender.stop();
    },
  };
}
