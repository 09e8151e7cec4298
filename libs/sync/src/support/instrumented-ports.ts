import { RateLimitedError, type OrderPort, type ProductPort } from '@storebridge/contracts';
import type { SyncPorts } from '../ports/sync-connections.port';
import type { SyncMetricsPort } from '../ports/sync-metrics.port';

function wrap<T extends object>(target: T, provider: string, kind: string, metrics: SyncMetricsPort): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const op = `${kind}.${String(prop)}`;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
          metrics.providerCall(provider, op, 'ok', (performance.now() - started) / 1000);
          return out;
        } catch (e) {
          metrics.providerCall(provider, op, e instanceof RateLimitedError ? 'throttled' : 'error', (performance.now() - started) / 1000);
          throw e;
        }
      };
    },
  });
}

/** The ports with every call counted and timed per provider (calls, latency, throttled answers). */
export function instrumentPorts(ports: SyncPorts, metrics: SyncMetricsPort): SyncPorts {
  const provider = ports.plugin.code;
  return {
    ...ports,
    products: wrap<ProductPort>(ports.products, provider, 'products', metrics),
    orders: wrap<OrderPort>(ports.orders, provider, 'orders', metrics),
  };
}
