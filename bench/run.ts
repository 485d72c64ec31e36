// npm run bench [-- --duration=5 --connections=10 --db=postgres --only=1,2,6 --profile]
// Starts Keyfront (compiled, on a fresh database) and a bare Fastify reference, drives both with
// autocannon from this process — a reference run right before each scenario run — and prints
// requests/s, p50/p99 latency and the ratio to the reference. Results: bench/results/<date>-<db>.json.
// Flags may also come from the environment: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_DB (or
// DATABASE_URL: its server gets the fresh database), BENCH_ONLY, BENCH_SEARCH_GENERATOR.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { optionsFromEnv } from '../src/options.ts';
import { backendOf, freshDatabase } from './database.ts';
import { oauthHeader, type IntegrationCredentials } from '../test/helpers/oauth.ts';
import { graphqlScenarios } from './graphql.ts';
import { trustScenarios } from './trust.ts';
import { socketScenarios } from './sockets.ts';
import { workersScenario } from './workers.ts';
import { load, type LoadResult } from './load.ts';
import { cli, cpuMs, ROOT, rssMb, startKeyfront, startReference, type Running } from './processes.ts';

const flags = new Map(process.argv.slice(2).map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a)).filter((m) => m !== null).map((m) => [m![1], m![2] ?? 'true']));
const option = (flag: string, env: string, fallback: string) => flags.get(flag) ?? process.env[env] ?? fallback;

const seconds = Number(option('duration', 'BENCH_DURATION', '5'));
const connections = Number(option('connections', 'BENCH_CONNECTIONS', '10'));
const dbName = option('db', 'BENCH_DB', process.env.DATABASE_URL ?? 'sqlite');
const backend = backendOf(dbName);
const serverUrl = dbName.includes(':') ? dbName : process.env.DATABASE_URL && backendOf(process.env.DATABASE_URL) === backend ? process.env.DATABASE_URL : undefined;
const only = new Set(option('only', 'BENCH_ONLY', '1,2,3,4,5,6,7,8,9').split(',').map((s) => s.trim()));
const searchGenerator = option('search-generator', 'BENCH_SEARCH_GENERATOR', '');
const profile = flags.has('profile');
const argon2 = optionsFromEnv(process.env).argon2;

interface Row {
  scenario: string;
  name: string;
  result?: LoadResult;
  referenceRps?: number;
  ratio?: number;
  /** Server CPU time per answered request, in µs: steadier than req/s on a shared machine. */
  cpuUs?: number;
  referenceCpuUs?: number;
  notes: string[];
}
const rows: Row[] = [];
const extra: Record<string, unknown> = {};

const PASSWORD = 'Bench-Password1';
const ADDRESS = (n: number) => ({
  firstname: 'Bench',
  lastname: 'Customer',
  countryId: 'US',
  region: { regionCode: 'NY', regionId: 43, region: 'New York' },
  postcode: `1000${n}`,
  city: 'New York',
  street: [`${n} Main Street`],
  telephone: '555-0100',
  ...(n === 1 ? { defaultBilling: true, defaultShipping: true } : {}),
});

async function json(method: string, url: string, body?: unknown, token?: string): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const loopDelays: number[] = [];
/** CPU per raw hash/verify (µs), last measured: the server's CPU per request divided by it does not depend on what else runs. */
const rawCpuUs: Record<string, number[]> = { hash: [], verify: [] };
function rawRate(mode: 'hash' | 'verify'): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', 'bench/raw-argon2.ts', mode, String(seconds), String(connections), String(argon2.memoryCost), String(argon2.timeCost), String(argon2.parallelism)];
    const child = spawn(process.execPath, args, { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(out));
      const line = JSON.parse(out.trim().split('\n').pop()!);
      loopDelays.push(line.loopDelayP99Ms);
      rawCpuUs[mode].push(line.cpuUsPerOp);
      resolve(line.perSecond);
    });
  });
}

let reference: Running;
let keyfrontPid = 0;
async function cpuPerRequest(pid: number, run: () => Promise<LoadResult>): Promise<[LoadResult, number]> {
  const before = cpuMs(pid);
  const result = await run();
  return [result, ((cpuMs(pid) - before) * 1000) / Math.max(1, result.requests)];
}

async function againstReference(scenario: string, name: string, run: () => Promise<LoadResult>, notes: string[] = []): Promise<Row> {
  const [ref, referenceCpuUs] = await cpuPerRequest(reference.child.pid!, () => load({ url: `${reference.url}/`, seconds, connections }));
  const [result, cpuUs] = await cpuPerRequest(keyfrontPid, run);
  const row: Row = { scenario, name, result, referenceRps: ref.rps, ratio: result.rps / ref.rps, cpuUs, referenceCpuUs, notes };
  if (result.non2xx || result.errors) notes.push(`${result.non2xx} non-2xx, ${result.errors} errors`);
  rows.push(row);
  return row;
}

const average = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));

function printTable(): void {
  const header = ['#', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'ref req/s', 'ratio', 'cpu us/req (ref)', 'notes'];
  const lines = rows.map((r) => [
    r.scenario,
    r.name,
    fmt(r.result?.rps),
    fmt(r.result?.p50, 1),
    fmt(r.result?.p99, 1),
    fmt(r.referenceRps),
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(3)}x`,
    r.cpuUs === undefined ? '-' : `${fmt(r.cpuUs)} (${fmt(r.referenceCpuUs)})`,
    r.notes.join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const show = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  console.log(show(header));
  for (const l of lines) console.log(show(l));
}

async function main(): Promise<void> {
  const database = await freshDatabase(backend, serverUrl);
  console.log(`bench: ${backend}, ${seconds} s per run, ${connections} connections, argon2id m=${argon2.memoryCost} KiB t=${argon2.timeCost} p=${argon2.parallelism}`);
  const started: Running[] = [];
  try {
    reference = await startReference();
    started.push(reference);
    const referenceIdleRss = rssMb(reference.child.pid!);

    // First start: fresh database, so this one includes the migrations.
    let keyfront = await startKeyfront(database.url);
    started.push(keyfront);
    const coldStartMs = keyfront.startupMs;
    const base = `${keyfront.url}/rest/default/V1`;

    // Seed: an admin, a customer with two addresses, and a pool of customers to sign in as
    // (distinct users, so the brute-force throttle's per-user count stays at one in flight).
    await cli(database.url, ['admin:user:create', '--admin-user=bench', `--admin-password=${PASSWORD}`, '--admin-email=bench@example.com', '--admin-firstname=Bench', '--admin-lastname=Admin']);
    const adminToken: string = await json('POST', `${base}/integration/admin/token`, { username: 'bench', password: PASSWORD });
    const me = await json('POST', `${base}/customers`, { customer: { email: 'me@example.com', firstname: 'Bench', lastname: 'Me', addresses: [ADDRESS(1), ADDRESS(2)] }, password: PASSWORD });
    const customerToken: string = await json('POST', `${base}/integration/customer/token`, { username: 'me@example.com', password: PASSWORD });
    const loginUsers = Math.max(4 * connections, 20);
    for (let i = 0; i < loginUsers; i += 4) {
      await Promise.all([0, 1, 2, 3].filter((k) => i + k < loginUsers).map((k) => json('POST', `${base}/customers`, { customer: { email: `login${i + k}@example.com`, firstname: 'Bench', lastname: 'Login' }, password: PASSWORD })));
    }

    // Restarts on the seeded database: the ordinary start-up (best and median of three, as other
    // work on the machine shifts single figures), then memory at idle.
    const startups: number[] = [];
    for (let i = 0; i < 3; i++) {
      await keyfront.stop();
      started.pop();
      keyfront = await startKeyfront(database.url, [], profile && i === 2 ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/results/profiles`] : []);
      started.push(keyfront);
      startups.push(keyfront.startupMs);
    }
    startups.sort((a, b) => a - b);
    const referenceStartups = [reference.startupMs];
    for (let i = 0; i < 2; i++) {
      const again = await startReference();
      referenceStartups.push(again.startupMs);
      await again.stop();
    }
    referenceStartups.sort((a, b) => a - b);
    keyfrontPid = keyfront.child.pid!;
    await new Promise((r) => setTimeout(r, 500));
    const keyfrontIdleRss = rssMb(keyfront.child.pid!);
    const url = (path: string) => `${keyfront.url}/rest/default/V1${path}`;
    const customerAuth = { authorization: `Bearer ${customerToken}` };
    const adminAuth = { authorization: `Bearer ${adminToken}` };

    // Warm both up (JIT, connection pools) before anything is measured.
    const warm = Math.min(1, seconds);
    await load({ url: `${reference.url}/`, seconds: warm, connections });
    await load({ url: url('/customers/me'), seconds: warm, connections, headers: customerAuth });

    let meAlone: LoadResult | undefined;
    if (only.has('1')) {
      meAlone = (await againstReference('1', 'GET /V1/customers/me (customer token)', () => load({ url: url('/customers/me'), seconds, connections, headers: customerAuth }))).result;
    }
    const keyfrontAfterLoadRss = rssMb(keyfront.child.pid!);
    const referenceAfterLoadRss = rssMb(reference.child.pid!);

    if (only.has('2')) {
      let n = 0;
      const loginBody = () => JSON.stringify({ username: `login${n++ % loginUsers}@example.com`, password: PASSWORD });
      const login = () => load({ url: url('/integration/customer/token'), seconds, connections, method: 'POST', headers: { 'content-type': 'application/json' }, nextBody: loginBody });
      // The raw rate is measured before and after the scenario and averaged: other work on the
      // machine drifts, and both sides of the fraction should see the same drift.
      const rawBefore = await rawRate('verify');
      const row = await againstReference('2', 'POST /V1/integration/customer/token', login);
      const raw = (rawBefore + (await rawRate('verify'))) / 2;
      row.notes.push(`raw argon2id verify ${raw.toFixed(1)}/s -> ${((row.result!.rps / raw) * 100).toFixed(1)}% of raw`);
      row.notes.push(`CPU: raw verify ${fmt(average(rawCpuUs.verify))} us = ${((average(rawCpuUs.verify) / row.cpuUs!) * 100).toFixed(1)}% of the server's per sign-in`);
      extra.rawVerifyPerSecond = raw;
      row.notes.push(`event-loop delay p99 while the raw process hashed: ${fmt(Math.max(...loopDelays), 1)} ms`);
      // Hashing is off the event loop: scenario 1 keeps its latency while sign-ins run beside it.
      const [beside] = await Promise.all([load({ url: url('/customers/me'), seconds, connections, headers: customerAuth }), login()]);
      rows.push({ scenario: '1+2', name: 'GET /V1/customers/me while sign-ins run', result: beside, notes: [`p99 alone ${fmt(meAlone?.p99, 1)} ms`] });
    }

    if (only.has('3')) {
      let n = 0;
      const run = Date.now().toString(36);
      const body = () => JSON.stringify({ customer: { email: `new-${run}-${n++}@example.com`, firstname: 'Bench', lastname: 'New' }, password: PASSWORD });
      const rawBefore = await rawRate('hash');
      const row = await againstReference('3', 'POST /V1/customers (unique emails)', () =>
        load({ url: url('/customers'), seconds, connections, method: 'POST', headers: { 'content-type': 'application/json' }, nextBody: body }),
      );
      const raw = (rawBefore + (await rawRate('hash'))) / 2;
      row.notes.push(`raw argon2id hash ${raw.toFixed(1)}/s -> ${((row.result!.rps / raw) * 100).toFixed(1)}% of raw`);
      row.notes.push(`CPU: raw hash ${fmt(average(rawCpuUs.hash))} us = ${((average(rawCpuUs.hash) / row.cpuUs!) * 100).toFixed(1)}% of the server's per sign-up`);
      extra.rawHashPerSecond = raw;
    }

    if (only.has('4')) {
      const search = '/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email&searchCriteria[filter_groups][0][filters][0][value]=%25login1%25&searchCriteria[filter_groups][0][filters][0][condition_type]=like&searchCriteria[sortOrders][0][field]=created_at&searchCriteria[sortOrders][0][direction]=DESC&searchCriteria[pageSize]=20&searchCriteria[currentPage]=1';
      const probe = await fetch(url(search), { headers: adminAuth });
      await probe.arrayBuffer();
      // Until the search route exists, the path falls to GET /V1/customers/:customerId and fails.
      if (probe.status !== 200) {
        rows.push({ scenario: '4', name: 'GET /V1/customers/search', notes: ['skipped: route not available'] });
      } else {
        if (searchGenerator) {
          const t0 = performance.now();
          await new Promise<void>((resolve, reject) => {
            const child = spawn(searchGenerator, { cwd: ROOT, shell: true, stdio: 'inherit', env: { ...process.env, DATABASE_URL: database.url } });
            child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`search generator exited with ${code}`))));
          });
          extra.searchGeneratorSeconds = (performance.now() - t0) / 1000;
        }
        const notes = [searchGenerator ? `generator took ${fmt(extra.searchGeneratorSeconds as number, 1)} s` : 'over the seeded customers only (no --search-generator)'];
        await againstReference('4', 'GET /V1/customers/search (filtered, sorted, paged)', () => load({ url: url(search), seconds, connections, headers: adminAuth }), notes);
      }
    }

    if (only.has('5')) {
      await againstReference('5', 'GET /V1/customers/:id (admin token)', () => load({ url: url(`/customers/${me.id}`), seconds, connections, headers: adminAuth }));
      // The same read as an integration: every request signed (HMAC-SHA256) with a fresh nonce by the
      // independent oauth-1.0a library, so the server verifies a signature and records a nonce each time.
      const created = await cli(database.url, ['integration:create', `bench-${Date.now()}`, '--all-resources', '--json']);
      const line = created.split('\n').find((l) => l.trim().startsWith('{'));
      if (!line) {
        rows.push({ scenario: '5b', name: 'GET /V1/customers/:id (OAuth 1.0a signed)', notes: ['skipped: integration:create gave no JSON'] });
      } else {
        const creds = JSON.parse(line) as IntegrationCredentials;
        const target = url(`/customers/${me.id}`);
        await againstReference('5b', 'GET /V1/customers/:id (OAuth 1.0a signed)', () =>
          load({ url: target, seconds, connections, nextHeaders: () => ({ authorization: oauthHeader(creds, 'GET', target) }) }),
        );
      }
    }

    if (only.has('8')) {
      const graphqlRows = await graphqlScenarios({ url: keyfront.url, customerToken, password: PASSWORD, loginUsers, seconds, connections, rawVerifyRate: () => rawRate('verify') });
      rows.push(...graphqlRows);
    }

    if (only.has('6')) {
      extra.startup = {
        keyfrontColdStartMs: coldStartMs,
        keyfrontStartMs: startups,
        referenceStartMs: referenceStartups,
        keyfrontIdleRssMb: keyfrontIdleRss,
        referenceIdleRssMb: referenceIdleRss,
        keyfrontRssAfterScenario1Mb: keyfrontAfterLoadRss,
        referenceRssAfterLoadMb: referenceAfterLoadRss,
      };
      rows.push({
        scenario: '6',
        name: 'start-up to first answer / RSS',
        notes: [
          `keyfront ${fmt(startups[0])} ms best, ${fmt(startups[1])} median (first start, with migrations, ${fmt(coldStartMs)}); reference ${fmt(referenceStartups[0])} / ${fmt(referenceStartups[1])} ms`,
          `RSS idle ${keyfrontIdleRss} MB vs ${referenceIdleRss} MB; after scenario 1 ${keyfrontAfterLoadRss} MB vs ${referenceAfterLoadRss} MB`,
        ],
      });
    }

    // Scale-out: a second process on the same database; connections split over the two.
    if (only.has('7') && backend !== 'sqlite') {
      const second = await startKeyfront(database.url);
      started.push(second);
      const one = await load({ url: url('/customers/me'), seconds, connections, headers: customerAuth });
      const half = Math.max(1, Math.round(connections / 2));
      const both = await Promise.all([keyfront, second].map((k) => load({ url: `${k.url}/rest/default/V1/customers/me`, seconds, connections: half, headers: customerAuth })));
      const total: LoadResult = {
        rps: both[0].rps + both[1].rps,
        p50: Math.max(both[0].p50, both[1].p50),
        p99: Math.max(both[0].p99, both[1].p99),
        requests: both[0].requests + both[1].requests,
        non2xx: both[0].non2xx + both[1].non2xx,
        errors: both[0].errors + both[1].errors,
      };
      rows.push({ scenario: '7', name: 'GET /V1/customers/me, two processes, one database', result: total, notes: [`one process ${fmt(one.rps)} req/s -> ${(total.rps / one.rps).toFixed(2)}x`] });
      extra.scaleOut = { oneProcessRps: one.rps, twoProcessesRps: total.rps, factor: total.rps / one.rps };
    }

    if (only.has('9')) {
      const trustRows = await trustScenarios({ databaseUrl: database.url, keyfrontUrl: keyfront.url, customerToken, customer: { username: 'me@example.com', password: PASSWORD }, seconds, connections, againstReference });
      extra.jwtVerifyCost = trustRows.verifyCost;
    }

    // Scenario 10: --workers=2 against one process, same database (bench/workers.ts).
    if (only.has('10')) {
      const workers = await workersScenario({ databaseUrl: database.url, single: keyfront, customerToken, seconds, connections });
      rows.push(...workers.rows);
      extra.workers = workers.figures;
    }

    // Scenario 11: the database over a Unix socket vs TCP (bench/sockets.ts).
    if (only.has('11')) {
      rows.push(...(await socketScenarios({ backend, databaseUrl: database.url, tcp: keyfront, customerToken, seconds, connections })));
    }
  } finally {
    for (const s of started.reverse()) await s.stop();
    await database.drop();
  }

  printTable();
  const date = new Date().toISOString().replace(/[:]/g, '-').slice(0, 19);
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  const file = `${ROOT}bench/results/${date}-${backend}.json`;
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), backend, seconds, connections, argon2, machine, rows, ...extra }, null, 2));
  console.log(`results: ${file.slice(ROOT.length)}`);
}

await main();
