export interface TenancyOptions {
  /** Unset: the admin API answers 404. */
  adminToken?: string;
}
export const TENANCY_OPTIONS = Symbol('TENANCY_OPTIONS');
