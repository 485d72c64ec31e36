// The README cannot rot: its curl tutorial is extracted and run by bash, as printed, against a
// started server (only the address is swapped for the test server's), then the reset mail it
// triggers is followed through the storefront. Its command table is checked against the CLI's help.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, runCli, startServer, TEST_ENV, type TestServer } from '../helpers/server.ts';
import { Visitor } from '../helpers/visitor.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The body of a section (from its `## ` heading to the next). */
function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has no section "${heading}"`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

function tutorialScript(): string {
  const block = /```sh\n([\s\S]*?)```/.exec(section('The seed tutorial, with curl'));
  assert.ok(block, 'the tutorial has a sh block');
  return block[1];
}

function bash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // -e and pipefail: a step that fails stops the run, as the README promises it does for a reader.
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: ROOT, env: { ...process.env, ...TEST_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the README tutorial, run as printed', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ env: { KEYFRONT_MAIL_INTERVAL_MS: '100' } });
  });
  after(() => server?.close());

  it('stops loudly at a wrong admin password instead of creating the customer anonymously', async () => {
    // A server of its own: the tutorial's first steps (admin user, store view) run only once per database.
    const own = await startServer();
    try {
      const script = tutorialScript().replaceAll('http://127.0.0.1:8080', own.url).replace('{"username":"admin","password":"123123q"}', '{"username":"admin","password":"wrong-pass1"}');
      assert.ok(script.includes('wrong-pass1'), 'the tutorial\'s admin credentials were found');
      const run = await bash(script, own.env);
      assert.notEqual(run.code, 0, run.stdout);
      assert.match(run.stderr, /curl: \(22\) The requested URL returned error: 401/);
      const search = await own.request('GET', '/rest/V1/customers/search?searchCriteria=', { token: await adminTokenOf(own) });
      assert.equal(search.status, 200, search.text);
      assert.equal(search.body.total_count, 0, 'no customer was created');
    } finally {
      await own.close();
    }
  });

  it('creates Jane Doe, signs her in, and mails her a reset link that works in the storefront', async () => {
    const script = tutorialScript();
    assert.match(script, /curl -sSf/);
    const run = await bash(script.replaceAll('http://127.0.0.1:8080', server.url), server.env);
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    // The customer the admin created, then the customer's own view of it, then `true` for the reset mail.
    const customers = [...run.stdout.matchAll(/^\{.*\}$/gm)].map((m) => JSON.parse(m[0]));
    assert.equal(customers.length, 2, run.stdout);
    for (const c of customers) assert.equal(c.email, 'jdoe@example.com');
    assert.equal(customers[1].addresses[0].city, 'Mineola');
    assert.match(run.stdout, /^true$/m);
    assert.match((await server.cli('store:list')).stdout, /^2\s+us\s+US Store View\s+us\s+us_store\s+yes$/m);

    // What the README says next: the link appears in the server's terminal; open it, set a password.
    const deadline = Date.now() + 20_000;
    let link: string | undefined;
    while (!link && Date.now() < deadline) {
      link = /^ {2}(http:\S+\/customer\/account\/createPassword\/\?token=\w+)$/m.exec(server.output())?.[1];
      if (!link) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(link, `no reset link in the server's output: ${server.output()}`);
    assert.ok(link.startsWith(`${server.url}/`), 'the link points at the running server');
    const visitor = new Visitor(server.url);
    const form = await visitor.get(link.slice(server.url.length));
    const key = /name="form_key" value="([^"]+)"/.exec(form.text)![1];
    const reset = await visitor.post('/customer/account/resetpasswordpost/', { form_key: key, token: new URL(link).searchParams.get('token')!, password: 'New-Password2', password_confirmation: 'New-Password2' });
    assert.equal(reset.status, 303);
    const signedIn = await new Visitor(server.url).login('jdoe@example.com', 'New-Password2');
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, '/customer/account/');
  });
});

async function adminTokenOf(server: TestServer): Promise<string> {
  const reply = await server.request('POST', '/rest/default/V1/integration/admin/token', { body: { username: 'admin', password: '123123q' } });
  assert.equal(reply.status, 200, reply.text);
  return reply.body as string;
}

describe('the README command table', () => {
  it('lists every command bin/keyfront --help lists', async () => {
    const help = await runCli(['--help'], {});
    const names = [...help.stdout.matchAll(/^ {2}([a-z]+(?::[a-z]+)*) /gm)].map((m) => m[1]);
    assert.ok(names.length >= 18, help.stdout);
    const table = section('Command line');
    const rows = [...table.matchAll(/^\| `([a-z:]+)[ `]/gm)].map((m) => m[1]);
    assert.deepEqual(rows, names, 'the table lists the CLI\'s commands, in its order');
  });
});
