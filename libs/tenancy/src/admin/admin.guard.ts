import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '@storebridge/contracts';
import { secretsEqual } from '../auth/api-token';
import { TENANCY_OPTIONS, type TenancyOptions } from '../tenancy.options';

/**
 * The admin API answers only to `Authorization: Bearer $ADMIN_TOKEN`. With no
 * ADMIN_TOKEN configured it does not exist (404), so an unconfigured install
 * exposes nothing.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions) {}

  canActivate(ctx: ExecutionContext): boolean {
    const adminToken = this.options.adminToken;
    if (!adminToken) throw ApiError.notFound('not_found', 'Not found');
    const req = ctx.switchToHttp().getRequest<Request>();
    const presented = adminCredential(req.headers.authorization);
    if (!presented || !secretsEqual(presented, adminToken)) {
      throw ApiError.unauthorized('unauthorized', 'Admin token required');
    }
    return true;
  }
}

/** The admin secret from `Bearer <token>`, or from Basic auth's password (browsers). */
export function adminCredential(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}
