import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { ApiError } from '@storebridge/contracts';

export interface TenantScope {
  tenantId: string;
  orgId: string;
  /** The API token that made the request; absent for background work. */
  tokenId?: string;
}

const KEY = 'storebridge.tenant';

/**
 * The caller's tenant and org for the current request or job, carried in
 * async-local storage so no service has to pass it along.
 */
@Injectable()
export class TenantContext {
  constructor(private readonly cls: ClsService) {}

  /** The current scope; throws when code runs outside a tenant's request or job. */
  get scope(): TenantScope {
    const scope = this.cls.isActive() ? this.cls.get<TenantScope | undefined>(KEY) : undefined;
    if (!scope) throw new ApiError(500, 'tenant_context_missing', 'No tenant in context');
    return scope;
  }

  get hasScope(): boolean {
    return this.cls.isActive() && this.cls.get(KEY) !== undefined;
  }

  /** Set for the rest of the current request (used by the auth guard). */
  enter(scope: TenantScope): void {
    this.cls.set(KEY, scope);
  }

  /** Run background work (a queue job, a CLI command) as a tenant. */
  run<T>(scope: TenantScope, fn: () => Promise<T>): Promise<T> {
    return this.cls.run(async () => {
      this.cls.set(KEY, scope);
      return fn();
    });
  }
}
