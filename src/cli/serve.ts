// bin/keyfront serve: migrate, listen, print one line, deliver mail and clean up expired rows now
// and then. With --workers=N (KEYFRONT_WORKERS) above 1, this process becomes a cluster's primary
// (cluster.ts) and each worker runs worker.ts; with 1, the default, it is all one process.
import cluster from 'node:cluster';
import { openServices, setupUpgrade } from '../app.ts';
import { buildHttpServer, buildMetricsServer } from '../http.ts';
import { OptionsError, optionsFromEnv, workersFrom, type KeyfrontOptions } from '../options.ts';
import { UsageError } from './args.ts';
import { runPrimary } from './cluster.ts';
import { listenOrExplain, startDuties, startLine } from './serve-kit.ts';
import { runWorker, WORKER_NUMBER_ENV } from './worker.ts';

export async function serve(flags: { host?: string; port?: string; workers?: string }): Promise<number> {
  const options = serveOptions(flags);
  // Only a worker forked by this command's primary: under a process manager's own cluster (PM2's)
  // `serve` runs as one plain process.
  if (cluster.isWorker && process.env[WORKER_NUMBER_ENV]) return runWorker(options);
  if (options.workers > 1) return runPrimary(options);
  const services = await openServices(options);
  try {
    await setupUpgrade(services);
  } catch (error) {
    // An open pool (mysql2 keeps idle connections) would keep a failed start alive forever.
    await services.close();
    throw error;
  }
  const app = buildHttpServer(services, options);
  const port = await listenOrExplain(app, services, options);
  const metricsServer = options.metricsPort !== null ? buildMetricsServer(services.metrics) : null;
  if (metricsServer) await metricsServer.listen({ host: options.host, port: options.metricsPort! });
  const metricsAddress = metricsServer?.server.address();
  console.log(
    startLine(options, {
      port,
      databaseUrl: services.database.safeUrl,
      noAdminYet: (await services.admins.count()) === 0,
      metricsPort: metricsServer ? (typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : options.metricsPort) : null,
      workers: 1,
    }),
  );
  const duties = startDuties(services, options, app.log, { cleanup: true });

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await metricsServer?.close();
  await duties.stop();
  await services.close();
  return 0;
}

/** The options from the environment and the flags; anything wrong is a UsageError (exit 2). */
function serveOptions(flags: { host?: string; port?: string; workers?: string }): KeyfrontOptions {
  let port: number | undefined;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got "${flags.port}")`);
  }
  try {
    const workers = flags.workers !== undefined ? workersFrom(flags.workers, '--workers') : undefined;
    return optionsFromEnv(process.env, { ...(flags.host ? { host: flags.host } : {}), ...(port !== undefined ? { port } : {}), ...(workers !== undefined ? { workers } : {}) });
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(error.message);
    throw error;
  }
}
