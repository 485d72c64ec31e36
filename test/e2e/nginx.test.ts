// The gateway check behind a real nginx (Debian's nginx, auth_request module): the snippet the
// README documents, end to end. nginx comes from `.ci/run`; without it this file is skipped.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../helpers/smtp.ts';
import { request, startServer, type TestServer } from '../helpers/server.ts';

const NGINX = '/usr/sbin/nginx';

/** The README's snippet, with the upstreams filled in. */
function nginxConf(prefix: string, port: number, keyfront: string, backend: string): string {
  return `daemon off;
master_process off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    location = /_keyfront_verify {
      internal;
      proxy_pass ${keyfront}/auth/verify;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
    }
    location /orders/ {
      auth_request /_keyfront_verify;
      auth_request_set $customer_id $upstream_http_x_customer_id;
      auth_request_set $website_id $upstream_http_x_customer_website_id;
      auth_request_set $group_id $upstream_http_x_customer_group_id;
      proxy_set_header X-Customer-Id $customer_id;
      proxy_set_header X-Customer-Website-Id $website_id;
      proxy_set_header X-Customer-Group-Id $group_id;
      proxy_set_header Authorization "";
      proxy_pass ${backend};
    }
  }
}
`;
}

describe('nginx auth_request in front of a service', { skip: !existsSync(NGINX) && 'nginx is not installed (.ci/run installs it)' }, () => {
  let server: TestServer;
  let nginx: ChildProcess;
  let backend: http.Server;
  let gateway: string;
  let prefix: string;
  const seen: http.IncomingHttpHeaders[] = [];

  before(async () => {
    server = await startServer();
    backend = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
    prefix = mkdtempSync(join(tmpdir(), 'kf-nginx-'));
    for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, d));
    const port = await freePort();
    writeFileSync(join(prefix, 'nginx.conf'), nginxConf(prefix, port, server.url, backendUrl));
    nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    gateway = `http://127.0.0.1:${port}`;
    // Ready when it answers (bounded wait).
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`${gateway}/orders/`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('nginx did not start');
  });
  after(async () => {
    nginx?.kill('SIGTERM');
    if (nginx && nginx.exitCode === null) await new Promise((r) => nginx.once('exit', r));
    backend?.close();
    await server?.close();
    if (prefix) rmSync(prefix, { recursive: true, force: true });
  });

  it('passes a live customer token through with the customer\'s id, website and group', async () => {
    const r = await server.request('POST', '/rest/default/V1/customers', { body: { customer: { email: 'edge@example.com', firstname: 'E', lastname: 'E' }, password: 'Password1' } });
    assert.equal(r.status, 200, r.text);
    const token = (await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: 'edge@example.com', password: 'Password1' } })).body as string;
    seen.length = 0;
    // A client's own X-Customer-Id is replaced, never trusted.
    const ok = await request(gateway, 'GET', '/orders/42', { token, headers: { 'X-Customer-Id': '999' } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body, { path: '/orders/42' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]['x-customer-id'], String(r.body.id));
    assert.equal(seen[0]['x-customer-website-id'], '1');
    assert.equal(seen[0]['x-customer-group-id'], '1');
    assert.equal(seen[0].authorization, undefined);

    // Revoked at Keyfront: refused at the gateway at once, and the service is never reached.
    await request(server.url, 'POST', '/rest/default/V1/integration/customer/revoke-customer-token', { token });
    seen.length = 0;
    for (const t of [token, undefined, 'forged']) {
      const refused = await request(gateway, 'GET', '/orders/42', { token: t, headers: { 'X-Customer-Id': '999' } });
      assert.equal(refused.status, 401);
    }
    assert.equal(seen.length, 0);
  });
});
