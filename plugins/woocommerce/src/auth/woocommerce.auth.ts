import type { ApiKeyScheme } from '@storebridge/contracts';
import { wooKeyProvisioning } from './woocommerce-app-auth';
import { resolveWooCommerceStore } from './woocommerce-store';

export { resolveWooCommerceStore, woocommerceBasicAuth } from './woocommerce-store';

/** Keys typed on the connect page, or created by the store on the merchant's approval (`/wc-auth/v1/authorize`). */
export const woocommerceAuth: ApiKeyScheme = {
  kind: 'api-key',
  storeField: { name: 'siteUrl', label: 'Store URL', placeholder: 'https://shop.example.com', help: 'The address of your WordPress site (https)' },
  fields: [
    { name: 'consumerKey', label: 'Consumer key', placeholder: 'ck_…', help: 'WooCommerce › Settings › Advanced › REST API, permission Read/Write' },
    { name: 'consumerSecret', label: 'Consumer secret', secret: true, placeholder: 'cs_…' },
  ],
  resolveStore: resolveWooCommerceStore,
  provisioning: wooKeyProvisioning,
};
