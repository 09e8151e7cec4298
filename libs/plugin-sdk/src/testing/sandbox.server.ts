import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * Faults a sandbox injects into its next matching requests, one count per
 * kind, used up as they are served. Switchable in-process (`sandbox.faults`)
 * or over HTTP (`POST /__sandbox/faults`) for out-of-process tests.
 */
export interface FaultPlan {
  /** The next N requests answer the provider's throttle response (default: 429 + Retry-After). */
  rateLimit?: number;
  retryAfterSeconds?: number;
  /** The next N requests answer a 5xx (`serverErrorStatus`, default 503). */
  serverError?: number;
  serverErrorStatus?: number;
  /** The next N requests get no answer for `timeoutMs` (default 10 s), then the socket closes. */
  timeout?: number;
  timeoutMs?: number;
  /** The next N requests answer 200 with a truncated JSON body. */
  malformed?: number;
  /** Only requests whose method + path + body contain this text count. */
  match?: string;
}

export interface SandboxStats {
  requests: number;
  /** Responses that told the client to slow down: the provider's own throttling plus injected 429s. */
  throttled: number;
  /** Throttle responses the sandbox's rate limiter produced (not injected). */
  limiterThrottled: number;
  faultsServed: { rateLimit: number; serverError: number; timeout: number; malformed: number };
  byStatus: Record<string, number>;
  /** How many records of each kind the store holds now. */
  records: Record<string, number>;
}

export interface SandboxRequest {
  method: string;
  url: URL;
  path: string;
  headers: Record<string, string>;
  rawBody: Buffer;
  /** Parsed JSON, or the form fields of a urlencoded body, or undefined. */
  body: unknown;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
  /** Counts the response as a throttle response in the stats. */
  throttled?: boolean;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body, headers };
}

export const sandboxJson = json;

/**
 * The base of every provider emulator: an HTTP server with an in-memory
 * store (the subclass holds it), access tokens with revocation, fault
 * injection, request/throttle counters, and the control endpoints under
 * `/__sandbox/`. A subclass implements `handle` with the provider's routes,
 * auth check, pagination and documented rate limiting.
 */
export abstract class SandboxServer {
  private server?: Server;
  private faults: FaultPlan = {};
  private readonly validTokens = new Set<string>();
  private readonly revokedTokens = new Set<string>();
  private readonly pending = new Set<NodeJS.Timeout>();
  protected counters: SandboxStats = SandboxServer.emptyStats();
  baseUrl = '';

  private static emptyStats(): SandboxStats {
    return { requests: 0, throttled: 0, limiterThrottled: 0, faultsServed: { rateLimit: 0, serverError: 0, timeout: 0, malformed: 0 }, byStatus: {}, records: {} };
  }

  /** The provider's routes. Control endpoints and faults are handled before this. */
  protected abstract handle(req: SandboxRequest): Promise<SandboxResponse> | SandboxResponse;

  /** How many records the store holds, by kind, for `GET /__sandbox/stats`. */
  protected abstract recordCounts(): Record<string, number>;

  /** The provider's documented throttle answer; override when it is not a plain 429. */
  protected throttleResponse(retryAfterSeconds: number): SandboxResponse {
    return json(429, { errors: 'Exceeded rate limit' }, { 'retry-after': String(retryAfterSeconds) });
  }

  protected serverErrorResponse(status: number): SandboxResponse {
    return json(status, { errors: 'Internal Server Error (injected by the sandbox)' });
  }

  issueToken(token = `sbx_${randomBytes(12).toString('hex')}`): string {
    this.validTokens.add(token);
    this.revokedTokens.delete(token);
    return token;
  }

  revokeToken(token: string): void {
    this.validTokens.delete(token);
    this.revokedTokens.add(token);
  }

  isTokenValid(token: string | undefined | null): boolean {
    return !!token && this.validTokens.has(token);
  }

  setFaults(plan: FaultPlan): void {
    this.faults = { ...plan };
  }

  clearFaults(): void {
    this.faults = {};
  }

  stats(): SandboxStats {
    return { ...structuredClone(this.counters), records: this.recordCounts() };
  }

  resetStats(): void {
    this.counters = SandboxServer.emptyStats();
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    // Clients keep connections alive; the server must not hold them past a test.
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${addr.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl || 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let body: unknown;
    const type = headers['content-type'] ?? '';
    try {
      if (rawBody.length && type.includes('json')) body = JSON.parse(rawBody.toString('utf8'));
      else if (rawBody.length && type.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
    } catch {
      return this.send(res, json(400, { errors: 'body is not valid JSON' }));
    }
    const sreq: SandboxRequest = { method: req.method ?? 'GET', url, path: url.pathname, headers, rawBody, body };

    if (sreq.path.startsWith('/__sandbox/')) return this.send(res, this.control(sreq));

    this.counters.requests++;
    const fault = this.takeFault(sreq);
    if (fault === 'timeout') {
      // Say nothing; close the socket after a while (or at close()).
      const t = setTimeout(() => {
        this.pending.delete(t);
        res.destroy();
      }, this.faults.timeoutMs ?? 10_000);
      this.pending.add(t);
      return;
    }
    if (fault === 'rateLimit') return this.send(res, { ...this.throttleResponse(this.faults.retryAfterSeconds ?? 1), throttled: true });
    if (fault === 'serverError') return this.send(res, this.serverErrorResponse(this.faults.serverErrorStatus ?? 503));
    if (fault === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      this.count(200);
      res.end('{"data": {"truncated": ');
      return;
    }
    try {
      const out = await this.handle(sreq);
      if (out.throttled) this.counters.limiterThrottled++;
      this.send(res, out);
    } catch (e) {
      this.send(res, json(500, { errors: `sandbox failure: ${(e as Error).message}` }));
    }
  }

  private takeFault(req: SandboxRequest): keyof SandboxStats['faultsServed'] | null {
    const f = this.faults;
    if (f.match && !`${req.method} ${req.path} ${req.rawBody.toString('utf8')}`.includes(f.match)) return null;
    for (const kind of ['rateLimit', 'serverError', 'timeout', 'malformed'] as const) {
      if ((f[kind] ?? 0) > 0) {
        f[kind] = (f[kind] ?? 0) - 1;
        this.counters.faultsServed[kind]++;
        return kind;
      }
    }
    return null;
  }

  private control(req: SandboxRequest): SandboxResponse {
    const body = (req.body ?? {}) as Record<string, unknown>;
    switch (`${req.method} ${req.path}`) {
      case 'GET /__sandbox/stats':
        return json(200, this.stats());
      case 'POST /__sandbox/stats/reset':
        this.resetStats();
        return json(200, { ok: true });
      case 'POST /__sandbox/faults':
        this.setFaults(body as FaultPlan);
        return json(200, { ok: true, faults: this.faults });
      case 'DELETE /__sandbox/faults':
        this.clearFaults();
        return json(200, { ok: true });
      case 'POST /__sandbox/tokens':
        return json(201, { token: this.issueToken(typeof body.token === 'string' ? body.token : undefined) });
      case 'POST /__sandbox/revoke':
        if (typeof body.token !== 'string') return json(400, { errors: 'token is required' });
        this.revokeToken(body.token);
        return json(200, { ok: true });
      default:
        return json(404, { errors: 'no such sandbox control endpoint' });
    }
  }

  private count(status: number): void {
    this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
  }

  private send(res: ServerResponse, out: SandboxResponse): void {
    if (out.throttled) this.counters.throttled++;
    this.count(out.status);
    const headers = { ...(out.headers ?? {}) };
    let payload: string | Buffer = '';
    if (typeof out.body === 'string' || Buffer.isBuffer(out.body)) payload = out.body;
    else if (out.body !== undefined) {
      payload = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    res.writeHead(out.status, headers);
    res.end(payload);
  }
}

/** The control endpoints over HTTP, for tests whose sandbox runs in another process. */
export class SandboxControl {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox control ${method} ${path} failed with ${res.status}`);
    return (await res.json()) as T;
  }

  setFaults(plan: FaultPlan): Promise<unknown> {
    return this.call('POST', 'faults', plan);
  }
  clearFaults(): Promise<unknown> {
    return this.call('DELETE', 'faults');
  }
  stats(): Promise<SandboxStats> {
    return this.call('GET', 'stats');
  }
  resetStats(): Promise<unknown> {
    return this.call('POST', 'stats/reset');
  }
  async issueToken(): Promise<string> {
    return (await this.call<{ token: string }>('POST', 'tokens', {})).token;
  }
  revoke(token: string): Promise<unknown> {
    return this.call('POST', 'revoke', { token });
  }
}

/** The request body, gathered from its 'data' events (an async iterator over the stream costs several promises a chunk). */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
