// Process-level options from the environment (and CLI flags). Everything Magento-like lives in
// core_config_data instead (see settings/). Validated once, then frozen.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultHashThreads, OWASP_ARGON2, type Argon2Params } from './auth/passwords.ts';
import { dialectOf } from './db/database.ts';

/** The project's folder (this file sits in src/ or dist/, one level below it). */
export const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Where Keyfront keeps its files (var/keyfront.db, var/mail/): KEYFRONT_HOME, else the project's
 * folder, never the current directory, so `bin/keyfront` run from anywhere finds the server's database.
 */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEYFRONT_HOME ? resolve(env.KEYFRONT_HOME) : PROJECT_DIR.replace(/\/$/, '');
}

export interface KeyfrontOptions {
  databaseUrl: string;
  host: string;
  port: number;
  argon2: Argon2Params;
  logLevel: string;
  /** Largest request body accepted, in bytes (413 beyond). */
  bodyLimit: number;
  /** Moves the server's clock (seconds); a test seam, 0 in production. */
  clockOffsetSeconds: number;
  /** How often expired tokens and throttle rows are removed, in ms. */
  cleanupIntervalMs: number;
  /** KEYFRONT_SECRET: master secret for JWT signing and integration secrets; unset = generated and kept in the database. */
  secret: string | undefined;
  /** Password hashes run at once / may wait; beyond, sign-ins answer 503 at once. */
  hashConcurrency: number;
  hashQueueLimit: number;
  /** KEYFRONT_HASH_THREADS: each process's hashing threads (below the event loop's priority); 0 = libuv's pool. */
  hashThreads: number;
  /** KEYFRONT_TRACE_PASSWORD_CHECKS=1 writes one stderr line per password verification (never the password): a test seam. */
  tracePasswordChecks: boolean;
  /** smtp://user:pass@host:port: mail goes there; unset, mail goes to the log. */
  smtpUrl: string | null;
  /** Without SMTP_URL, each mail is also written here as an .eml file (KEYFRONT_MAIL_DIR, default <home>/var/mail). */
  mailDir: string;
  /** How often the mail sender polls the outbox, in ms. */
  mailIntervalMs: number;
  /** First retry delay of an undelivered mail, in seconds (doubled per attempt). */
  mailRetryBaseSeconds: number;
  /** KEYFRONT_TRUST_PROXY as Fastify's trustProxy: false, a hop count, or a list of addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  /** KEYFRONT_CORS_ORIGINS: origins allowed to call the REST API from a browser (none: CORS off). */
  corsOrigins: readonly string[];
  /** KEYFRONT_DB_TIMEOUT_MS: longest wait for a connection or a statement before answering 503. */
  dbTimeoutMs: number;
  /** KEYFRONT_METRICS=1 serves GET /metrics; KEYFRONT_METRICS_PORT serves it on its own port instead. */
  metrics: boolean;
  metricsPort: number | null;
  /** KEYFRONT_ADMIN_PATH: where the admin pages live (Magento's default /admin). */
  adminPath: string;
  /** KEYFRONT_ADMIN_2FA=off skips the admin's second factor: local development only (announced at start-up). */
  adminTwoFactor: boolean;
  /** KEYFRONT_WORKERS / serve --workers: HTTP worker processes (cluster); 1 = one process, no cluster. */
  workers: number;
}

export class OptionsError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new OptionsError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

function secretFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.KEYFRONT_SECRET;
  if (raw === undefined || raw === '') return undefined;
  // 32 characters of anything random is enough for HKDF; shorter is a guessable password, not a key.
  if (raw.length < 32) throw new OptionsError('KEYFRONT_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)');
  return raw;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<KeyfrontOptions> = {}): KeyfrontOptions {
  const databaseUrl = overrides.databaseUrl ?? (env.DATABASE_URL || `sqlite:${join(homeDir(env), 'var', 'keyfront.db')}`);
  try {
    dialectOf(databaseUrl);
  } catch (error) {
    throw new OptionsError((error as Error).message);
  }
  const hashConcurrency = overrides.hashConcurrency ?? intFrom(env, 'KEYFRONT_HASH_CONCURRENCY', 4, 1, 256);
  const workers = overrides.workers ?? workersFrom(env.KEYFRONT_WORKERS || undefined, 'KEYFRONT_WORKERS');
  const options: KeyfrontOptions = {
    databaseUrl,
    host: overrides.host ?? (env.HOST || '127.0.0.1'),
    port: overrides.port ?? intFrom(env, 'PORT', 8080, 0, 65535),
    argon2: overrides.argon2 ?? {
      memoryCost: intFrom(env, 'KEYFRONT_ARGON2_MEMORY_KIB', OWASP_ARGON2.memoryCost, 8, 4 * 1024 * 1024),
      timeCost: intFrom(env, 'KEYFRONT_ARGON2_TIME_COST', OWASP_ARGON2.timeCost, 1, 100),
      parallelism: intFrom(env, 'KEYFRONT_ARGON2_PARALLELISM', OWASP_ARGON2.parallelism, 1, 64),
    },
    logLevel: overrides.logLevel ?? (env.LOG_LEVEL || 'warn'),
    bodyLimit: overrides.bodyLimit ?? intFrom(env, 'KEYFRONT_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    clockOffsetSeconds: overrides.clockOffsetSeconds ?? intFrom(env, 'KEYFRONT_CLOCK_OFFSET_SECONDS', 0, -1e9, 1e9),
    cleanupIntervalMs: overrides.cleanupIntervalMs ?? intFrom(env, 'KEYFRONT_CLEANUP_INTERVAL_MS', 10 * 60 * 1000, 1000, 24 * 3600 * 1000),
    secret: overrides.secret ?? secretFrom(env),
    hashConcurrency,
    hashQueueLimit: overrides.hashQueueLimit ?? intFrom(env, 'KEYFRONT_HASH_QUEUE_LIMIT', 64, 0, 100000),
    hashThreads: overrides.hashThreads ?? intFrom(env, 'KEYFRONT_HASH_THREADS', defaultHashThreads(hashConcurrency, workers), 0, 256),
    tracePasswordChecks: overrides.tracePasswordChecks ?? env.KEYFRONT_TRACE_PASSWORD_CHECKS === '1',
    smtpUrl: overrides.smtpUrl ?? smtpUrlFrom(env),
    mailDir: overrides.mailDir ?? (env.KEYFRONT_MAIL_DIR ? resolve(env.KEYFRONT_MAIL_DIR) : join(homeDir(env), 'var', 'mail')),
    mailIntervalMs: overrides.mailIntervalMs ?? intFrom(env, 'KEYFRONT_MAIL_INTERVAL_MS', 5000, 50, 3600 * 1000),
    mailRetryBaseSeconds: overrides.mailRetryBaseSeconds ?? intFrom(env, 'KEYFRONT_MAIL_RETRY_BASE_SECONDS', 30, 1, 3600),
    trustProxy: overrides.trustProxy ?? trustProxyFrom(env),
    corsOrigins: overrides.corsOrigins ?? (env.KEYFRONT_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== ''),
    dbTimeoutMs: overrides.dbTimeoutMs ?? intFrom(env, 'KEYFRONT_DB_TIMEOUT_MS', 3000, 100, 600_000),
    metrics: overrides.metrics ?? (env.KEYFRONT_METRICS === '1' || !!env.KEYFRONT_METRICS_PORT),
    metricsPort: overrides.metricsPort ?? (env.KEYFRONT_METRICS_PORT ? intFrom(env, 'KEYFRONT_METRICS_PORT', 0, 0, 65535) : null),
    adminPath: overrides.adminPath ?? adminPathFrom(env),
    adminTwoFactor: overrides.adminTwoFactor ?? twoFactorFrom(env),
    workers,
  };
  return Object.freeze(options);
}

export const MAX_WORKERS = 256;

/** A worker count: a whole number from 1 to MAX_WORKERS, or `auto` (the cores this process may use); unset: 1. */
export function workersFrom(raw: string | undefined, name: string): number {
  if (raw === undefined) return 1;
  if (raw.trim().toLowerCase() === 'auto') return Math.min(availableParallelism(), MAX_WORKERS);
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isInteger(value) || value < 1 || value > MAX_WORKERS) {
    throw new OptionsError(`${name} must be a number of processes from 1 to ${MAX_WORKERS}, or "auto" for one per core (got "${raw}")`);
  }
  return value;
}

function trustProxyFrom(env: NodeJS.ProcessEnv): boolean | number | string[] {
  const raw = (env.KEYFRONT_TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === '0' || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') throw new OptionsError('KEYFRONT_TRUST_PROXY must be a hop count or a list of proxy addresses/CIDRs, not "true" (that trusts any client)');
  const list = raw.split(',').map((a) => a.trim()).filter((a) => a !== '');
  for (const entry of list) {
    if (!/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry) && !['loopback', 'linklocal', 'uniquelocal'].includes(entry)) {
      throw new OptionsError(`KEYFRONT_TRUST_PROXY: "${entry}" is not an address, a CIDR range, loopback, linklocal or uniquelocal`);
    }
  }
  return list;
}

function adminPathFrom(env: NodeJS.ProcessEnv): string {
  const raw = env.KEYFRONT_ADMIN_PATH || '/admin';
  const path = `/${raw.replace(/^\/+|\/+$/g, '')}`;
  // Not the storefront's or the API's space, and a plain path segment (it is put into links).
  if (!/^\/[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(path) || /^\/(rest|customer|static|soap|graphql)(\/|$)/.test(path)) {
    throw new OptionsError(`KEYFRONT_ADMIN_PATH must be a path of letters, digits, - and _ outside /rest, /customer and /static (got "${raw}")`);
  }
  return path;
}

function twoFactorFrom(env: NodeJS.ProcessEnv): boolean {
  const raw = (env.KEYFRONT_ADMIN_2FA ?? 'on').toLowerCase();
  if (raw === 'on' || raw === '') return true;
  if (raw === 'off') return false;
  throw new OptionsError(`KEYFRONT_ADMIN_2FA must be "on" or "off" (got "${env.KEYFRONT_ADMIN_2FA}")`);
}

function smtpUrlFrom(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^smtps?:\/\/[^/]+/i.test(raw)) throw new OptionsError('SMTP_URL must look like smtp://user:pass@host:port (or smtps://)');
  return raw;
}

/** True when the password hashing cost is below OWASP's recommendation (fine for tests, never silently in production). */
export function isWeakArgon2(params: Argon2Params): boolean {
  return params.memoryCost < OWASP_ARGON2.memoryCost || params.timeCost < OWASP_ARGON2.timeCost;
}

/** The storefront's address on a listening address: a wildcard address is reached as localhost. */
export function baseUrlFor(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}

/** A developer's own machine: only this host can reach the server. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
