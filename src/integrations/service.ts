// Integrations (Magento's third kind of caller): created from the CLI with a set of ACL resources,
// they sign requests with OAuth 1.0a, or (when enabled) present their access token as a Bearer.
// Their tokens never expire; they end when the integration is deleted or reauthorized.
import { ALL_RESOURCES, grantOf, RESOURCE_ID } from '../auth/acl.ts';
import { baseUri, formPairs, parseOAuthHeader, sign, signatureBaseString, signatureMatches } from '../auth/oauth1.ts';
import { ANONYMOUS, type Principal } from '../auth/principal.ts';
import type { KeyRing } from '../auth/secrets.ts';
import { generateToken, hashToken } from '../auth/token-service.ts';
import { isValidEmail } from '../lib/email.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { InputError, NoSuchEntityError } from '../errors/domain-errors.ts';
import { epochSeconds, formatDateTime, type Clock } from '../lib/clock.ts';
import type { ConfigService } from '../settings/service.ts';
import type { IntegrationRepository, IntegrationRow } from './repository.ts';

/** Magento's Nonce\Generator::TIME_DEVIATION: timestamps more than 600 s off are refused. */
export const TIMESTAMP_WINDOW_SECONDS = 600;

export interface Integration {
  id: number;
  name: string;
  email: string | null;
  active: boolean;
  resources: string[] | 'all';
  consumerKey: string;
  createdAt: string;
}

/** What the operator sees once, at creation or reauthorization: the access token is stored only as a hash. */
export interface IntegrationCredentials {
  id: number;
  name: string;
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_token_secret: string;
}

/** The parts of an HTTP request a signature covers. */
export interface SignedRequest {
  method: string;
  protocol: string;
  host: string;
  /** Path and raw query string, as received. */
  url: string;
  authorization: string;
  /** The raw body and its media type: form bodies are signed parameters. */
  body?: { text: string; contentType: string | undefined };
}

export class IntegrationService {
  constructor(
    private readonly repository: IntegrationRepository,
    private readonly keys: KeyRing,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  async create(input: { name: string; resources: readonly string[]; allResources: boolean; email?: string }): Promise<IntegrationCredentials> {
    const name = input.name.trim();
    if (!name) throw InputError.required('name');
    if (input.email !== undefined && !isValidEmail(input.email)) throw InputError.invalidValue('email', input.email);
    const resources = [...new Set(input.resources)];
    for (const r of resources) if (!RESOURCE_ID.test(r)) throw InputError.invalidValue('resource', r);
    const all = input.allResources || resources.includes(ALL_RESOURCES);
    const consumerKey = generateToken();
    const consumerSecret = generateToken();
    const accessToken = generateToken();
    const tokenSecret = generateToken();
    const now = formatDateTime(this.clock.now());
    if (await this.repository.byName(name)) throw new InputError('integration.exists', { integrationName: name });
    try {
      const id = await this.repository.insert(
        {
          name,
          email: input.email ?? null,
          status: 1,
          all_resources: all ? 1 : 0,
          consumer_key: consumerKey,
          consumer_secret: await this.keys.encrypt(consumerSecret),
          token_hash: hashToken(accessToken),
          token_secret: await this.keys.encrypt(tokenSecret),
          created_at: now,
          updated_at: now,
        },
        all ? [] : resources,
      );
      return { id, name, consumer_key: consumerKey, consumer_secret: consumerSecret, access_token: accessToken, access_token_secret: tokenSecret };
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError('integration.exists', { integrationName: name });
      throw error;
    }
  }

  async list(): Promise<Integration[]> {
    return Promise.all((await this.repository.list()).map((row) => this.toIntegration(row)));
  }

  async get(name: string): Promise<Integration & { consumerSecret: string }> {
    const row = await this.mustFind(name);
    return { ...(await this.toIntegration(row)), consumerSecret: await this.keys.decrypt(row.consumer_secret) };
  }

  /** Deleting an integration ends its token and nonces with it. */
  async delete(name: string): Promise<void> {
    await this.repository.delete((await this.mustFind(name)).integration_id);
  }

  /** A new access token and secret; the old ones stop working at once. The consumer stays. */
  async reauthorize(name: string): Promise<IntegrationCredentials> {
    const row = await this.mustFind(name);
    const accessToken = generateToken();
    const tokenSecret = generateToken();
    await this.repository.replaceToken(row.integration_id, hashToken(accessToken), await this.keys.encrypt(tokenSecret), formatDateTime(this.clock.now()));
    return {
      id: row.integration_id,
      name: row.name,
      consumer_key: row.consumer_key,
      consumer_secret: await this.keys.decrypt(row.consumer_secret),
      access_token: accessToken,
      access_token_secret: tokenSecret,
    };
  }

  /** `Authorization: Bearer <access token>`: only when oauth/consumer/enable_integration_as_bearer is 1. */
  async principalForBearer(token: string): Promise<Principal> {
    if (!/^[0-9a-z]{32}$/.test(token)) return ANONYMOUS;
    if (!(await this.config.getFlag('oauth/consumer/enable_integration_as_bearer'))) return ANONYMOUS;
    const row = await this.repository.byTokenHash(hashToken(token));
    return row && row.status === 1 ? this.principalOf(row) : ANONYMOUS;
  }

  /**
   * An OAuth 1.0a signed request (RFC 5849): known consumer and token, right signature, timestamp
   * within the window, nonce not seen before. Anything else is anonymous, as in Magento.
   */
  async principalForSignedRequest(request: SignedRequest): Promise<Principal> {
    const header = parseOAuthHeader(request.authorization);
    if (!header || header.nonce.length > 64) return ANONYMOUS;
    const now = epochSeconds(this.clock.now());
    if (Math.abs(header.timestamp - now) > TIMESTAMP_WINDOW_SECONDS) return ANONYMOUS;
    const row = await this.repository.byConsumerKey(header.consumerKey);
    if (!row || row.status !== 1 || !signatureMatches(row.token_hash, hashToken(header.token))) return ANONYMOUS;

    const queryAt = request.url.indexOf('?');
    const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
    const params = formPairs(queryAt < 0 ? '' : request.url.slice(queryAt + 1));
    if (!params) return ANONYMOUS;
    const body = request.body;
    if (body && /^application\/x-www-form-urlencoded\b/i.test(body.contentType ?? '')) {
      const form = formPairs(body.text);
      if (!form) return ANONYMOUS;
      params.push(...form);
    }
    params.push(...header.params);

    let consumerSecret: string;
    let tokenSecret: string;
    try {
      consumerSecret = await this.keys.decrypt(row.consumer_secret);
      tokenSecret = await this.keys.decrypt(row.token_secret);
    } catch {
      return ANONYMOUS; // encrypted under another key (KEYFRONT_SECRET changed): reauthorize the integration
    }
    // Behind a TLS-terminating proxy the client signs https:// while we see http://: accept either.
    const schemes = request.protocol === 'https' ? ['https'] : ['http', 'https'];
    const valid = schemes.some((scheme) =>
      signatureMatches(sign(header.signatureMethod, signatureBaseString(request.method, baseUri(scheme, request.host, path), params), consumerSecret, tokenSecret), header.signature),
    );
    // The nonce is recorded only for a valid signature, so strangers cannot fill the table.
    if (!valid || !(await this.repository.useNonce(row.integration_id, header.nonce, header.timestamp))) return ANONYMOUS;
    return this.principalOf(row);
  }

  /**
   * OAuth 2.0 client authentication with an integration's consumer key and secret (RFC 6749
   * §2.3.1), for introspection: the integration's principal, or anonymous. The secret is compared
   * in constant time; a deactivated integration is refused.
   */
  async authenticateClient(consumerKey: string, consumerSecret: string): Promise<Principal> {
    if (!/^[0-9a-z]{32}$/.test(consumerKey)) return ANONYMOUS;
    const row = await this.repository.byConsumerKey(consumerKey);
    if (!row || row.status !== 1) return ANONYMOUS;
    let secret: string;
    try {
      secret = await this.keys.decrypt(row.consumer_secret);
    } catch {
      return ANONYMOUS;
    }
    return signatureMatches(hashToken(secret), hashToken(consumerSecret)) ? this.principalOf(row) : ANONYMOUS;
  }

  /** Nonces older than the window can never be replayed (their timestamps are refused). */
  removeOldNonces(): Promise<number> {
    return this.repository.removeNoncesBefore(epochSeconds(this.clock.now()) - TIMESTAMP_WINDOW_SECONDS - 60);
  }

  private async principalOf(row: IntegrationRow): Promise<Principal> {
    const resources = row.all_resources ? 'all' : grantOf(await this.repository.resources(row.integration_id), false);
    return { type: 'integration', integrationId: row.integration_id, resources };
  }

  private async mustFind(name: string): Promise<IntegrationRow> {
    const row = await this.repository.byName(name);
    if (!row) throw NoSuchEntityError.byField('name', name);
    return row;
  }

  private async toIntegration(row: IntegrationRow): Promise<Integration> {
    return {
      id: row.integration_id,
      name: row.name,
      email: row.email,
      active: row.status === 1,
      resources: row.all_resources ? 'all' : await this.repository.resources(row.integration_id),
      consumerKey: row.consumer_key,
      createdAt: row.created_at,
    };
  }
}
