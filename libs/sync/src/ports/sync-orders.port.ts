import type { RemoteOrder } from '@storebridge/contracts';

/** The orders store as sync sees it; bound by the host under SYNC_ORDERS. In the current tenant scope. */
export interface SyncOrdersPort {
  /** One statement per page. */
  upsertPage(connectionId: string, provider: string, orders: RemoteOrder[]): Promise<number>;
}

export const SYNC_ORDERS = Symbol('STOREBRIDGE_SYNC_ORDERS');
