import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startShopifySandbox, type RunningShopifySandbox } from '@storebridge/plugin-shopify/testing';
import { startTestApp, type TestApp, type TestTenant } from '../support/test-app';
import { freePort } from './support';

jest.setTimeout(60_000);

/** Debian's `chromium` package (.ci/run installs it), or CHROMIUM_PATH. */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
if (!CHROMIUM) console.warn('connect-page e2e skipped: no Chromium binary (install Debian\'s "chromium" or set CHROMIUM_PATH)');
const describeWithBrowser = CHROMIUM ? describe : describe.skip;

/** The hosted connect page, driven in headless Chromium through the whole OAuth round trip. */
describeWithBrowser('connect page (headless Chromium)', () => {
  let sandbox: RunningShopifySandbox;
  let t: TestApp;
  let tenant: TestTenant;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    sandbox = await startShopifySandbox({ seed: 3, products: 3, orders: 2, limitScale: 20 });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await startTestApp({ PUBLIC_URL: base, STOREBRIDGE_PLUGINS: 'shopify' });
    await t.started.app.listen(port, '127.0.0.1');
    tenant = await t.createTenant();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.close();
  });

  it('lists the providers, shows input errors accessibly, and leads through consent back to the app', async () => {
    const done = `${base}/health`;
    await t.http.put('/api/v1/integrations/settings').set(tenant.headers).send({ allowedRedirectUris: [done] }).expect(200);
    const { body } = await t.http.post('/api/v1/integrations/auth-url').set(tenant.headers).send({ redirect_uri: done }).expect(200);
    expect(body.auth_url.startsWith(`${base}/connect?state=`)).toBe(true);

    const page = await browser.newPage();
    await page.goto(body.auth_url);
    expect(await page.title()).toBe('Connect your store');
    await page.getByRole('heading', { level: 1, name: 'Connect your store' }).waitFor();
    const section = page.getByRole('region', { name: 'Shopify' });
    const shop = section.getByLabel('Shop domain');
    expect(await shop.getAttribute('aria-describedby')).toBeTruthy();

    // A store the plugin does not accept: the page comes back with the problem announced.
    await shop.fill('not a shop!');
    await section.getByRole('button', { name: 'Connect Shopify' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/myshopify\.com/);

    // The same page (its state is still unused) with the sandbox store: consent auto-approves, we land back on the app.
    await page.getByRole('region', { name: 'Shopify' }).getByLabel('Shop domain').fill(sandbox.baseUrl);
    await page.getByRole('region', { name: 'Shopify' }).getByRole('button', { name: 'Connect Shopify' }).click();
    await page.waitForURL(/\/health\?connection_id=/);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('provider')).toBe('shopify');
    expect(landed.searchParams.get('category')).toBe('commerce');
    const connectionId = landed.searchParams.get('connection_id');
    expect(connectionId).toMatch(/^conn_shopify_[0-9a-f]{6}$/);

    await t.http.post('/api/v1/integrations/callback').set(tenant.headers).send({ connection_id: connectionId }).expect(201);
    const list = await t.http.get('/api/v1/integrations/connections').set(tenant.headers).expect(200);
    expect(list.body.connections).toEqual([expect.objectContaining({ unified_connection_id: connectionId, status: 'ACTIVE' })]);

    // The page's state was used up on the way out: going back and submitting again is refused.
    await page.goto(body.auth_url);
    await page.getByRole('region', { name: 'Shopify' }).getByLabel('Shop domain').fill(sandbox.baseUrl);
    await page.getByRole('region', { name: 'Shopify' }).getByRole('button', { name: 'Connect Shopify' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cannot connect');
    await page.close();
  });

  it('answers a page with a bad state with an error page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${base}/connect?state=forged.value`);
    expect(res?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toMatch(/state is invalid/);
    await page.close();
  });
});
