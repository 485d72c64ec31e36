// bin/keyfront serve: migrate, listen, print one line, clean up expired rows now and then.
import { openServices, setupUpgrade } from '../app.ts';
import { buildHttpServer, buildMetricsServer } from '../http.ts';
import { formatDateTime } from '../lib/clock.ts';
import { DEFAULT_SENDER_SETTINGS, MailSender } from '../mail/sender.ts';
import { DevelopmentTransport, maskSmtpUrl, SmtpTransport } from '../mail/transports.ts';
import { baseUrlFor, isLoopback, isWeakArgon2, OptionsError, optionsFromEnv } from '../options.ts';
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
  try {
    await setupUpgrade(services);
  } catch (error) {
    // An open pool (mysql2 keeps idle connections) would keep a failed start alive forever.
    await services.close();
    throw error;
  }
  const app = buildHttpServer(services, options);
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
  const metricsServer = options.metricsPort !== null ? buildMetricsServer(services) : null;
  if (metricsServer) await metricsServer.listen({ host: options.host, port: options.metricsPort! });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  // Mailed links point here until web/unsecure/base_url is set (port 0 is known only now).
  services.config.useBaseUrl(baseUrlFor(options.host, actualPort));
  const showLinks = isLoopback(options.host);
  const mailTo = options.smtpUrl ? maskSmtpUrl(options.smtpUrl) : `files in ${options.mailDir}, summaries${showLinks ? ' and links' : ''} here`;
  let line = `Keyfront listening on http://${host}:${actualPort} (database: ${services.database.safeUrl}, mail: ${mailTo})`;
  if ((await services.admins.count()) === 0) {
    line += ' - no admin user yet: create one with bin/keyfront admin:user:create --admin-user=<name> --admin-password=<password> --admin-email=<email> --admin-firstname=<first> --admin-lastname=<last>';
  }
  if (metricsServer) {
    const m = metricsServer.server.address();
    line += ` - metrics on http://${host}:${typeof m === 'object' && m ? m.port : options.metricsPort}/metrics`;
  }
  line += ` - admin pages at ${options.adminPath}`;
  if (!options.adminTwoFactor) line += ' - WARNING: admin two-factor authentication is OFF (KEYFRONT_ADMIN_2FA=off, for local development only)';
  if (isWeakArgon2(options.argon2)) line += ' - WARNING: argon2id cost is below OWASP\'s recommendation (test settings)';
  console.log(line);

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
      app.log.warn({ err: error }, 'cleanup failed');
    }
  };
  const timer = setInterval(cleanup, options.cleanupIntervalMs);
  timer.unref();
  void cleanup();

  // The outbox sender: mail committed by any process is delivered by whichever sender claims it first.
  const mailLog = app.log.child({ component: 'mail' });
  const transport = options.smtpUrl
    ? new SmtpTransport(options.smtpUrl)
    : new DevelopmentTransport(options.mailDir, mailLog, (text) => console.log(text), showLinks);
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
  await services.close();
  return 0;
}
