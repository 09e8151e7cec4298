import type { AppConfig, ConnectionContext, Credentials, OrderPort, ProductPort, ProviderPlugin } from '@storebridge/contracts';

/** What sync needs to know of a connection. Never holds credentials. */
export interface SyncConnection {
  id: string;
  tenantId: string;
  orgId: string;
  provider: string;
  status: string;
}

export interface SyncPorts {
  plugin: ProviderPlugin;
  ctx: ConnectionContext;
  products: ProductPort;
  orders: OrderPort;
}

/**
 * The connections lib as sync sees it; the host binds it under SYNC_CONNECTIONS.
 * Methods without "Any" run in the current tenant scope.
 */
export interface SyncConnectionsPort {
  /** ACTIVE connections of the current org. */
  listActive(): Promise<SyncConnection[]>;
  /** ACTIVE connections of every tenant (the scheduler). */
  listAllActive(): Promise<SyncConnection[]>;
  /** A connection of the current org by our id or `conn_…` id; null when unknown here. */
  get(connectionId: string): Promise<SyncConnection | null>;
  /** A connection of any tenant (webhooks and the CLI: the connection identifies the tenant). */
  findAny(connectionId: string): Promise<SyncConnection | null>;
  /** Runs `fn` with the plugin and ports bound to fresh credentials; auth revoked → NEEDS_REAUTH. Call in the connection's scope. */
  withPorts<T>(conn: SyncConnection, fn: (ports: SyncPorts) => Promise<T>): Promise<T>;
  /** The plugin loaded for a provider code, if any. */
  plugin(code: string): ProviderPlugin | undefined;
  /** What a plugin's webhook verifier needs. Call in the connection's scope. */
  webhookSecrets(conn: SyncConnection): Promise<{ app: AppConfig; credentials: Credentials }>;
  /** Marks the connection as needing re-authorisation with a safe reason. */
  markNeedsReauth(conn: SyncConnection, reason: string): Promise<void>;
}

export const SYNC_CONNECTIONS = Symbol('STOREBRIDGE_SYNC_CONNECTIONS');
