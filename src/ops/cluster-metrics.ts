// /metrics under `serve --workers=N`: each worker keeps its own prom-client registry; the primary
// asks every listening worker for its metrics over the cluster's IPC channel and sums them
// (prom-client's aggregation: counters, histograms, memory and CPU summed; event-loop lag averaged;
// the outbox backlog, which every worker counts in the same table, taken once). A scrape that
// reaches a worker on the public port (KEYFRONT_METRICS=1) is answered with the same sum, asked of
// the primary. A worker that does not answer within a second is left out of that scrape.
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { MetricsText } from './metrics.ts';

type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;
type Message =
  | { type: 'keyfront:metrics:collect'; id: number }
  | { type: 'keyfront:metrics:collected'; id: number; metrics: MetricsJson }
  | { type: 'keyfront:metrics:ask'; id: number }
  | { type: 'keyfront:metrics:answer'; id: number; text: string };

const WORKER_ANSWER_MS = 1000;
let nextId = 0;

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && (value as { type: string }).type.startsWith('keyfront:metrics:');
}

/** The primary's side: the sum over `workers()` (those listening), for its metrics port and for workers that ask. */
export function clusterMetrics(workers: () => Worker[]): MetricsText {
  const waiting = new Map<number, (metrics: MetricsJson | null) => void>();
  const collect = (worker: Worker) =>
    new Promise<MetricsJson | null>((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => settle(null), WORKER_ANSWER_MS);
      function settle(metrics: MetricsJson | null) {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(metrics);
      }
      waiting.set(id, settle);
      try {
        worker.send({ type: 'keyfront:metrics:collect', id } satisfies Message);
      } catch {
        settle(null); // it is going away
      }
    });
  const text = async () => {
    const replies = await Promise.all(workers().map(collect));
    return AggregatorRegistry.aggregate(replies.filter((r) => r !== null)).metrics();
  };
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'keyfront:metrics:collected') waiting.get(message.id)?.(message.metrics);
    if (message.type === 'keyfront:metrics:ask') {
      void text().then((answer) => {
        if (worker.isConnected()) worker.send({ type: 'keyfront:metrics:answer', id: message.id, text: answer } satisfies Message);
      });
    }
  });
  return { text, contentType: AggregatorRegistry.PROMETHEUS_CONTENT_TYPE };
}

/** A worker's side: hands its registry to the primary when asked; returns how to ask for the sum. */
export function shareWithPrimary(registry: Registry): () => Promise<string> {
  const answers = new Map<number, (text: string) => void>();
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'keyfront:metrics:collect') {
      void registry.getMetricsAsJSON().then((metrics) => process.send?.({ type: 'keyfront:metrics:collected', id: message.id, metrics } satisfies Message));
    }
    if (message.type === 'keyfront:metrics:answer') answers.get(message.id)?.(message.text);
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      // The primary waits at most WORKER_ANSWER_MS for each worker: twice that and more is a lost answer.
      const timer = setTimeout(() => {
        answers.delete(id);
        reject(new Error('the cluster primary did not answer for /metrics'));
      }, WORKER_ANSWER_MS * 5);
      answers.set(id, (text) => {
        clearTimeout(timer);
        answers.delete(id);
        resolve(text);
      });
      process.send?.({ type: 'keyfront:metrics:ask', id } satisfies Message);
    });
}
