// Search benchmark (not a test): p50/p99 of GET /V1/customers/search through the real REST door
// (Fastify inject: routing, ACL, binding, SQL, JSON) on whatever DATABASE_URL names.
//   DATABASE_URL=sqlite:var/bench.db npx tsx bench/search.ts --iterations=300
// Run bench/generate-customers.ts first. Each scenario is a filtered, sorted, paged search.
import { loadavg } from 'node:os';
import { openServices, setupUpgrade } from '../src/app.ts';
import { buildHttpServer } from '../src/http.ts';
import { optionsFromEnv } from '../src/options.ts';

function flag(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda'];
const LAST = ['Smithab', 'Johnsonqx', 'Williamsmm', 'Browncd', 'Jonesaa', 'Garciazz', 'Millerkl', 'Davisop'];

const f = (g: number, i: number, field: string, value: string, condition = 'eq') =>
  `searchCriteria[filter_groups][${g}][filters][${i}][field]=${field}&searchCriteria[filter_groups][${g}][filters][${i}][value]=${encodeURIComponent(value)}&searchCriteria[filter_groups][${g}][filters][${i}][condition_type]=${condition}`;
const sortPage = (field: string, dir: string, page: number) =>
  `searchCriteria[sort_orders][0][field]=${field}&searchCriteria[sort_orders][0][direction]=${dir}&searchCriteria[page_size]=20&searchCriteria[current_page]=${page}`;

function scenarios(customers: number): Array<{ name: string; query: (i: number) => string }> {
  const someId = (i: number) => 1 + ((i * 7919) % customers);
  return [
  { name: 'lastname eq, sort created_at DESC, page 20', query: (i) => `${f(0, 0, 'lastname', LAST[i % LAST.length])}&${sortPage('created_at', 'DESC', 1 + (i % 3))}` },
  { name: 'email eq (case-insensitive)', query: (i) => `${f(0, 0, 'email', `CUSTOMER${someId(i)}@EXAMPLE${someId(i) % 10}.COM`)}&${sortPage('entity_id', 'ASC', 1)}` },
  { name: 'lastname like prefix% AND firstname eq, sort lastname ASC', query: (i) => `${f(0, 0, 'lastname', `${LAST[i % LAST.length].slice(0, -1)}%`, 'like')}&${f(1, 0, 'firstname', FIRST[i % FIRST.length])}&${sortPage('lastname', 'ASC', 1)}` },
  { name: 'created_at from/to (one day), sort created_at ASC', query: (i) => `${f(0, 0, 'created_at', `2023-0${1 + (i % 9)}-1${i % 10} 00:00:00`, 'from')}&${f(1, 0, 'created_at', `2023-0${1 + (i % 9)}-1${i % 10} 23:59:59`, 'to')}&${sortPage('created_at', 'ASC', 1)}` },
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const iterations = Number(flag('iterations', '300'));
  const options = optionsFromEnv(process.env, { logLevel: 'warn' });
  const services = await openServices(options);
  await setupUpgrade(services);
  const app = buildHttpServer(services, options);
  const username = 'bench_admin';
  if (!(await services.database.db.selectFrom('admin_user').select('user_id').where('username', '=', username).executeTakeFirst())) {
    await services.admins.create({ username, password: 'Bench-Admin-1', email: 'bench@example.com', firstname: 'Bench', lastname: 'Admin' });
  }
  const tokenReply = await app.inject({ method: 'POST', url: '/rest/V1/integration/admin/token', payload: { username, password: 'Bench-Admin-1' } });
  const token = JSON.parse(tokenReply.body) as string;
  const { n } = await services.database.db.selectFrom('customer_entity').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // The machine's load matters for p99: print it with the figures.
  console.log(`${services.database.dialect}: ${Number(n)} customers, ${iterations} requests per scenario, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const scenario of scenarios(Number(n))) {
    for (let i = 0; i < 10; i++) await app.inject({ method: 'GET', url: `/rest/V1/customers/search?${scenario.query(i)}`, headers: { authorization: `Bearer ${token}` } });
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < iterations; i++) {
      const t0 = process.hrtime.bigint();
      const reply = await app.inject({ method: 'GET', url: `/rest/V1/customers/search?${scenario.query(i)}`, headers: { authorization: `Bearer ${token}` } });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (reply.statusCode !== 200) throw new Error(`${scenario.name}: ${reply.statusCode} ${reply.body}`);
      total += (JSON.parse(reply.body) as { total_count: number }).total_count;
    }
    times.sort((a, b) => a - b);
    console.log(`  ${scenario.name.padEnd(60)} p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  (avg total_count ${(total / iterations).toFixed(0)})`);
  }
  await app.close();
  await services.database.close();
}

await main();
