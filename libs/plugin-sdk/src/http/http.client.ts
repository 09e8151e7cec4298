import {
  isCommerceError,
  CommerceErrorCode,
  TransientError,
  type CommerceError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type PluginLogger,
  type RateLimitFeedback,
} from '@storebridge/contracts';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { realSleep, unlimitedGovernor, type RateLimitGovernor } from '../rate-limit/rate-limit.governor';
import { translateHttpStatus } from './error.translator';

export interface RetryOptions {
  /** Attempts in total, including the first (default 4). */
  maxAttempts: number;
  /** First backoff step (default 250 ms); doubles each attempt, full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out here: the error goes to the caller (e.g. a queue). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

export interface HttpClientOptions {
  baseUrl?: string;
  defaultHeaders?: Record<string, string>;
  governor?: RateLimitGovernor;
  retry?: Partial<RetryOptions>;
  /** Per-request timeout (default 30 s); a request may override it. */
  timeoutMs?: number;
  /** Provider errors the status alone does not tell (checked on every response, 2xx included). */
  errorTranslator?: (res: HttpResponse, req: HttpRequest) => CommerceError | null | undefined;
  /** What a response says about the provider's rate limit. */
  rateLimitFeedback?: (res: HttpResponse, req: HttpRequest) => RateLimitFeedback | null | undefined;
  logger?: PluginLogger;
  dispatcher?: Dispatcher;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Errors raised before a single byte left: the provider cannot have seen the request. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

class NetworkFailure extends TransientError {
  constructor(message: string, readonly notSent: boolean, cause: unknown) {
    super(message, { cause });
  }
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function buildUrl(base: string | undefined, req: HttpRequest): URL {
  const url = /^https?:\/\//i.test(req.url) ? new URL(req.url) : new URL(req.url.replace(/^\//, ''), (base ?? '').replace(/\/?$/, '/'));
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.set(k, String(v));
  }
  return url;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function isIdempotent(req: HttpRequest): boolean {
  return req.idempotent ?? !(req.method === 'POST' || req.method === 'PATCH');
}

/**
 * The SDK's implementation of the contracts' HttpClient: governor-paced,
 * timed out, retried with exponential backoff and full jitter on transient
 * failures, honouring Retry-After, and translating every failure into the
 * error taxonomy. A non-idempotent request is repeated only when the provider
 * certainly did not act on it (connection refused, 429/throttled).
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const retry = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
  const governor = options.governor ?? unlimitedGovernor;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;

  async function send(req: HttpRequest): Promise<HttpResponse> {
    const url = buildUrl(options.baseUrl, req);
    const headers: Record<string, string> = { accept: 'application/json', ...(options.defaultHeaders ?? {}), ...(req.headers ?? {}) };
    let body: string | Buffer | undefined;
    if (req.body !== undefined && req.body !== null) {
      if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) body = req.body;
      else {
        body = JSON.stringify(req.body);
        if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      }
    }
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 30_000;
    let res: Dispatcher.ResponseData;
    try {
      res = await undiciRequest(url, {
        method: req.method,
        headers,
        body,
        dispatcher: options.dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const code = errorCode(e);
      const timedOut = (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError';
      throw new NetworkFailure(
        timedOut ? `no answer from the provider within ${timeoutMs} ms` : `could not reach the provider (${code ?? (e as Error)?.message})`,
        !timedOut && code !== undefined && NOT_SENT_CODES.has(code),
        e,
      );
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (e) {
      throw new NetworkFailure(`the provider's answer broke off (${errorCode(e) ?? (e as Error)?.name})`, false, e);
    }
    const resHeaders = flattenHeaders(res.headers);
    let parsed: unknown = text;
    const looksJson = (resHeaders['content-type'] ?? '').includes('json');
    if (text !== '' && looksJson) {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        // A truncated or garbled body is usually a proxy or provider hiccup.
        throw new TransientError('the provider answered with malformed JSON', { status: res.statusCode, providerMessage: text.slice(0, 200), cause: e });
      }
    } else if (text === '') parsed = null;
    return { status: res.statusCode, headers: resHeaders, body: parsed };
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(random() * ceiling);
  }

  return {
    async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
      const idempotent = isIdempotent(req);
      for (let attempt = 1; ; attempt++) {
        const grant = await governor.acquire(req.cost ?? 1);
        let error: CommerceError;
        let observed = false;
        try {
          const res = await send(req);
          const feedback = options.rateLimitFeedback?.(res, req);
          observed = true;
          // Not awaited: a governor applies (or queues) an observation before observe() returns, so
          // any later acquire sees it; the answer need not wait for the round trip.
          governor.observe(feedback ?? {}, grant).catch((e: unknown) => options.logger?.warn('rate-limit observation failed', { error: (e as Error)?.message }));
          const translated = options.errorTranslator?.(res, req);
          const failure = translated === undefined ? translateHttpStatus(res) : translated;
          if (!failure) return res as HttpResponse<T>;
          error = failure;
          // A 429 whose feedback does not say what is left still tells us the bucket is empty.
          if (failure.code === CommerceErrorCode.RateLimited && feedback?.available === undefined) await governor.observe({ available: 0 });
        } catch (e) {
          // No answer (or none readable): the call is over all the same, wherever it was counted.
          if (!observed) await governor.observe({}, grant);
          if (!isCommerceError(e)) throw e;
          error = e;
        }
        // 429/throttled: the provider refused before acting, so even writes may repeat.
        const safeToRepeat = idempotent || error.code === CommerceErrorCode.RateLimited || (error instanceof NetworkFailure && error.notSent);
        if (!error.retryable || !safeToRepeat || attempt >= retry.maxAttempts) throw error;
        const retryAfter = 'retryAfterMs' in error ? (error as { retryAfterMs: number | null }).retryAfterMs : null;
        const delay = retryAfter ?? backoff(attempt);
        if (delay > retry.maxRetryAfterMs) throw error;
        options.logger?.debug('retrying provider call', { method: req.method, attempt, delay, error: error.code });
        await sleep(delay);
      }
    },
  };
}
