// The primary of `serve --workers=N` (Node's cluster module). It runs the migrations once, before
// any worker exists, then forks N workers (worker.ts) that share one listening address: the primary
// accepts connections and hands them out in turn, and serves no HTTP itself. Once every worker
// listens it prints the one start-up line. A worker that dies is replaced, after a back-off that
// doubles while its replacements keep dying; a worker that fails before it listens at the first
// start (a port in use), or replacements failing to start 5 times in a row, end the primary with
// that worker's reason, shown once. SIGTERM/SIGINT: every worker drains (DRAIN_MS at most, then
// it is killed), and the primary exits 0; a second signal kills the workers at once. With
// KEYFRONT_METRICS_PORT the primary alone listens there, serving the workers' sum.
import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import { openServices, setupUpgrade } from '../app.ts';
import { buildMetricsServer } from '../http.ts';
import type { KeyfrontOptions } from '../options.ts';
import { clusterMetrics } from '../ops/cluster-metrics.ts';
import { UsageError } from './args.ts';
import { startLine } from './serve-kit.ts';
import { WORKER_NUMBER_ENV, type PrimaryWord, type WorkerNews } from './worker.ts';

/** How long a worker may take to finish its requests in flight after SIGTERM. */
export const DRAIN_MS = 10_000;
/** A worker that listened this long was healthy: its replacement starts without waiting. */
const HEALTHY_MS = 10_000;
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;
/** Replacements in a row that die before they listen: the primary gives up. */
const MAX_START_FAILURES = 5;

interface Slot {
  number: number;
  worker: Worker | null;
  listeningSince: number | null;
  /** Deaths since the slot's last healthy worker: the back-off doubles with each. */
  deaths: number;
  startFailures: number;
  reason: { usage: boolean; message: string } | null;
  restart: NodeJS.Timeout | null;
}

function isNews(value: unknown): value is WorkerNews {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'keyfront:listening' || type === 'keyfront:failed';
}

function tell(worker: Worker, word: PrimaryWord): void {
  if (worker.isConnected()) worker.send(word, undefined, () => {});
}

export async function runPrimary(options: KeyfrontOptions): Promise<number> {
  const log = pino({ level: options.logLevel, base: { pid: process.pid, component: 'cluster' } }, process.stderr);
  // Migrations once, here: two workers never race on one.
  const services = await openServices(options);
  let databaseUrl: string;
  let noAdminYet: boolean;
  try {
    await setupUpgrade(services);
    databaseUrl = services.database.safeUrl;
    noAdminYet = (await services.admins.count()) === 0;
  } finally {
    await services.close();
  }

  const slots: Slot[] = Array.from({ length: options.workers }, (_, i) => ({ number: i + 1, worker: null, listeningSince: null, deaths: 0, startFailures: 0, reason: null, restart: null }));
  const listening = () => slots.filter((s) => s.worker && s.listeningSince !== null).map((s) => s.worker!);
  // The workers' sum, for the metrics port and for workers asked on the public port.
  const metrics = options.metrics ? await clusterMetrics(listening) : null;
  const metricsServer = options.metricsPort !== null ? buildMetricsServer(metrics) : null;
  if (metricsServer) await metricsServer.listen({ host: options.host, port: options.metricsPort! });

  const slotOf = new Map<Worker, Slot>();
  const fork = (slot: Slot) => {
    slot.restart = null;
    slot.listeningSince = null;
    slot.reason = null;
    slot.worker = cluster.fork({ [WORKER_NUMBER_ENV]: String(slot.number) });
    slotOf.set(slot.worker, slot);
    slot.worker.on('error', (error) => log.warn({ worker: slot.number, err: error }, 'worker channel error'));
  };

  return new Promise<number>((resolve, reject) => {
    let phase: 'starting' | 'running' | 'stopping' = 'starting';
    let failure: Error | null = null;
    let killTimer: NodeJS.Timeout | null = null;

    const killAll = (why: string) => {
      for (const s of slots) {
        if (!s.worker) continue;
        log.warn({ worker: s.number, pid: s.worker.process.pid }, `worker killed: ${why}`);
        s.worker.process.kill('SIGKILL');
      }
    };
    const finishIfDone = () => {
      if (phase !== 'stopping' || slots.some((s) => s.worker)) return;
      if (killTimer) clearTimeout(killTimer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      cluster.off('message', onMessage);
      cluster.off('exit', onExit);
      void (metricsServer?.close() ?? Promise.resolve()).finally(() => (failure ? reject(failure) : resolve(0)));
    };
    const shutdown = (reason: Error | null) => {
      if (phase === 'stopping') return;
      phase = 'stopping';
      failure = reason;
      for (const s of slots) {
        if (s.restart) clearTimeout(s.restart);
        s.restart = null;
        if (s.worker) tell(s.worker, { type: 'keyfront:shutdown' });
      }
      killTimer = setTimeout(() => killAll(`requests still in flight after ${DRAIN_MS / 1000} s`), DRAIN_MS);
      finishIfDone();
    };
    const onSignal = () => {
      if (phase === 'stopping') killAll('asked to stop a second time');
      else shutdown(null);
    };

    const onMessage = (worker: Worker, news: unknown) => {
      const slot = slotOf.get(worker);
      if (!slot || !isNews(news)) return;
      if (news.type === 'keyfront:failed') {
        slot.reason = { usage: news.usage, message: news.message };
        return;
      }
      slot.listeningSince = Date.now();
      slot.startFailures = 0;
      if (phase === 'running') tell(worker, { type: 'keyfront:started' }); // a replacement
      if (phase !== 'starting' || slots.some((s) => s.listeningSince === null)) return;
      phase = 'running';
      const metricsAddress = metricsServer?.server.address();
      const metricsPort = metricsServer ? (typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : options.metricsPort) : null;
      console.log(startLine(options, { port: news.port, databaseUrl, noAdminYet, metricsPort, workers: slots.length }));
      for (const s of slots) tell(s.worker!, { type: 'keyfront:started' });
    };

    const onExit = (worker: Worker, code: number | null, signal: string | null) => {
      const slot = slotOf.get(worker);
      if (!slot || slot.worker !== worker) return;
      slot.worker = null;
      // Its last words (why it failed) may still be in the channel: decide once that is read.
      if (worker.isConnected()) worker.once('disconnect', () => afterDeath(slot, worker, code, signal));
      else afterDeath(slot, worker, code, signal);
    };
    const afterDeath = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
      slotOf.delete(worker);
      if (phase === 'stopping') return finishIfDone();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (slot.listeningSince === null) {
        const reason = slot.reason ?? { usage: false, message: `worker ${slot.number} ${how} before it listened` };
        const error = reason.usage ? new UsageError(reason.message) : new Error(reason.message);
        // At the first start nothing was served yet: fail as one process would. Later, retry a few times.
        if (phase === 'starting' || ++slot.startFailures >= MAX_START_FAILURES) {
          if (phase === 'running') log.error({ worker: slot.number, failures: slot.startFailures, reason: reason.message }, 'workers keep failing to start: stopping');
          return shutdown(error);
        }
      } else if (Date.now() - slot.listeningSince >= HEALTHY_MS) {
        slot.deaths = 0;
      }
      const delay = Math.min(FIRST_BACKOFF_MS * 2 ** slot.deaths, MAX_BACKOFF_MS);
      slot.deaths++;
      log.warn({ worker: slot.number, pid: worker.process.pid, code, signal, restartInMs: delay }, `worker ${how}: starting a replacement`);
      slot.restart = setTimeout(() => fork(slot), delay);
    };

    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    cluster.on('message', onMessage);
    cluster.on('exit', onExit);
    for (const slot of slots) fork(slot);
  });
}
