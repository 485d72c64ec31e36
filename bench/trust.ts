// Scenario 9: what other services pay to trust Keyfront's tokens. Introspection (RFC 7662) and
// the gateway check /auth/verify against the reference, and what an offline verifier spends per
// JWT with jose and the published key set (no request to Keyfront after the first key fetch).
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { load, type LoadResult } from './load.ts';
import { cli } from './processes.ts';

interface TrustBench {
  databaseUrl: string;
  keyfrontUrl: string;
  customerToken: string;
  customer: { username: string; password: string };
  seconds: number;
  connections: number;
  againstReference: (scenario: string, name: string, run: () => Promise<LoadResult>, notes?: string[]) => Promise<unknown>;
}

async function signIn(t: TrustBench): Promise<string> {
  const r = await fetch(`${t.keyfrontUrl}/rest/default/V1/integration/customer/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(t.customer) });
  if (!r.ok) throw new Error(`sign-in: ${r.status}`);
  return (await r.json()) as string;
}

export async function trustScenarios(t: TrustBench): Promise<{ verifyCost: Record<string, number> }> {
  const { keyfrontUrl, seconds, connections } = t;
  const created = await cli(t.databaseUrl, ['integration:create', `introspect-${Date.now()}`, '--resource=Keyfront::introspect', '--json']);
  const line = created.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error('integration:create gave no JSON');
  const creds = JSON.parse(line) as { consumer_key: string; consumer_secret: string };
  const basic = `Basic ${Buffer.from(`${creds.consumer_key}:${creds.consumer_secret}`).toString('base64')}`;
  const introspect = (token: string) => () =>
    load({ url: `${keyfrontUrl}/oauth2/introspect`, seconds, connections, method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` });
  const verify = (token: string) => () => load({ url: `${keyfrontUrl}/auth/verify`, seconds, connections, headers: { authorization: `Bearer ${token}` } });

  await t.againstReference('9a', 'POST /oauth2/introspect (opaque customer token)', introspect(t.customerToken));
  await t.againstReference('9b', 'GET /auth/verify (opaque customer token)', verify(t.customerToken));

  await cli(t.databaseUrl, ['config:set', 'webapi/token/format', 'jwt']);
  const verifyCost: Record<string, number> = {};
  for (const alg of ['ES256', 'RS256', 'EdDSA']) {
    await cli(t.databaseUrl, ['config:set', 'webapi/jwtauth/jwt_alg', alg]);
    const jwt = await signIn(t);
    if (alg === 'ES256') {
      await t.againstReference('9c', 'POST /oauth2/introspect (ES256 JWT)', introspect(jwt));
      await t.againstReference('9d', 'GET /auth/verify (ES256 JWT)', verify(jwt));
    }
    // Offline: jose with the remote key set (fetched once, then cached), as a Node service would.
    const jwks = createRemoteJWKSet(new URL(`${keyfrontUrl}/.well-known/jwks.json`));
    for (let i = 0; i < 50; i++) await jwtVerify(jwt, jwks);
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await jwtVerify(jwt, jwks);
    verifyCost[alg] = ((performance.now() - t0) * 1000) / n;
  }
  await cli(t.databaseUrl, ['config:set', 'webapi/token/format', 'opaque']);
  console.log(`jose jwtVerify with the remote key set, us per token: ${Object.entries(verifyCost).map(([a, us]) => `${a} ${us.toFixed(0)}`).join(', ')}`);
  return { verifyCost };
}
