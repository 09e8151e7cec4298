import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindManyOptions,
  FindOneOptions,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { ApiError } from '@storebridge/contracts';
import type { TenantOwnedEntity } from '../entities/tenant-owned.entity';
import { TenantContext, type TenantScope } from './tenant-context';

/**
 * The one place where tenant data is scoped (STYLE.md §7). Every read adds
 * the current tenant and org to its conditions; every write stamps them.
 * Services get one from TenantScopedRepositories.for(Entity) and never touch
 * a raw repository of a tenant-owned table.
 */
export class TenantScopedRepository<T extends TenantOwnedEntity & ObjectLiteral> {
  constructor(
    readonly repository: Repository<T>,
    private readonly scopeOf: () => TenantScope,
  ) {}

  get scope(): TenantScope {
    return this.scopeOf();
  }

  /** `where` with the tenant and org added. */
  where(where: FindOptionsWhere<T> = {}): FindOptionsWhere<T> {
    const { tenantId, orgId } = this.scope;
    return { ...where, tenantId, orgId } as FindOptionsWhere<T>;
  }

  find(options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.repository.find({ ...options, where: this.scopeWhere(options.where) });
  }

  findOne(options: FindOneOptions<T>): Promise<T | null> {
    return this.repository.findOne({ ...options, where: this.scopeWhere(options.where) });
  }

  findOneBy(where: FindOptionsWhere<T>): Promise<T | null> {
    return this.repository.findOneBy(this.where(where));
  }

  /** Like findOneBy, but a missing row (or another tenant's) is the given 404. */
  async getOneBy(where: FindOptionsWhere<T>, notFound: ApiError): Promise<T> {
    const row = await this.findOneBy(where);
    if (!row) throw notFound;
    return row;
  }

  count(where: FindOptionsWhere<T> = {}): Promise<number> {
    return this.repository.countBy(this.where(where));
  }

  /** A new entity stamped with the current tenant and org (not saved yet). */
  create(data: DeepPartial<T>): T {
    const { tenantId, orgId } = this.scope;
    return this.repository.create({ ...data, tenantId, orgId } as DeepPartial<T>);
  }

  async save(entity: T): Promise<T>;
  async save(entities: T[]): Promise<T[]>;
  async save(entity: T | T[]): Promise<T | T[]> {
    const { tenantId, orgId } = this.scope;
    for (const e of Array.isArray(entity) ? entity : [entity]) {
      if ((e.tenantId && e.tenantId !== tenantId) || (e.orgId && e.orgId !== orgId)) {
        throw new ApiError(500, 'tenant_scope_violation', 'Refusing to write a row of another tenant');
      }
      e.tenantId = tenantId;
      e.orgId = orgId;
    }
    return this.repository.save(entity as T);
  }

  async delete(where: FindOptionsWhere<T>): Promise<number> {
    const result = await this.repository.delete(this.where(where));
    return result.affected ?? 0;
  }

  /** A query builder that already has `alias.tenant_id` and `alias.org_id` conditions. */
  qb(alias: string): SelectQueryBuilder<T> {
    const { tenantId, orgId } = this.scope;
    return this.repository
      .createQueryBuilder(alias)
      .where(`${alias}.tenantId = :__tenantId AND ${alias}.orgId = :__orgId`, {
        __tenantId: tenantId,
        __orgId: orgId,
      });
  }

  /** The same scoped repository inside a transaction. */
  withManager(manager: EntityManager): TenantScopedRepository<T> {
    return new TenantScopedRepository(manager.getRepository<T>(this.repository.target), this.scopeOf);
  }

  private scopeWhere(where: FindManyOptions<T>['where']): FindOptionsWhere<T> | FindOptionsWhere<T>[] {
    if (Array.isArray(where)) return where.map((w) => this.where(w));
    return this.where((where ?? {}) as FindOptionsWhere<T>);
  }
}

@Injectable()
export class TenantScopedRepositories {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: TenantContext,
  ) {}

  for<T extends TenantOwnedEntity>(entity: EntityTarget<T>, manager?: EntityManager): TenantScopedRepository<T> {
    const repo = (manager ?? this.dataSource.manager).getRepository<T>(entity);
    return new TenantScopedRepository<T>(repo, () => this.context.scope);
  }
}
