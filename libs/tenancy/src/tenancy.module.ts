import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminController } from './admin/admin.controller';
import { AdminGuard } from './admin/admin.guard';
import { TenancyController } from './api/tenancy.controller';
import { TenantAuthGuard } from './auth/tenant-auth.guard';
import { TenantContext } from './context/tenant-context';
import { TenantScopedRepositories } from './context/tenant-scoped.repository';
import { TENANCY_ENTITIES } from './entities';
import { TenancyService } from './tenancy.service';
import { TENANCY_OPTIONS, type TenancyOptions } from './tenancy.options';

/**
 * Tenants, orgs, tokens, the auth guard (global) and the tenant context.
 * Global so every module can inject TenantContext and
 * TenantScopedRepositories. Needs ClsModule and TypeORM set up by the host.
 */
@Global()
@Module({})
export class TenancyModule {
  static forRoot(options: TenancyOptions): DynamicModule {
    return {
      module: TenancyModule,
      imports: [TypeOrmModule.forFeature(TENANCY_ENTITIES)],
      controllers: [TenancyController, AdminController],
      providers: [
        { provide: TENANCY_OPTIONS, useValue: options },
        TenancyService,
        TenantContext,
        TenantScopedRepositories,
        AdminGuard,
        { provide: APP_GUARD, useClass: TenantAuthGuard },
      ],
      exports: [TenancyService, TenantContext, TenantScopedRepositories, AdminGuard, TENANCY_OPTIONS],
    };
  }
}
