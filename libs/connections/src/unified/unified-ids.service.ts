import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TenantScopedRepositories } from '@storebridge/tenancy';
import { RemoteIdEntity, type RemoteKind } from '../entities/remote-id.entity';

export interface UnifiedIdRow {
  id: string;
  createdAt: Date;
}

/** The persistent map (connection, kind, remote id) → unified UUID, so the same remote record keeps its id. */
@Injectable()
export class UnifiedIdsService {
  constructor(private readonly repos: TenantScopedRepositories) {}

  private get repo() {
    return this.repos.for(RemoteIdEntity);
  }

  /** Ids for a whole page at once: one insert that skips known rows, one select. */
  async ensure(connectionId: string, kind: RemoteKind, remoteIds: string[]): Promise<Map<string, UnifiedIdRow>> {
    const unique = [...new Set(remoteIds)];
    const out = new Map<string, UnifiedIdRow>();
    if (unique.length === 0) return out;
    const repo = this.repo;
    const { tenantId, orgId } = repo.scope;
    await repo.repository
      .createQueryBuilder()
      .insert()
      .into(RemoteIdEntity)
      .values(unique.map((remoteId) => ({ tenantId, orgId, connectionId, kind, remoteId })))
      .orIgnore()
      .execute();
    const rows = await repo.find({ where: { connectionId, kind, remoteId: In(unique) } });
    for (const r of rows) out.set(r.remoteId, { id: r.id, createdAt: r.createdAt });
    return out;
  }

  async remoteIdOf(connectionId: string, kind: RemoteKind, id: string): Promise<string | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    return (await this.repo.findOneBy({ connectionId, kind, id }))?.remoteId ?? null;
  }
}
