import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, MoreThan, Not, type EntityManager } from 'typeorm';
import { ApiError, type Credentials } from '@storebridge/contracts';
import { TenantContext, TenantScopedRepositories, type TenantScope } from '@storebridge/tenancy';
import type { ConnectionSettings } from '../connections/connection-settings';
import { OAuthStateEntity } from '../entities/oauth-state.entity';
import { CredentialVault } from '../vault/credential-vault';
import { KeyRing } from '../vault/key-ring';
import { signState, verifyState, type StatePayload } from './state-token';

/** How long a connect `state` stays valid. */
export const STATE_TTL_MS = 10 * 60_000;

/** The key ring sub-key that signs states. */
const STATE_KEY_PURPOSE = 'oauth-state';

/** The where-clause of an attempt that can still be used: not used and not expired. */
const pending = () => ({ usedAt: IsNull(), expiresAt: MoreThan(new Date()) });

export const invalidState = (message = 'The state is invalid'): ApiError => ApiError.badRequest('invalid_state', message);

export type NewState = Pick<StatePayload, 'provider' | 'category' | 'redirectUri' | 'store'> & {
  matchKey?: string | null;
  /** Checked against the provider's plugin by the caller; `{}` when none. */
  settings?: ConnectionSettings;
};

/**
 * The connect attempts (`oauth_states` rows) behind every flow: issued as a
 * signed, expiring `state`, used once, and for the flows that need it
 * matched by store (callbacks without state) or holding keys a provider
 * delivered until the browser comes back.
 */
@Injectable()
export class ConnectStates {
  constructor(
    private readonly keys: KeyRing,
    private readonly context: TenantContext,
    private readonly repos: TenantScopedRepositories,
    private readonly dataSource: DataSource,
    private readonly vault: CredentialVault,
  ) {}

  private repo(manager?: EntityManager) {
    return this.repos.for(OAuthStateEntity, manager);
  }

  /** A new attempt of the current org; its signed token. */
  async issue(data: NewState): Promise<string> {
    const repo = this.repo();
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    const row = await repo.save(
      repo.create({
        provider: data.provider,
        category: data.category,
        redirectUri: data.redirectUri,
        storeIdentifier: data.store,
        matchKey: data.matchKey ?? null,
        settings: data.settings ?? {},
        expiresAt,
        usedAt: null,
      }),
    );
    const { tenantId, orgId } = this.context.scope;
    const payload: StatePayload = { sid: row.id, tenantId, orgId, provider: data.provider, category: data.category, redirectUri: data.redirectUri, store: data.store, exp: expiresAt.getTime() };
    return signState(payload, this.keys.derive(STATE_KEY_PURPOSE));
  }

  /** A token's payload if its signature and expiry hold (does not use it up). */
  peek(token: string | undefined | null): StatePayload {
    const check = verifyState(token, this.keys.deriveAll(STATE_KEY_PURPOSE));
    if (!check.ok) throw invalidState(check.reason === 'expired' ? 'The state has expired; start the connection again' : 'The state is invalid');
    return check.payload;
  }

  /** Runs `fn` as the tenant the attempt belongs to. */
  asTenant<T>(payload: StatePayload, fn: () => Promise<T>): Promise<T> {
    const scope: TenantScope = { tenantId: payload.tenantId, orgId: payload.orgId };
    return this.context.run(scope, fn);
  }

  /**
   * The connection settings the attempt was started with. They stay on the
   * row, not in the signed token: it travels in URLs (and to the store, as
   * WooCommerce's user_id). Call inside asTenant.
   */
  async settingsOf(payload: StatePayload): Promise<ConnectionSettings> {
    return (await this.repo().findOne({ where: { id: payload.sid }, select: { id: true, settings: true } }))?.settings ?? {};
  }

  /** Marks the attempt used; a second use (or an unknown or expired row) is refused. Call inside asTenant. */
  async consume(payload: StatePayload): Promise<void> {
    const repo = this.repo();
    // One conditional UPDATE: of two concurrent uses exactly one matches.
    const result = await repo.repository.update(repo.where({ id: payload.sid, ...pending() }), { usedAt: new Date() });
    if (!result.affected) throw invalidState('The state was already used; start the connection again');
  }

  // --- callbacks without state ----------------------------------------------

  /**
   * The one pending attempt of `provider` for the store `matchKey` names, as
   * a state payload. The callback names no tenant, so this looks across
   * tenants: when attempts of two orgs wait for the same store, nobody can
   * tell whose the callback is, and neither gets it.
   */
  async pendingForStore(provider: string, matchKey: string): Promise<StatePayload> {
    const rows = await this.dataSource.getRepository(OAuthStateEntity).find({
      where: { provider, matchKey, ...pending() },
      order: { createdAt: 'DESC' },
      take: 20,
    });
    if (rows.length === 0) throw invalidState('No connect attempt for this store is pending (it was completed, or it expired); start the connection again');
    const orgs = new Set(rows.map((r) => `${r.tenantId}/${r.orgId}`));
    if (orgs.size > 1) throw ApiError.conflict('ambiguous_store', 'More than one account is connecting this store at once; start the connection again');
    const row = rows[0];
    return {
      sid: row.id,
      tenantId: row.tenantId,
      orgId: row.orgId,
      provider: row.provider,
      category: row.category,
      redirectUri: row.redirectUri,
      store: row.storeIdentifier,
      exp: row.expiresAt.getTime(),
    };
  }

  /** Uses up every pending attempt of the current org for that store, so the callback cannot be replayed against an older one. */
  async consumeForStore(provider: string, matchKey: string): Promise<void> {
    const repo = this.repo();
    const result = await repo.repository.update(repo.where({ provider, matchKey, ...pending() }), { usedAt: new Date() });
    if (!result.affected) throw invalidState('The connect attempt for this store was already completed; start the connection again');
  }

  // --- keys delivered out of band ----------------------------------------------

  /**
   * The provider's delivery: uses the attempt up and keeps the keys sealed
   * on it, in one conditional UPDATE (an unknown, expired or used attempt
   * stores nothing). Call inside asTenant.
   */
  async holdKeys(payload: StatePayload, credentials: Credentials): Promise<void> {
    const repo = this.repo();
    const sealed = this.vault.seal(payload.sid, credentials, 'oauth-state');
    const result = await repo.repository.update(repo.where({ id: payload.sid, ...pending() }), {
      usedAt: new Date(),
      credentialsEnc: sealed.envelope,
      keyId: sealed.keyId,
    });
    if (!result.affected) throw invalidState('The state is unknown, expired or already used');
    // Keys whose merchant never came back are of no use to anyone: wipe them once their attempt has expired (any tenant's).
    await this.dataSource.getRepository(OAuthStateEntity).update({ credentialsEnc: Not(IsNull()), expiresAt: LessThan(new Date()) }, { credentialsEnc: null, keyId: null });
  }

  /**
   * The browser's return: ends the attempt once and hands back the keys it
   * held (null when none were delivered), wiping them from the row. A second
   * return is refused. Call inside asTenant.
   */
  async completeReturn(payload: StatePayload): Promise<Credentials | null> {
    const envelope = await this.dataSource.transaction(async (manager) => {
      const repo = this.repo(manager);
      const row = await repo.qb('s').andWhere('s.id = :id', { id: payload.sid }).setLock('pessimistic_write').getOne();
      if (!row || row.completedAt) throw invalidState('The state was already used; start the connection again');
      const held = row.credentialsEnc;
      const now = new Date();
      row.completedAt = now;
      row.usedAt ??= now;
      row.credentialsEnc = null;
      row.keyId = null;
      await repo.save(row);
      return held;
    });
    return envelope ? this.vault.open(payload.sid, envelope, 'oauth-state') : null;
  }
}
