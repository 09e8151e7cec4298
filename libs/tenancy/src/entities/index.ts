import { ApiTokenEntity } from './api-token.entity';
import { OrgEntity } from './org.entity';
import { TenantEntity } from './tenant.entity';

export { ApiTokenEntity, OrgEntity, TenantEntity };
export { TenantOwnedEntity } from './tenant-owned.entity';
export const TENANCY_ENTITIES = [TenantEntity, OrgEntity, ApiTokenEntity];
