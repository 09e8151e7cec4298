import type { ConnectionContext, WeightUnit } from '@storebridge/contracts';
import type { WooCommerceClient } from '../client/woocommerce-api.client';
import { toWeightUnit } from '../mappers/woocommerce-values.mapper';

const TTL_MS = 10 * 60_000;
// Shared by every port of a connection in this process: the unit changes rarely, and each read costs a call.
const cache = new Map<string, { unit: Promise<WeightUnit | null>; at: number }>();

/**
 * The store's weight unit: `settings.weightUnit` of the connection when the
 * host set one, else the store setting `woocommerce_weight_unit`
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-a-setting-option).
 * Concurrent callers share one read.
 */
export function storeWeightUnit(ctx: ConnectionContext, client: WooCommerceClient): Promise<WeightUnit | null> {
  const override = toWeightUnit(ctx.settings?.weightUnit);
  if (override) return Promise.resolve(override);
  const key = `${ctx.connectionId}|${ctx.store.baseUrl}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.unit;
  const unit = client.getSetting('products', 'woocommerce_weight_unit').then((setting) => {
    const parsed = toWeightUnit(setting.value);
    if (!parsed) ctx.logger.warn('unknown WooCommerce weight unit: weights are not mapped', { value: setting.value });
    return parsed;
  });
  cache.set(key, { unit, at: Date.now() });
  // A failed read is not remembered.
  unit.catch(() => cache.delete(key));
  return unit;
}
