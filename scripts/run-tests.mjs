#!/usr/bin/env node
// npm test: build, then run the whole suite once per database backend with Node's test runner.
// SQLite always runs; PostgreSQL and MariaDB run when reachable (and must be, when
// KEYFRONT_TEST_BACKENDS names them or CI=true). Ends with one line: "tests: N passed, N failed, N skipped".
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const POSTGRES_URL = process.env.KEYFRONT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_URL = process.env.KEYFRONT_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

function listTests(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(listTests(path));
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

async function reachable(backend) {
  try {
    if (backend === 'postgres') {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
      await c.connect();
      await c.end();
    } else {
      const mysql = await import('mysql2/promise');
      const c = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
      await c.end();
    }
    return null;
  } catch (error) {
    return error.message;
  }
}

function run(files, backend) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.KEYFRONT_TEST_CONCURRENCY ?? 3}`, ...files];
    const child = spawn(process.execPath, args, { env: { ...process.env, KEYFRONT_TEST_BACKEND: backend }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => {
      const count = (label) => Number((new RegExp(`^ℹ ${label} (\\d+)`, 'm').exec(output) ?? [])[1] ?? 0);
      resolve({ backend, code, tests: count('tests'), pass: count('pass'), fail: count('fail'), skipped: count('skipped') + count('todo'), cancelled: count('cancelled') });
    });
  });
}

// 1. Build (npm run build's two steps): the e2e tests run the compiled, bundled server, as `npm start` does.
for (const step of [[join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], [join(root, 'scripts/bundle.mjs')]]) {
  if (spawnSync(process.execPath, step, { stdio: 'inherit' }).status !== 0) {
    console.error('Build failed.');
    process.exit(1);
  }
}

// 2. Which files: arguments filter, else everything under test/unit, test/e2e and test/browser.
const requested = process.argv.slice(2);
const all = [...listTests('test/unit'), ...listTests('test/e2e'), ...listTests('test/browser')];
const files = requested.length ? all.filter((f) => requested.some((r) => f.includes(r))) : all;
if (files.length === 0) {
  console.error('No test files found: refusing to report an empty run as a pass.');
  process.exit(1);
}

// 3. Which backends.
const named = (process.env.KEYFRONT_TEST_BACKENDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const required = new Set(named.length ? named : process.env.CI === 'true' ? ['sqlite', 'postgres', 'mysql'] : ['sqlite']);
const backends = ['sqlite'];
const skipped = [];
for (const backend of ['postgres', 'mysql']) {
  if (named.length && !named.includes(backend)) continue;
  const problem = await reachable(backend);
  if (!problem) backends.push(backend);
  else if (required.has(backend)) {
    console.error(`The ${backend} backend is required but cannot be reached (${backend === 'postgres' ? POSTGRES_URL : MYSQL_URL}): ${problem}`);
    process.exit(1);
  } else skipped.push(`${backend} (${problem})`);
}
if (named.length && !named.includes('sqlite')) backends.shift();

// 4. Run. Unit tests do not touch a database server: they run in the SQLite pass only.
const results = [];
for (const backend of backends) {
  const mine = backend === 'sqlite' ? files : files.filter((f) => !f.startsWith('test/unit/'));
  if (mine.length === 0) continue;
  console.log(`\n=== Backend: ${backend} (${mine.length} files) ===`);
  results.push(await run(mine, backend));
}

let pass = 0;
let fail = 0;
let skip = 0;
console.log('\n=== Summary ===');
for (const r of results) {
  const failed = r.fail + r.cancelled + (r.code !== 0 && r.fail + r.cancelled === 0 ? 1 : 0);
  console.log(`${r.backend.padEnd(8)} ${r.pass} passed, ${failed} failed, ${r.skipped} skipped`);
  pass += r.pass;
  fail += failed;
  skip += r.skipped;
}
if (skipped.length) console.log(`Skipped backends: ${skipped.join('; ')}`);
if (pass + fail === 0) {
  console.error('No test ran.');
  process.exit(1);
}
console.log(`tests: ${pass} passed, ${fail} failed, ${skip} skipped`);
process.exit(fail > 0 ? 1 : 0);
