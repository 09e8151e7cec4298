import { SandboxConsent, sandboxRedirect, sandboxRedirectTarget } from './sandbox-consent';

describe('SandboxConsent', () => {
  const location = (res: { headers?: Record<string, string> }) => new URL(res.headers!.location);

  it('approves with a single-use code bound to the grant, unless a denial is queued', () => {
    const consent = new SandboxConsent<{ scope: string }>();
    const approved = consent.answer({ redirectTo: new URL('https://app.example/cb?keep=1'), grant: { scope: 'read' }, approved: (code) => ({ code, state: 's' }), denied: () => ({ error: 'access_denied' }) });
    expect(approved.status).toBe(302);
    const back = location(approved);
    expect(back.searchParams.get('keep')).toBe('1');
    expect(back.searchParams.get('state')).toBe('s');
    const code = back.searchParams.get('code')!;
    expect(consent.redeem(code)).toEqual({ scope: 'read' });
    expect(consent.redeem(code)).toBeUndefined();
    expect(consent.redeem(undefined)).toBeUndefined();

    consent.denyNext();
    const denied = consent.answer({ redirectTo: new URL('https://app.example/cb'), grant: { scope: 'read' }, approved: (c) => ({ code: c }), denied: () => ({ error: 'access_denied' }) });
    expect(Object.fromEntries(location(denied).searchParams)).toEqual({ error: 'access_denied' });
    expect(consent.decide()).toBe('approve');
  });

  it('answers a plain page when the provider sends nobody back on denial', () => {
    const consent = new SandboxConsent<string>();
    consent.denyNext(2);
    for (let i = 0; i < 2; i++) {
      const res = consent.answer({ redirectTo: new URL('https://app.example/cb'), grant: 'g', approved: (code) => ({ code }), denied: () => null });
      expect(res.status).toBe(200);
      expect(res.headers?.location).toBeUndefined();
    }
  });

  it('builds redirects and refuses a missing or broken redirect target', () => {
    expect(location(sandboxRedirect('https://a.example/x', { a: '1', b: undefined })).search).toBe('?a=1');
    expect(sandboxRedirectTarget(null)).toMatchObject({ status: 400 });
    expect(sandboxRedirectTarget('not a url', 'return_url')).toMatchObject({ status: 400, body: { error: 'return_url is not a URL' } });
    expect(sandboxRedirectTarget('https://a.example/cb')).toBeInstanceOf(URL);
  });
});
