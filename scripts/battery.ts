// npm run battery: the hostile-client and failing-database battery of issue 10, bounded and local
// (never in npm test). Per reachable database: 200-way bursts on every password path and on one
// reset token, a fuzz generated from the OpenAPI document, cross-customer reads, kill -9 under
// writes with every acknowledged write checked, and a frozen/stopped private database (a TCP
// proxy in this process). Prints one table of figures (tried / held).
//
// BATTERY_SCALE (default 1) scales the counts down on a busy machine (e.g. 0.5); BATTERY_BACKENDS
// picks databases (default: sqlite plus whichever of postgres, mysql answer).
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type Backend } from '../test/helpers/backend.ts';
import { hashToken } from '../src/auth/token-service.ts';
import { queryDb } from '../test/helpers/db.ts';
import { withDatabase } from '../test/helpers/db.ts';
import { adminToken, request, runCli, spawnServer, startServer, type TestServer } from '../test/helpers/server.ts';
import { startTcpProxy } from '../test/helpers/tcp-proxy.ts';

const SCALE = Number(process.env.BATTERY_SCALE ?? '1');
const n = (count: number, floor = 1) => Math.max(floor, Math.round(count * SCALE));
const MISMATCH_CURRENT = "The password doesn't match this account. Verify the password and try again.";

interface Row {
  backend: string;
  check: string;
  tried: number;
  held: string;
  ok: boolean;
}
const rows: Row[] = [];
const record = (backend: string, check: string, tried: number, held: string, ok: boolean) => {
  rows.push({ backend, check, tried, held, ok });
  console.error(`[${backend}] ${check}: tried ${tried}, ${held}${ok ? '' : '  <-- FAILED'}`);
};

async function register(server: TestServer, email: string): Promise<{ id: number; token: string }> {
  const created = await server.request('POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'Bat', lastname: 'Tery' }, password: 'Password1' } });
  const token = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: email, password: 'Password1' } });
  return { id: created.body.id, token: token.body };
}

async function bursts(backend: Backend, server: TestServer): Promise<void> {
  const size = n(200, 20);
  const { token } = await register(server, `burst-${backend}@example.com`);
  const change = await Promise.all(Array.from({ length: size }, (_, i) => server.request('PUT', '/rest/V1/customers/me/password', { token, body: { currentPassword: `Wrong-${i}-x`, newPassword: 'Changed-Pass1' } })));
  const checks = change.filter((r) => r.body?.message === MISMATCH_CURRENT).length + 1; // + the check that locked
  record(backend, 'PUT /me/password burst: password checks (<= 10)', size, `${checks} checks`, checks <= 10 && change.every((r) => r.status < 500));

  await register(server, `burst-login-${backend}@example.com`);
  const login = await Promise.all(Array.from({ length: size }, () => server.request('POST', '/rest/V1/integration/customer/token', { body: { username: `burst-login-${backend}@example.com`, password: 'Wrong-pass1' } })));
  const after = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: `burst-login-${backend}@example.com`, password: 'Password1' } });
  record(backend, 'token endpoint burst: locked afterwards, no 5xx', size, `status after: ${after.status}`, after.status === 401 && login.every((r) => r.status < 500));

  const form = await fetch(`${server.url}/customer/account/login/`);
  const formKey = /name="form_key" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0];
  await register(server, `burst-page-${backend}@example.com`);
  const page = await Promise.all(
    Array.from({ length: size }, () =>
      fetch(`${server.url}/customer/account/loginPost/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ form_key: formKey, 'login[username]': `burst-page-${backend}@example.com`, 'login[password]': 'Wrong-pass1' }).toString(),
      }),
    ),
  );
  const rightAfter = await server.request('POST', '/rest/V1/integration/customer/token', { body: { username: `burst-page-${backend}@example.com`, password: 'Password1' } });
  record(backend, 'storefront login burst: locked afterwards, no 5xx', size, `status after: ${rightAfter.status}`, rightAfter.status === 401 && page.every((r) => r.status < 500));

  const resetSize = n(50, 10);
  const { id } = await register(server, `burst-reset-${backend}@example.com`);
  const resetToken = randomBytes(16).toString('hex');
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  await withDatabase(server.databaseUrl, ({ db }) => db.updateTable('customer_entity').set({ rp_token: hashToken(resetToken), rp_token_created_at: now }).where('entity_id', '=', id).execute());
  const resets = await Promise.all(Array.from({ length: resetSize }, (_, i) => server.request('POST', '/rest/V1/customers/resetPassword', { body: { email: `burst-reset-${backend}@example.com`, resetToken, newPassword: `Reset-${i}-Pass` } })));
  const successes = resets.filter((r) => r.status === 200).length;
  record(backend, 'one reset token, parallel resets: successes (= 1)', resetSize, `${successes} succeeded`, successes === 1);
}

const HOSTILE = ['a\u0000b', '2147483648', '-2147483649', '1e309', '99999999999999999999', '%FF', '', ' ', '0', '-1', 'x'.repeat(3000), 'ö', '[]', '{}', 'null', "' OR 1=1 --", '../../etc/passwd'];
const HOSTILE_VALUES: unknown[] = [...HOSTILE, 2147483648, -1, 1e308, 0.5, true, null, [], {}, [{}], 'a'.repeat(100_000), { a: { b: { c: {} } } }];
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

async function fuzz(backend: Backend, server: TestServer, admin: string, customerToken: string): Promise<void> {
  const total = n(6000, 500);
  const schema = (await server.request('GET', '/rest/default/schema')).body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> };
  const operations = Object.entries(schema.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  let fiveHundreds = 0;
  const examples: string[] = [];
  let sent = 0;
  const one = async () => {
    const { path, method, op } = pick(operations);
    let url = path.replace(/\{([^}]+)\}|:([A-Za-z]+)/g, () => encodeURIComponent(pick(HOSTILE)).replace('%25FF', '%FF'));
    if (!url.startsWith('/rest')) url = `/rest/${pick(['default', 'all', 'V1x', 'us'])}${url}`.replace('/rest/V1x', '/rest');
    const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `${p.name}[${pick(['pageSize', 'page_size', 'currentPage', 'filter_groups][0][filters][0][value', 'sort_orders][0][field'])}]=${encodeURIComponent(pick(HOSTILE))}`);
    if (query.length > 0) url += `?${query.join('&')}`;
    const properties = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
    const body: Record<string, unknown> = {};
    for (const name of properties) body[name] = Math.random() < 0.5 ? pick(HOSTILE_VALUES) : { email: pick(HOSTILE), firstname: pick(HOSTILE), group_id: pick(HOSTILE_VALUES), addresses: pick([[], Array(30).fill({}), 'x']) };
    const token = pick([admin, customerToken, undefined]);
    try {
      const reply = await request(server.url, method, url, method === 'GET' || method === 'DELETE' ? { token } : { token, body });
      if (reply.status >= 500 && reply.status !== 503) {
        fiveHundreds++;
        if (examples.length < 5) examples.push(`${method} ${url.slice(0, 120)} -> ${reply.status} ${reply.text.slice(0, 120)}`);
      }
    } catch (error) {
      fiveHundreds++;
      if (examples.length < 5) examples.push(`${method} ${url.slice(0, 120)} -> ${(error as Error).message}`);
    }
    sent++;
  };
  // 16 at a time: bounded, and enough to interleave.
  for (let i = 0; i < total; i += 16) await Promise.all(Array.from({ length: Math.min(16, total - i) }, one));
  record(backend, 'OpenAPI fuzz: responses >= 500 (excluding 503)', sent, `${fiveHundreds} 5xx`, fiveHundreds === 0);
  for (const e of examples) console.error(`  ${e}`);
}

async function crossReads(backend: Backend, server: TestServer): Promise<void> {
  const a = await register(server, `cross-a-${backend}@example.com`);
  const b = await register(server, `cross-b-${backend}@example.com`);
  const probes = [`/rest/V1/customers/${b.id}`, `/rest/V1/customers/${b.id}/billingAddress`, `/rest/all/V1/customers/${b.id}`, '/rest/V1/customers/search?searchCriteria[pageSize]=10'];
  let leaks = 0;
  let tried = 0;
  for (const path of probes) {
    for (const token of [a.token, `${a.token} `]) {
      tried++;
      const r = await server.request('GET', path, { token });
      if (r.status === 200 && r.text.includes(`cross-b-${backend}`)) leaks++;
    }
  }
  const me = await server.request('GET', '/rest/V1/customers/me', { token: a.token });
  tried++;
  if (me.body?.id !== a.id) leaks++;
  record(backend, 'cross-customer reads', tried, `${leaks} leaks`, leaks === 0);
}

async function killNine(backend: Backend): Promise<void> {
  const kills = n(12, 3);
  const database = await createTestDatabase(backend);
  const acknowledged: string[] = [];
  try {
    for (let round = 0; round < kills; round++) {
      const server = await spawnServer({ DATABASE_URL: database.url, KEYFRONT_MAIL_INTERVAL_MS: '100000' });
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const email = `k${round}-${w}-${i}@example.com`;
          try {
            const r = await request(server.url, 'POST', '/rest/V1/customers', { body: { customer: { email, firstname: 'K', lastname: 'N' } } });
            if (r.status === 200) acknowledged.push(email);
          } catch {
            return; // the process died under us: an unanswered write is not acknowledged
          }
        }
      };
      const writers = Array.from({ length: 4 }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1500));
      server.child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
    }
    const stored = new Set((await queryDb<{ email: string }>(database.url, 'SELECT email FROM customer_entity')).map((r) => r.email));
    const lost = acknowledged.filter((e) => !stored.has(e)).length;
    record(backend, `kill -9 under writes (${kills} kills): acknowledged writes lost`, acknowledged.length, `${lost} lost`, lost === 0);
  } finally {
    await database.drop();
  }
}

async function frozenDatabase(backend: Backend): Promise<void> {
  if (backend === 'sqlite') return;
  const database = await createTestDatabase(backend);
  const target = new URL(database.url);
  const proxy = await startTcpProxy(target.hostname, Number(target.port));
  const via = new URL(database.url);
  via.port = String(proxy.port);
  // Migrated directly first: a busy machine can take longer than the start-up wait to run every
  // migration through the proxy.
  await runCli(['setup:upgrade'], { DATABASE_URL: database.url });
  const server = await spawnServer({ DATABASE_URL: via.toString() });
  try {
    const url = server.url;
    await request(url, 'POST', '/rest/V1/customers', { body: { customer: { email: 'f@example.com', firstname: 'F', lastname: 'Z' }, password: 'Password1' } });
    const token = (await request(url, 'POST', '/rest/V1/integration/customer/token', { body: { username: 'f@example.com', password: 'Password1' } })).body;
    const measure = async (label: string) => {
      const started = Date.now();
      const r = await request(url, 'GET', '/rest/V1/customers/me', { token });
      const seconds = (Date.now() - started) / 1000;
      record(backend, `${label} database: 503 within 5 s`, 1, `${r.status} in ${seconds.toFixed(1)} s`, r.status === 503 && seconds < 5);
    };
    proxy.freeze();
    await measure('frozen');
    await proxy.resume();
    let recovered = false;
    for (let i = 0; i < 40 && !recovered; i++) {
      recovered = (await request(url, 'GET', '/rest/V1/customers/me', { token })).status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 250));
    }
    await proxy.stop();
    await measure('stopped');
    await proxy.resume();
    let again = false;
    for (let i = 0; i < 40 && !again; i++) {
      again = (await request(url, 'GET', '/rest/V1/customers/me', { token })).status === 200;
      if (!again) await new Promise((r) => setTimeout(r, 250));
    }
    record(backend, 'recovers by itself after freeze and stop', 2, `${Number(recovered) + Number(again)} recovered`, recovered && again && server.child.exitCode === null);
  } finally {
    server.child.kill('SIGTERM');
    await proxy.close();
    await database.drop();
  }
}

async function reachable(backend: Backend): Promise<boolean> {
  try {
    const db = await createTestDatabase(backend);
    await db.drop();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const wanted = (process.env.BATTERY_BACKENDS ?? 'sqlite,postgres,mysql').split(',') as Backend[];
  const backends: Backend[] = [];
  for (const b of wanted) if (b === 'sqlite' || (await reachable(b))) backends.push(b);
  const sections = new Set((process.env.BATTERY_SECTIONS ?? 'requests,kill,frozen').split(','));
  const guarded = async (backend: Backend, name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      record(backend, `${name}: could not run`, 0, (error as Error).message.slice(0, 80), false);
    }
  };
  const started = Date.now();
  for (const backend of backends) {
    if (sections.has('requests')) {
      await guarded(backend, 'requests', async () => {
        const database = await createTestDatabase(backend);
        const server = await startServer({ database });
        try {
          const admin = await adminToken(server);
          const { token } = await register(server, `fuzz-${backend}@example.com`);
          await bursts(backend, server);
          await crossReads(backend, server);
          await fuzz(backend, server, admin, token);
        } finally {
          await server.close();
        }
      });
    }
    if (sections.has('kill')) await guarded(backend, 'kill -9', () => killNine(backend));
    if (sections.has('frozen')) await guarded(backend, 'frozen database', () => frozenDatabase(backend));
  }
  const date = new Date().toISOString().slice(0, 10);
  console.log(`\nKeyfront battery, ${date} (BATTERY_SCALE=${SCALE}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  console.log('| database | check | tried | result | held |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.backend} | ${r.check} | ${r.tried} | ${r.held} | ${r.ok ? 'yes' : '**no**'} |`);
  return rows.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main();
