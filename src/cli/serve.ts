// bin/keyfront serve: migrate, listen, print one line, clean up expired rows now and then.
import { openServices, setupUpgrade } from '../app.ts';
import { buildHttpServer, buildMetricsServer } from '../http.ts';
import { formatDateTime } from '../lib/clock.ts';
import { DEFAULT_SENDER_SETTINGS, MailSender } from '../mail/sender.ts';
import { LogTransport, maskSmtpUrl, SmtpTransport } from '../mail/transports.ts';
import { isWeakArgon2, OptionsError, optionsFromEnv } from '../options.ts';
import { UsageError } from './args.ts';

export async function serve(flags: { host?: string; port?: string }): Promise<number> {
  let port: number | undefined;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got "${flags.port}")`);
  }
  let options;
  try {
    options = optionsFromEnv(process.env, { ...(flags.host ? { host: flags.host } : {}), ...(port !== undefined ? { port } : {}) });
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(error.message);
    throw error;
  }
  const services = await openServices(options);
  await setupUpgrade(services);
  const app = buildHttpServer(services, options);
  await app.listen({ host: options.host, port: options.port });
  const metricsServer = options.metricsPort !== null ? buildMetricsServer(services) : null;
  if (metricsServer) await metricsServer.listen({ host: options.host, port: options.metricsPort! });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let line = `Keyfront listening on http://${host}:${actualPort} (database: ${services.database.safeUrl}, mail: ${options.smtpUrl ? maskSmtpUrl(options.smtpUrl) : 'to the log'})`;
  if ((await services.admins.count()) === 0) {
    line += ' - no admin user yet: create one with bin/keyfront admin:user:create --admin-user=<name> --admin-password=<password> --admin-email=<email> --admin-firstname=<first> --admin-lastname=<last>';
  }
  if (metricsServer) {
    const m = metricsServer.server.address();
    line += ` - metrics on http://${host}:${typeof m === 'object' && m ? m.port : options.metricsPort}/metrics`;
  }
  if (isWeakArgon2(options.argon2)) line += ' - WARNING: argon2id cost is below OWASP\'s recommendation (test settings)';
  console.log(line);

  // Expired tokens and throttle rows are removed periodically, so the tables do not grow without bound.
  const cleanup = async () => {
    try {
      await services.tokens.removeExpired();
      await services.throttle.removeExpired();
      await services.integrations.removeOldNonces();
      await services.resetLimiter.removeExpired();
      // The outbox keeps a record of delivered mail for 30 days.
      await services.outbox.removeFinishedBefore(formatDateTime(new Date(services.clock.now().getTime() - 30 * 86400_000)));
    } catch (error) {
      app.log.warn({ err: error }, 'cleanup failed');
    }
  };
  const timer = setInterval(cleanup, options.cleanupIntervalMs);
  timer.unref();
  void cleanup();

  // The outbox sender: mail committed by any process is delivered by whichever sender claims it first.
  const mailLog = app.log.child({ component: 'mail' });
  const transport = options.smtpUrl ? new SmtpTransport(options.smtpUrl) : new LogTransport(mailLog);
  const sender = new MailSender(services.outbox, transport, services.clock, mailLog, {
    ...DEFAULT_SENDER_SETTINGS,
    intervalMs: options.mailIntervalMs,
    retryBaseSeconds: options.mailRetryBaseSeconds,
  });
  sender.start();

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(timer);
  await app.close();
  await metricsServer?.close();
  await sender.stop();
  await services.database.close();
  return 0;
}
