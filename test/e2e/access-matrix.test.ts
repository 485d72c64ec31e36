// The access matrix, generated from the route table: every route in `restRoutes`, called by every
// kind of caller, with expectations derived from the route's `access` and its path parameters
// (so routes other issues add are covered without editing this file). It checks who may call,
// and that customer A can never read or change customer B's data (and B never A's).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { restRoutes } from '../../src/doors/rest/routes/index.ts';
import type { RouteDefinition } from '../../src/doors/rest/route.ts';
import { createIntegration, rawRequest, signedRequest, type IntegrationCredentials } from '../helpers/oauth.ts';
import { adminToken, startServer, type Reply, type TestServer } from '../helpers/server.ts';

const NOT_AUTHORIZED = "The consumer isn't authorized to access %resources.";
const MISSING_ID = 987654;

interface Customer {
  id: number;
  email: string;
  password: string;
  marker: string;
  addressId: number | null;
}

type Caller =
  | { kind: 'anonymous' }
  | { kind: 'customer'; me: Customer; other: Customer }
  | { kind: 'admin'; token: string }
  | { kind: 'integration'; creds: IntegrationCredentials; holdsAll: boolean };

function label(c: Caller): string {
  if (c.kind === 'customer') return `customer ${c.me.marker.slice(0, 1)}`;
  if (c.kind === 'integration') return c.holdsAll ? 'integration (all resources)' : 'integration (without the resource)';
  return c.kind;
}

async function createCustomer(server: TestServer, letter: string, withAddress: boolean): Promise<Customer> {
  const marker = `${letter}secret${randomBytes(4).toString('hex')}`;
  const email = `${marker.toLowerCase()}@example.com`;
  const password = 'Password1';
  const customer: Record<string, unknown> = { email, firstname: marker, lastname: marker };
  if (withAddress) {
    customer.addresses = [
      {
        firstname: marker,
        lastname: marker,
        countryId: 'US',
        region: { regionCode: 'NY', regionId: 43, region: 'New York' },
        postcode: '10001',
        city: `City${marker}`,
        street: [`1 ${marker} Street`],
        telephone: '5550100',
        defaultBilling: true,
        defaultShipping: true,
      },
    ];
  }
  const r = await server.request('POST', '/rest/default/V1/customers', { body: { customer, password } });
  assert.equal(r.status, 200, r.text);
  return { id: r.body.id, email, password, marker, addressId: r.body.addresses?.[0]?.id ?? null };
}

/** Path parameters: a customer caller aims every one at the other customer; privileged callers at nothing that exists. */
function fillPath(route: RouteDefinition, caller: Caller): string {
  return route.path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    if (caller.kind !== 'customer' && caller.kind !== 'anonymous') return /email/i.test(name) ? 'ghost%40example.com' : String(MISSING_ID);
    const target = caller.kind === 'customer' ? caller.other : undefined;
    if (!target) return String(MISSING_ID);
    if (/email/i.test(name)) return encodeURIComponent(target.email);
    if (/address/i.test(name)) return String(target.addressId ?? MISSING_ID);
    if (/token/i.test(name)) return 'x'.repeat(32);
    return String(target.id);
  });
}

/** A body that tries to reach the other customer through every id a route might bind. */
function hostileBody(self: Customer | null, other: Customer | null): Record<string, unknown> {
  const targetId = other?.id ?? MISSING_ID;
  return {
    customerId: targetId,
    id: targetId,
    addressId: other?.addressId ?? MISSING_ID,
    // The names say who wrote them: the other customer's record must never carry them.
    customer: { id: targetId, email: self?.email ?? 'ghost@example.com', firstname: `Mallory${tag(self)}`, lastname: `Mallory${tag(self)}` },
    username: 'nobody-here@example.com',
    password: 'Wrong-Password1',
    currentPassword: 'Wrong-Password1',
    newPassword: 'Mallory-Password1',
    email: other?.email ?? 'ghost@example.com',
    template: 'email_reset',
    websiteId: 1,
    resetToken: 'x'.repeat(32),
  };
}

function tag(c: Customer | null): string {
  return c ? `By${c.marker.slice(0, 1)}` : 'ByAnonymous';
}

let ghosts = 0;
function privilegedBody(): Record<string, unknown> {
  return { ...hostileBody(null, null), customer: { id: MISSING_ID, email: `ghost${++ghosts}@example.com`, firstname: 'Ghost', lastname: 'Ghost' } };
}

function isAuthorizationRefusal(reply: Reply, resources?: string): boolean {
  if (reply.status !== 401 || reply.body?.message !== NOT_AUTHORIZED) return false;
  if (resources !== undefined) assert.deepEqual(reply.body, { message: NOT_AUTHORIZED, parameters: { resources } });
  return true;
}

describe('access matrix over every REST route', () => {
  let server: TestServer;
  let admin: string;
  let a: Customer;
  let b: Customer;
  let limited: IntegrationCredentials;
  let full: IntegrationCredentials;
  let bBefore: unknown;
  let aBefore: unknown;

  before(async () => {
    server = await startServer();
    admin = await adminToken(server);
    a = await createCustomer(server, 'A', true);
    b = await createCustomer(server, 'B', true);
    // A resource no route uses: this integration must be refused everywhere an ACL resource is needed.
    limited = await createIntegration(server.cli, 'limited', '--resource=Magento_Sales::sales');
    full = await createIntegration(server.cli, 'full', '--all-resources');
    bBefore = (await server.request('GET', `/rest/default/V1/customers/${b.id}`, { token: admin })).body;
    aBefore = (await server.request('GET', `/rest/default/V1/customers/${a.id}`, { token: admin })).body;
  });
  after(() => server?.close());

  async function login(c: Customer): Promise<string> {
    const r = await server.request('POST', '/rest/default/V1/integration/customer/token', { body: { username: c.email, password: c.password } });
    assert.equal(r.status, 200, `login of ${c.email}: ${r.text}`);
    return r.body;
  }

  async function call(route: RouteDefinition, caller: Caller): Promise<Reply> {
    const path = `/rest/default${fillPath(route, caller)}`;
    const hasBody = route.method === 'POST' || route.method === 'PUT';
    const body = !hasBody ? undefined : caller.kind === 'customer' ? hostileBody(caller.me, caller.other) : caller.kind === 'anonymous' ? hostileBody(null, b) : privilegedBody();
    if (caller.kind === 'integration') return signedRequest(server.url, caller.creds, route.method, path, { body });
    const token = caller.kind === 'customer' ? await login(caller.me) : caller.kind === 'admin' ? caller.token : undefined;
    return server.request(route.method, path, { body, token });
  }

  it('has routes to walk', () => {
    assert.ok(restRoutes.length >= 5, 'the route table is unexpectedly small');
  });

  for (const route of restRoutes) {
    const name = `${route.method} ${route.path} (${typeof route.access === 'string' ? route.access : route.access.join(', ')})`;
    it(name, async () => {
      const callers: Caller[] = [
        { kind: 'anonymous' },
        { kind: 'customer', me: a, other: b },
        { kind: 'customer', me: b, other: a },
        { kind: 'integration', creds: limited, holdsAll: false },
        { kind: 'admin', token: admin },
        { kind: 'integration', creds: full, holdsAll: true },
      ];
      for (const caller of callers) {
        const reply = await call(route, caller);
        const who = `${label(caller)} on ${name}: ${reply.status} ${reply.text.slice(0, 300)}`;
        assert.ok(reply.status < 500, `never a 500: ${who}`);
        const privileged = caller.kind === 'admin' || (caller.kind === 'integration' && caller.holdsAll);
        if (route.access === 'anonymous') {
          // Anyone passes the route's gate; a handler may still refuse a privileged field (e.g.
          // group_id needs Magento_Customer::manage), but never to a caller holding everything.
          if (privileged) assert.ok(!isAuthorizationRefusal(reply), `anonymous route refused a privileged caller: ${who}`);
          else if (isAuthorizationRefusal(reply)) assert.notEqual(reply.body.parameters?.resources, 'self', who);
        } else if (route.access === 'self') {
          if (caller.kind === 'customer') assert.ok(!isAuthorizationRefusal(reply), `own self route refused: ${who}`);
          else assert.ok(isAuthorizationRefusal(reply, 'self'), `self route must refuse: ${who}`);
        } else if (privileged) {
          assert.ok(!isAuthorizationRefusal(reply), `privileged caller refused: ${who}`);
        } else {
          assert.ok(isAuthorizationRefusal(reply, route.access.join(', ')), `must refuse: ${who}`);
        }
        // No caller but the owner (or a privileged one) ever sees a customer's data.
        if (caller.kind === 'anonymous') {
          for (const c of [a, b]) assert.ok(!reply.text.includes(c.marker), `anonymous saw ${c.marker}: ${who}`);
        }
        if (caller.kind === 'customer') assert.ok(!reply.text.includes(caller.other.marker), `saw the other customer's data: ${who}`);
      }
    });
  }

  it('left A and B unchanged by each other and by anonymous callers, and their tokens working', async () => {
    for (const [me, before, other] of [[a, aBefore, b], [b, bBefore, a]] as const) {
      const now = (await server.request('GET', `/rest/default/V1/customers/${me.id}`, { token: admin })).body as Record<string, any>;
      const orig = before as Record<string, any>;
      // A customer may change its own account through self routes, never its identity or website.
      assert.deepEqual([now.id, now.email, now.website_id, now.group_id], [orig.id, orig.email, orig.website_id, orig.group_id]);
      const text = JSON.stringify(now);
      assert.ok(!text.includes(tag(other)) && !text.includes('ByAnonymous'), `${me.marker} was changed by someone else: ${text}`);
      assert.deepEqual(now.addresses, orig.addresses.length && now.addresses.length ? orig.addresses : now.addresses);
    }
    const bToken = await login(b);
    const aToken = await login(a);
    await server.request('POST', '/rest/default/V1/integration/customer/revoke-customer-token', { token: aToken });
    const me = await server.request('GET', '/rest/default/V1/customers/me', { token: bToken });
    assert.equal(me.status, 200, "A's revoke must not end B's tokens");
    assert.equal(me.body.id, b.id);
  });

  it('an unsigned or mis-signed integration request is anonymous', async () => {
    const path = `/rest/default/V1/customers/${a.id}`;
    const unsigned = await rawRequest(`${server.url}${path}`, 'GET', {});
    assert.ok(isAuthorizationRefusal(unsigned, 'Magento_Customer::customer'));
    const forged = await signedRequest(server.url, { ...full, consumer_secret: full.consumer_secret.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }, 'GET', path);
    assert.ok(isAuthorizationRefusal(forged, 'Magento_Customer::customer'));
    const good = await signedRequest(server.url, full, 'GET', path);
    assert.equal(good.status, 200, good.text);
  });
});
