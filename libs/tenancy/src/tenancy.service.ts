import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiError } from '@storebridge/contracts';
import { ApiTokenEntity } from './entities/api-token.entity';
import { OrgEntity } from './entities/org.entity';
import { TenantEntity } from './entities/tenant.entity';
import { generateApiToken, hashApiToken } from './auth/api-token';
import { VERIFIED_TOKEN_TTL_MS, VerifiedTokenCache } from './auth/verified-token-cache';
import { TENANCY_OPTIONS, type TenancyOptions } from './tenancy.options';

export interface CreatedTenant {
  tenantId: string;
  orgId: string;
  tokenId: string;
  /** Shown once: only its hash is stored. */
  token: string;
}

export interface CreatedToken {
  tokenId: string;
  tenantId: string;
  orgId: string;
  label: string;
  token: string;
}

export interface AuthenticatedToken {
  tokenId: string;
  tenantId: string;
  orgId: string;
}

export interface TokenView {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

// Writing last_used_at on every request would turn reads into writes; once a
// minute per token is precise enough for "last used".
const LAST_USED_RESOLUTION_MS = 60_000;

/** Tenants, orgs and API tokens. Used by the admin API, the CLI and the auth guard. */
@Injectable()
export class TenancyService {
  private readonly verified: VerifiedTokenCache;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(TENANCY_OPTIONS) options?: TenancyOptions,
  ) {
    this.verified = new VerifiedTokenCache(options?.tokenCacheTtlMs ?? VERIFIED_TOKEN_TTL_MS);
  }

  async createTenant(name: string, orgName = 'Default'): Promise<CreatedTenant> {
    return this.dataSource.transaction(async (em) => {
      const tenant = await em.save(em.create(TenantEntity, { name }));
      const org = await em.save(em.create(OrgEntity, { tenantId: tenant.id, name: orgName }));
      const token = generateApiToken();
      const row = await em.save(
        em.create(ApiTokenEntity, { tenantId: tenant.id, orgId: org.id, label: 'default', tokenHash: hashApiToken(token) }),
      );
      return { tenantId: tenant.id, orgId: org.id, tokenId: row.id, token };
    });
  }

  async createOrg(tenantId: string, name: string): Promise<{ tenantId: string; orgId: string; name: string }> {
    await this.requireTenant(tenantId);
    const org = await this.dataSource.getRepository(OrgEntity).save({ tenantId, name });
    return { tenantId, orgId: org.id, name: org.name };
  }

  async createToken(tenantId: string, orgId: string, label = ''): Promise<CreatedToken> {
    await this.requireOrg(tenantId, orgId);
    const token = generateApiToken();
    const row = await this.dataSource
      .getRepository(ApiTokenEntity)
      .save({ tenantId, orgId, label, tokenHash: hashApiToken(token) });
    return { tokenId: row.id, tenantId, orgId, label, token };
  }

  async revokeToken(tenantId: string, orgId: string, tokenId: string): Promise<void> {
    const result = await this.dataSource
      .getRepository(ApiTokenEntity)
      .update({ id: tokenId, tenantId, orgId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) {
      const exists = await this.dataSource.getRepository(ApiTokenEntity).existsBy({ id: tokenId, tenantId, orgId });
      if (!exists) throw ApiError.notFound('token_not_found', 'Token not found');
    }
    // Refused from now on in this process; other processes within their cache TTL (VERIFIED_TOKEN_TTL_MS).
    this.verified.forget(tokenId);
  }

  async listTokens(tenantId: string, orgId: string): Promise<TokenView[]> {
    const rows = await this.dataSource
      .getRepository(ApiTokenEntity)
      .find({ where: { tenantId, orgId }, order: { createdAt: 'ASC' } });
    return rows.map((t) => ({
      id: t.id,
      label: t.label,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    }));
  }

  /**
   * The live (not revoked) token with this secret, or null. A token verified
   * in the last few seconds is answered from memory (see VerifiedTokenCache):
   * a revocation takes effect at once in the process that revokes it, and
   * within VERIFIED_TOKEN_TTL_MS (5 s) in every other process.
   */
  async authenticate(secret: string): Promise<AuthenticatedToken | null> {
    const hash = hashApiToken(secret);
    const cached = this.verified.get(hash);
    if (cached) {
      this.touch(cached);
      return { tokenId: cached.tokenId, tenantId: cached.tenantId, orgId: cached.orgId };
    }
    const row = await this.dataSource.getRepository(ApiTokenEntity).findOne({ where: { tokenHash: hash, revokedAt: IsNull() } });
    if (!row) return null;
    const token = { tokenId: row.id, tenantId: row.tenantId, orgId: row.orgId, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
    this.touch(token);
    this.verified.set(hash, token);
    return { tokenId: token.tokenId, tenantId: token.tenantId, orgId: token.orgId };
  }

  async countTenants(): Promise<number> {
    return this.dataSource.getRepository(TenantEntity).count();
  }

  /** Record a use in `last_used_at`, at most once a minute per token. */
  private touch(token: { tokenId: string; lastUsedAt: number | null }): void {
    const now = Date.now();
    if (token.lastUsedAt !== null && now - token.lastUsedAt <= LAST_USED_RESOLUTION_MS) return;
    token.lastUsedAt = now;
    // Best effort: a failed bookkeeping write must not fail the request.
    this.dataSource
      .getRepository(ApiTokenEntity)
      .update({ id: token.tokenId }, { lastUsedAt: new Date(now) })
      .catch(() => undefined);
  }

  private async requireTenant(tenantId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(TenantEntity).existsBy({ id: tenantId }))) {
      throw ApiError.notFound('tenant_not_found', 'Tenant not found');
    }
  }

  private async requireOrg(tenantId: string, orgId: string): Promise<void> {
    await this.requireTenant(tenantId);
    if (!(await this.dataSource.getRepository(OrgEntity).existsBy({ id: orgId, tenantId }))) {
      throw ApiError.notFound('org_not_found', 'Org not found');
    }
  }
}
