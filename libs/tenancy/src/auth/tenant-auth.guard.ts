import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '@storebridge/contracts';
import { TenancyService } from '../tenancy.service';
import { TenantContext } from '../context/tenant-context';
import { IS_PUBLIC } from './public.decorator';

/** Paths whose every route needs a token and the tenancy headers (reference 002). */
const GUARDED_PREFIXES = ['/api/', '/unified/', '/v1/'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * `Authorization: Bearer <token>`, `X-Tenant-ID` and `X-Org-ID` on every
 * guarded route. No or unknown token → 401; malformed headers → 400; a token
 * of another tenant or org → 403. On success the scope enters the
 * TenantContext for the rest of the request.
 */
@Injectable()
export class TenantAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenancy: TenancyService,
    private readonly context: TenantContext,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!GUARDED_PREFIXES.some((p) => req.path.startsWith(p))) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;

    const match = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
    if (!match) throw ApiError.unauthorized('unauthorized', 'Missing bearer token');

    const tenantId = header(req, 'x-tenant-id');
    const orgId = header(req, 'x-org-id');
    for (const [name, value] of [
      ['X-Tenant-ID', tenantId],
      ['X-Org-ID', orgId],
    ] as const) {
      if (!value) throw ApiError.badRequest('missing_header', `${name} header is required`);
      if (!UUID.test(value)) throw ApiError.badRequest('invalid_header', `${name} must be a UUID`);
    }

    const token = await this.tenancy.authenticate(match[1]);
    if (!token) throw ApiError.unauthorized('unauthorized', 'Invalid or revoked token');
    if (token.tenantId !== tenantId?.toLowerCase() || token.orgId !== orgId?.toLowerCase()) {
      throw ApiError.forbidden('forbidden', 'Token does not belong to this tenant and org');
    }
    this.context.enter({ tenantId: token.tenantId, orgId: token.orgId, tokenId: token.tokenId });
    return true;
  }
}
