export interface TenancyOptions {
  /** Unset: the admin API answers 404. */
  adminToken?: string;
  /**
   * How long a process trusts a token it verified (VERIFIED_TOKEN_TTL_MS, 5 s,
   * by default): a revocation reaches other processes within this time. 0 looks
   * every request's token up in the database.
   */
  tokenCacheTtlMs?: number;
}
export const TENANCY_OPTIONS = Symbol('TENANCY_OPTIONS');
