// Prometheus metrics (prom-client), served at GET /metrics only when KEYFRONT_METRICS=1 or on
// KEYFRONT_METRICS_PORT: requests and latency per route, sign-in outcomes, account locks, the
// password-hashing queue, the mail outbox backlog and the database pool. Labels are bounded:
// route templates (never raw URLs), a few outcomes, user types. With `serve --workers=N` each worker
// keeps its own registry and /metrics answers the sum over the workers (ops/cluster-metrics.ts).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  hashQueue(): { running: number; waiting: number };
  outboxBacklog(): Promise<number>;
  pool(): { total: number; idle: number; waiting: number } | null;
  statements(): number;
}

/** What /metrics serves: this process's registry, or a cluster's sum of them. */
export interface MetricsText {
  text(): Promise<string>;
  readonly contentType: string;
}

export class Metrics implements MetricsText {
  readonly registry = new Registry();
  /** In a cluster worker: asks the primary for the sum over every worker (see ops/cluster-metrics.ts). */
  private source: (() => Promise<string>) | null = null;
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly signIns: Counter<'user_type' | 'outcome'>;
  private readonly locks: Counter<string>;

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'keyfront_process_' });
    const registers = [this.registry];
    this.requests = new Counter({ name: 'keyfront_http_requests_total', help: 'HTTP requests answered, by route template and status', labelNames: ['method', 'route', 'status'], registers });
    this.latency = new Histogram({
      name: 'keyfront_http_request_duration_seconds',
      help: 'Time to answer, by route template',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.signIns = new Counter({ name: 'keyfront_sign_ins_total', help: 'Sign-in attempts by outcome (success, failed, throttled, locked)', labelNames: ['user_type', 'outcome'], registers });
    this.locks = new Counter({ name: 'keyfront_account_locks_total', help: 'Customer accounts locked by the lockout', registers });
    new Gauge({
      name: 'keyfront_password_hash_queue',
      help: 'Password hashes running and waiting',
      labelNames: ['state'],
      registers,
      collect() {
        const q = sources.hashQueue();
        this.set({ state: 'running' }, q.running);
        this.set({ state: 'waiting' }, q.waiting);
      },
    });
    new Gauge({
      name: 'keyfront_mail_outbox_backlog',
      help: 'Mails not yet delivered (pending or retrying)',
      registers,
      // Every worker counts the same table: the cluster's value is one count, not their sum.
      aggregator: 'max',
      async collect() {
        try {
          this.set(await sources.outboxBacklog());
        } catch {
          // The database is away: the backlog is unknown; /health/ready says so.
        }
      },
    });
    new Gauge({
      name: 'keyfront_db_pool_connections',
      help: 'Database pool connections (total, idle) and requests waiting for one',
      labelNames: ['state'],
      registers,
      collect() {
        const p = sources.pool();
        if (!p) return;
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
    // A counter read from the database layer's own count (every statement, BEGIN and COMMIT
    // included): divided by requests it is the round trips per request.
    new Counter({
      name: 'keyfront_db_statements_total',
      help: 'Statements sent to the database (round trips; BEGIN and COMMIT count)',
      registers,
      collect() {
        this.reset();
        this.inc(sources.statements());
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  signIn(userType: 'customer' | 'admin', outcome: 'success' | 'failed' | 'throttled' | 'locked'): void {
    this.signIns.inc({ user_type: userType, outcome });
  }

  locked(): void {
    this.locks.inc();
  }

  text(): Promise<string> {
    return this.source ? this.source() : this.registry.metrics();
  }

  /** Serve `source` (a cluster's sum) instead of this process's registry alone. */
  serveFrom(source: () => Promise<string>): void {
    this.source = source;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
