import { randomBytes } from 'node:crypto';
import { sandboxJson, type SandboxResponse } from './sandbox.server';

/** What the merchant does on a sandbox's consent (install, authorize) screen. */
export type ConsentDecision = 'approve' | 'deny';

/** Query parameters a provider adds to the URL it sends the browser back to; undefined ones are left out. */
export type RedirectParams = Record<string, string | undefined>;

/** The provider sending the browser back: a 302 to `target` with `params` added to its query. */
export function sandboxRedirect(target: string | URL, params: RedirectParams = {}): SandboxResponse {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { status: 302, headers: { location: url.toString() }, body: '' };
}

/** A redirect target from a query parameter, or the 400 a provider answers when it is missing or not a URL. */
export function sandboxRedirectTarget(raw: string | null | undefined, name = 'redirect_uri'): URL | SandboxResponse {
  if (!raw) return sandboxJson(400, { error: `${name} is required` });
  try {
    return new URL(raw);
  } catch {
    return sandboxJson(400, { error: `${name} is not a URL` });
  }
}

/**
 * The consent screen every sandboxed provider emulates. Nobody clicks in a
 * test, so the merchant decides at once: approve, unless a test queued
 * denials with `denyNext()`. An approval gets a single-use authorization
 * code bound to what was granted, which the token endpoint redeems once.
 */
export class SandboxConsent<Grant> {
  private readonly queued: ConsentDecision[] = [];
  private readonly codes = new Map<string, Grant>();

  /** The next `times` consent screens are declined; later ones approve again. */
  denyNext(times = 1): void {
    for (let i = 0; i < times; i++) this.queued.push('deny');
  }

  /** The merchant's decision on one consent screen. */
  decide(): ConsentDecision {
    return this.queued.shift() ?? 'approve';
  }

  /** A fresh single-use code for an approved grant. */
  issueCode(grant: Grant): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, grant);
    return code;
  }

  /** The grant behind a code, once: undefined for an unknown or already redeemed code. */
  redeem(code: unknown): Grant | undefined {
    if (typeof code !== 'string') return undefined;
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant;
  }

  /**
   * The consent screen's answer for an authorization-code provider: the
   * merchant decides; on approval a code for `grant` goes into
   * `approved(code)`, on denial `denied()` names the parameters; the browser
   * is sent to `redirectTo` with them. A provider that sends nobody back on
   * denial (the merchant just closes its screen) returns null from `denied`:
   * the sandbox then answers a plain page.
   */
  answer(args: { redirectTo: URL; grant: Grant; approved: (code: string) => RedirectParams; denied: () => RedirectParams | null }): SandboxResponse {
    if (this.decide() === 'approve') return sandboxRedirect(args.redirectTo, args.approved(this.issueCode(args.grant)));
    const denied = args.denied();
    if (denied) return sandboxRedirect(args.redirectTo, denied);
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>The merchant declined; nothing was sent to the app.</p>' };
  }
}
