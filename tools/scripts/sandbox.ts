/**
 * Starts a provider sandbox on its own: `npm run sandbox -- shopify --port 4001`.
 * Options: --port, --seed, --products, --orders, --plan (provider-specific).
 * The sandbox comes from the plugin's testing entry
 * (`@storebridge/plugin-<code>/testing`, export `start…Sandbox`), so every
 * plugin gets this command without touching this file.
 */
async function main(): Promise<void> {
  const [code, ...rest] = process.argv.slice(2);
  if (!code || code.startsWith('-')) {
    console.error('usage: npm run sandbox -- <provider> [--port 4001] [--seed 1] [--products 50] [--orders 30] [--plan standard]');
    process.exit(2);
  }
  const opts: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) opts[rest[i].replace(/^--/, '')] = rest[i + 1];
  const testing = (await import(`@storebridge/plugin-${code}/testing`)) as Record<string, unknown>;
  const start = Object.entries(testing).find(([name, v]) => /^start\w*Sandbox$/.test(name) && typeof v === 'function')?.[1] as
    | ((o: Record<string, unknown>) => Promise<{ baseUrl: string; accessToken: string; clientId?: string; clientSecret?: string; close(): Promise<void> }>)
    | undefined;
  if (!start) throw new Error(`@storebridge/plugin-${code}/testing exports no start…Sandbox function`);
  const num = (k: string) => (opts[k] !== undefined ? Number(opts[k]) : undefined);
  const running = await start({
    port: num('port') ?? 0,
    seed: num('seed'),
    products: num('products'),
    orders: num('orders'),
    ...(opts.plan ? { plan: opts.plan } : {}),
  });
  console.log(`${code} sandbox ready`);
  console.log(`  base URL:      ${running.baseUrl}`);
  console.log(`  access token:  ${running.accessToken}`);
  if (running.clientId) console.log(`  OAuth app:     client id ${running.clientId}, client secret ${running.clientSecret}`);
  console.log(`  control:       GET ${running.baseUrl}/__sandbox/stats, POST ${running.baseUrl}/__sandbox/faults`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
