// autocannon runs from this process, summarised to the figures the table shows.
import autocannon, { type Request } from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Builds each request's body anew (unique emails, rotating users). */
  nextBody?: () => string;
  /** Builds headers per request (an OAuth 1.0a signature needs a fresh nonce each time). */
  nextHeaders?: () => Record<string, string>;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const requests: Request[] | undefined = options.nextBody
    ? [{ method: options.method ?? 'POST', setupRequest: (req: Request) => ({ ...req, body: options.nextBody!() }) }]
    : options.nextHeaders
      ? [{ method: options.method ?? 'GET', setupRequest: (req: Request) => ({ ...req, headers: { ...(req.headers ?? {}), ...options.nextHeaders!() } }) }]
      : undefined;
  const result = await autocannon({
    url: options.url,
    duration: options.seconds,
    connections: options.connections,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    requests,
  });
  return {
    rps: result.requests.total / (result.duration || options.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
