// One HTTP worker of `serve --workers=N`: the same server as a single process, without the
// migrations (the primary ran them before forking) and without the start-up line (the primary prints
// it once every worker listens). Its duties start on the primary's word, after that line: every
// worker runs an outbox sender (claims are atomic, see mail/outbox-repository.ts), worker 1 alone
// the periodic cleanup. On the primary's word, or SIGTERM/SIGINT, it drains: no new connections,
// idle keep-alive connections closed, the requests in flight finished; then it exits 0.
import type { FastifyInstance } from 'fastify';
import { openServices, type App } from '../app.ts';
import { buildHttpServer } from '../http.ts';
import type { KeyfrontOptions } from '../options.ts';
import { shareWithPrimary } from '../ops/cluster-metrics.ts';
import { UsageError } from './args.ts';
import { listenOrExplain, startDuties, type Duties } from './serve-kit.ts';

/** Which worker this is (1…N), set by the primary; a replacement keeps its predecessor's number. */
export const WORKER_NUMBER_ENV = 'KEYFRONT_WORKER_NUMBER';

/** What a worker tells the primary. */
export type WorkerNews = { type: 'keyfront:listening'; port: number } | { type: 'keyfront:failed'; usage: boolean; message: string };
/** What the primary tells a worker. */
export type PrimaryWord = { type: 'keyfront:started' } | { type: 'keyfront:shutdown' };

function isPrimaryWord(value: unknown): value is PrimaryWord {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'keyfront:started' || type === 'keyfront:shutdown';
}

function tell(news: WorkerNews): Promise<void> {
  return new Promise((resolve) => {
    try {
      process.send!(news, undefined, {}, () => resolve());
    } catch {
      resolve(); // the primary is gone; this worker ends with it
    }
  });
}

export async function runWorker(options: KeyfrontOptions): Promise<never> {
  const number = Number(process.env[WORKER_NUMBER_ENV] ?? '1');
  let stopRequested = false;
  let drain!: () => void;
  const stopping = new Promise<void>((resolve) => (drain = resolve));
  const stop = () => {
    stopRequested = true;
    drain();
  };
  let startDutiesNow = () => {}; // the primary says `started` only after this worker said it listens
  process.on('message', (message: unknown) => {
    if (!isPrimaryWord(message)) return;
    if (message.type === 'keyfront:shutdown') stop();
    else startDutiesNow();
  });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  let services: App;
  let app: FastifyInstance;
  let port: number;
  try {
    services = await openServices(options);
    app = buildHttpServer(services, options);
    if (services.metrics) services.metrics.serveFrom(shareWithPrimary(services.metrics.registry));
    port = await listenOrExplain(app, services, options);
  } catch (error) {
    // The primary shows the reason, once for all workers, as `serve` would have.
    const message = error instanceof Error ? error.message : String(error);
    await tell({ type: 'keyfront:failed', usage: error instanceof UsageError, message: message.split('\n')[0] });
    process.exit(error instanceof UsageError ? 2 : 1);
  }

  let duties: Duties | null = null;
  startDutiesNow = () => {
    if (!duties && !stopRequested) duties = startDuties(services, options, app.log, { cleanup: number === 1 });
  };
  await tell({ type: 'keyfront:listening', port });

  await stopping;
  app.log.info({ worker: number }, 'worker draining: no new connections, finishing the requests in flight');
  await app.close();
  await (duties as Duties | null)?.stop();
  await services.close();
  process.exit(0);
}
