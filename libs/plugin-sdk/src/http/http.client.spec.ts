import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthRevokedError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
  type RateLimitFeedback,
} from '@storebridge/contracts';
import { createHttpClient } from './http.client';
import { parseRetryAfter } from './error.translator';
import type { Grant, RateLimitGovernor } from '../rate-limit/rate-limit.governor';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

describe('createHttpClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let hits: number;
  const delays: number[] = [];
  const sleep = async (ms: number) => void delays.push(ms);

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res, ++hits));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    hits = 0;
    delays.length = 0;
  });

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const client = (extra: Parameters<typeof createHttpClient>[0] = {}) =>
    createHttpClient({ baseUrl, sleep, random: () => 1, retry: { baseDelayMs: 100 }, timeoutMs: 2000, ...extra });

  it('joins paths, query and headers, and serialises JSON bodies', async () => {
    let seen: { url?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    handler = (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { url: req.url, headers: req.headers, body };
        json(res, 200, { ok: true });
      });
    };
    const res = await client({ defaultHeaders: { 'x-token': 't' } }).request({
      method: 'PUT',
      url: '/things/1',
      query: { a: 1, b: ['x', 'y'], c: undefined },
      body: { name: 'n' },
    });
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    expect(seen.url).toBe('/api/things/1?a=1&b=x&b=y');
    expect(seen.headers?.['x-token']).toBe('t');
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body!)).toEqual({ name: 'n' });
  });

  it('retries 5xx and 429 with exponential backoff, honouring Retry-After', async () => {
    handler = (_req, res, n) => {
      if (n === 1) return json(res, 503, { error: 'busy' });
      if (n === 2) return json(res, 429, {}, { 'retry-after': '3' });
      if (n === 3) return json(res, 500, {});
      json(res, 200, { n });
    };
    const res = await client().request({ method: 'GET', url: 'x' });
    expect(res.body).toEqual({ n: 4 });
    expect(delays).toEqual([100, 3000, 400]);
  });

  it('gives up after maxAttempts with a TransientError', async () => {
    handler = (_req, res) => json(res, 502, {});
    await expect(client({ retry: { maxAttempts: 3 } }).request({ method: 'GET', url: 'x' })).rejects.toBeInstanceOf(TransientError);
    expect(hits).toBe(3);
  });

  it('never repeats a POST that may have reached the provider, unless marked idempotent', async () => {
    handler = (_req, res) => json(res, 500, {});
    await expect(client().request({ method: 'POST', url: 'x', body: {} })).rejects.toBeInstanceOf(TransientError);
    expect(hits).toBe(1);
    hits = 0;
    handler = (_req, res, n) => (n < 2 ? json(res, 500, {}) : json(res, 200, {}));
    await expect(client().request({ method: 'POST', url: 'x', body: {}, idempotent: true })).resolves.toMatchObject({ status: 200 });
    expect(hits).toBe(2);
  });

  it('repeats a POST after a 429, since the provider refused it before acting', async () => {
    handler = (_req, res, n) => (n === 1 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 201, { created: true }));
    await expect(client().request({ method: 'POST', url: 'x', body: {} })).resolves.toMatchObject({ status: 201 });
    expect(hits).toBe(2);
  });

  it('throws RateLimitedError when Retry-After is longer than it may wait', async () => {
    handler = (_req, res) => json(res, 429, {}, { 'retry-after': '120' });
    const err = await client({ retry: { maxRetryAfterMs: 1000 } }).request({ method: 'GET', url: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(120_000);
    expect(hits).toBe(1);
  });

  it.each([
    [401, AuthRevokedError],
    [404, NotFoundError],
    [422, ValidationError],
  ])('translates HTTP %d without retrying', async (status, type) => {
    handler = (_req, res) => json(res, status, { errors: 'nope' });
    const err = await client().request({ method: 'GET', url: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(type);
    expect(err.status).toBe(status);
    expect(hits).toBe(1);
  });

  it('times out, and retries an idempotent request after a timeout', async () => {
    handler = (_req, res, n) => {
      if (n === 1) return void setTimeout(() => json(res, 200, { late: true }), 1500);
      json(res, 200, { n });
    };
    const res = await client({ timeoutMs: 150 }).request({ method: 'GET', url: 'x' });
    expect(res.body).toEqual({ n: 2 });
  });

  it('treats a malformed JSON body as transient and retries it', async () => {
    handler = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"data": {');
      }
      json(res, 200, { ok: 1 });
    };
    await expect(client().request({ method: 'GET', url: 'x' })).resolves.toMatchObject({ body: { ok: 1 } });
  });

  it('maps unreachable hosts to TransientError and retries even writes (nothing was sent)', async () => {
    const dead = createHttpClient({ baseUrl: 'http://127.0.0.1:1', sleep, retry: { maxAttempts: 2 } });
    await expect(dead.request({ method: 'POST', url: 'x', body: {} })).rejects.toBeInstanceOf(TransientError);
    expect(delays).toHaveLength(1);
  });

  it('consults the plugin translator on 2xx answers and feeds the governor', async () => {
    const acquired: number[] = [];
    const observed: RateLimitFeedback[] = [];
    const governor: RateLimitGovernor = {
      acquire: async (cost = 1) => {
        acquired.push(cost);
        return { cost };
      },
      observe: async (f) => void observed.push(f),
    };
    handler = (_req, res, n) => json(res, 200, n === 1 ? { errors: [{ extensions: { code: 'THROTTLED' } }], available: 0 } : { data: 1, available: 50 });
    const res = await client({
      governor,
      errorTranslator: (r) => ((r.body as { errors?: unknown }).errors ? new RateLimitedError('throttled', 250) : null),
      rateLimitFeedback: (r) => ({ available: (r.body as { available: number }).available }),
    }).request({ method: 'POST', url: 'graphql', body: {}, cost: 12 });
    expect(res.body).toEqual({ data: 1, available: 50 });
    expect(acquired).toEqual([12, 12]);
    expect(observed).toEqual([{ available: 0 }, { available: 50 }]);
    expect(delays).toEqual([250]);
  });

  it('takes a 429 whose feedback does not say what is left as an empty bucket', async () => {
    const observed: RateLimitFeedback[] = [];
    const governor: RateLimitGovernor = { acquire: async (cost = 1) => ({ cost }), observe: async (f) => void observed.push(f) };
    handler = (_req, res, n) => json(res, n === 1 ? 429 : 200, { n });
    await client({ governor, rateLimitFeedback: () => ({ resetInMs: 300 }) }).request({ method: 'GET', url: 'x' });
    expect(observed).toEqual([{ resetInMs: 300 }, { available: 0 }, { resetInMs: 300 }]);
  });

  it('answers without waiting for the governor to record what the answer said', async () => {
    handler = (_req, res) => json(res, 200, { ok: true });
    const observed: RateLimitFeedback[] = [];
    // An observation that never completes (a slow Redis) does not hold the answer back.
    const governor: RateLimitGovernor = { acquire: async (cost = 1) => ({ cost }), observe: (f) => (observed.push(f), new Promise<void>(() => undefined)) };
    const client = createHttpClient({ baseUrl, governor, sleep, rateLimitFeedback: () => ({ available: 7 }) });
    await expect(client.request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ status: 200 });
    expect(observed).toEqual([{ available: 7 }]);
    // A failed observation is logged, not thrown at the caller.
    const warnings: string[] = [];
    const failing: RateLimitGovernor = { acquire: async (cost = 1) => ({ cost }), observe: async () => Promise.reject(new Error('redis down')) };
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
    await expect(createHttpClient({ baseUrl, governor: failing, sleep, logger }).request({ method: 'GET', url: '/x' })).resolves.toMatchObject({ status: 200 });
    await new Promise((r) => setImmediate(r));
    expect(warnings).toEqual(['rate-limit observation failed']);
  });

  it('settles every grant with the governor once, answered or not', async () => {
    const settled: Array<{ feedback: RateLimitFeedback; grant?: Grant }> = [];
    let n = 0;
    const governor: RateLimitGovernor = {
      acquire: async (cost = 1) => ({ cost, window: ++n }),
      observe: async (feedback, grant) => void settled.push({ feedback, grant }),
    };
    handler = (_req, res) => json(res, 200, { ok: 1 });
    await client({ governor }).request({ method: 'GET', url: 'x', cost: 3 });
    const dead = createHttpClient({ baseUrl: 'http://127.0.0.1:1', sleep, governor, retry: { maxAttempts: 2 } });
    await expect(dead.request({ method: 'GET', url: 'x' })).rejects.toBeInstanceOf(TransientError);
    expect(settled).toEqual([
      { feedback: {}, grant: { cost: 3, window: 1 } },
      { feedback: {}, grant: { cost: 1, window: 2 } },
      { feedback: {}, grant: { cost: 1, window: 3 } },
    ]);
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('2.5')).toBe(2500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
