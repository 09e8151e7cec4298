/** What the host tells the connections module at start. */
export interface ConnectionsOptions {
  /** Production: https-only store URLs, no sandbox fallbacks, a master key is mandatory. */
  production: boolean;
  /** Public base URL of the API, for OAuth redirect URIs and the connect page (e.g. http://127.0.0.1:3000). */
  publicUrl: string;
  /** Current master key, base64 (32 bytes). Outside production one is generated into `dataDir` when absent. */
  masterKey?: string;
  /** Earlier master keys still accepted for decryption while records are re-encrypted (`keys:rotate`). */
  previousKeys?: string[];
  /** Where the generated development key ring lives. */
  dataDir: string;
}

export const CONNECTIONS_OPTIONS = Symbol('STOREBRIDGE_CONNECTIONS_OPTIONS');
