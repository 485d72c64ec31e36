// Operations endpoints for load balancers, Kubernetes and Prometheus: GET /health/live (the
// process answers), GET /health/ready (and the database answers, within KEYFRONT_DB_TIMEOUT_MS),
// GET /metrics (only when KEYFRONT_METRICS=1; with KEYFRONT_METRICS_PORT it is served on that
// port instead, never on the public one).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { UnavailableError } from '../../errors/domain-errors.ts';
import type { Metrics, MetricsText } from '../../ops/metrics.ts';
import type { Services } from '../services.ts';

export function opsDoor(services: Services, options: { metricsHere: boolean }): FastifyPluginAsync {
  return async (door) => {
    door.get('/health/live', async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send('{"status":"ok"}'));
    door.get('/health/ready', async (request, reply) => {
      try {
        await services.health.ready();
        return reply.header('content-type', 'application/json; charset=utf-8').send('{"status":"ok"}');
      } catch (error) {
        if (!(error instanceof UnavailableError)) request.log.error({ err: error }, 'readiness check failed');
        return reply.code(503).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ status: 'unavailable', message: 'The service is temporarily unavailable. Please try again later.' }));
      }
    });
    if (options.metricsHere && services.metrics) registerMetricsRoute(door, services.metrics);
  };
}

export function registerMetricsRoute(app: FastifyInstance, metrics: MetricsText): void {
  app.get('/metrics', async (_request, reply) => reply.header('content-type', metrics.contentType).send(await metrics.text()));
}

/** Counts every answer by route template (an unmatched URL counts as "unmatched", never raw). */
export function observeRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
