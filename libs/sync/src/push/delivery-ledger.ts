import type { DataSource } from 'typeorm';
import { Pipeline } from '../support/pipeline';
import { returning } from '../support/sql';
import type { DeliveryStatus } from '../entities/sync-delivery.entity';
import type { CreateInFlight } from './create-in-flight.lookup';

/** How long a delivery holds its (connection, product) ledger row; a crashed holder's lease runs out. */
export const LEASE_SECONDS = 120;

/** The (connection, product) ledger row as a claimed delivery sees it. */
export interface LedgerRow {
  remote_id: string | null;
  payload_hash: string | null;
  revision: number | null;
  variant_ids: Record<string, string>;
  create_in_flight: CreateInFlight | null;
}

export type Claim =
  /** The delivery row is gone (its request was deleted): nothing to do. */
  | { kind: 'gone' }
  /** The delivery already finished (a duplicate run of its job): nothing to do. */
  | { kind: 'done'; status: DeliveryStatus; remoteId: string | null }
  /** Another delivery of the product to the store holds the lease (recorded as a `busy` attempt). */
  | { kind: 'busy' }
  | { kind: 'claimed'; link: LedgerRow };

/** Who asks: the delivery row, its attempt, and the lease owner (the Bull job: a retry of it may take back its own lease). */
export interface LedgerKey {
  deliveryId: string;
  tenantId: string;
  orgId: string;
  connectionId: string;
  productId: string;
  attempt: number;
  lease: string;
}

/** What the statement that records an attempt does to the ledger row. */
export type LedgerWrite =
  /** A product is on the store: its id, what was sent, and its variants' ids by SKU. */
  | { kind: 'store'; remoteId: string; hash: string | null; revision: number | null; variantIds: Record<string, string> }
  /** Deleted at the store: the map is cleared, a later UPSERT creates it again. */
  | { kind: 'delete' }
  /**
   * Nothing changed at the store: give the lease back, and drop the create
   * marker whose token is `dropMarkerOf` (one this run set and did not use,
   * or one whose create could not be verified and is left to the operator).
   */
  | { kind: 'release'; dropMarkerOf?: string };

export interface AttemptRecord {
  /** The delivery row's status after this attempt. */
  status: DeliveryStatus;
  /** This attempt's outcome in the attempt log (succeeded, skipped, failed, error, throttled, busy). */
  outcome: string;
  reason: string | null;
  remoteId: string | null;
}

const FINAL = `('succeeded', 'skipped')`;
type Marker = { token: string; skus: string[] } | null;

interface ClaimCall {
  k: LedgerKey;
  marker: Marker;
}

interface RecordCall {
  k: LedgerKey;
  write: LedgerWrite;
  r: AttemptRecord;
}


/**
 * The push ledger's SQL: two statements per delivery on the common path.
 * `claim` marks the delivery running, takes the lease on the ledger row and
 * (for a create) records the create in flight, in one statement; `record`
 * stores the outcome on the ledger row, the delivery row and the attempt
 * log, in one statement. Both are pipelined (support/pipeline.ts): the
 * claims, and the outcomes, a worker makes while one statement is in flight
 * share the next multi-row statement, so a busy worker waits for a few
 * commits (WAL flushes) instead of one a call.
 */
export class DeliveryLedger {
  private readonly claims = new Pipeline<ClaimCall, Claim>((calls) => this.claimMany(calls));
  private readonly records = new Pipeline<RecordCall, void>(async (calls) => {
    await this.recordMany(calls);
    return calls.map(() => undefined);
  });

  constructor(private readonly dataSource: DataSource) {}

  /**
   * `marker`: this run's token and the payload's SKUs for an UPSERT. Where
   * the row has no remote id, the claim records it as the create in flight
   * unless one is recorded already (the caller compares the token it gets
   * back: another token means an earlier run may have created the product).
   */
  claim(k: LedgerKey, marker: Marker): Promise<Claim> {
    return this.claims.push({ k, marker });
  }

  /**
   * Claims in one statement, each answered as if alone: where several want
   * one ledger row, the first in the batch takes it and the others find it
   * busy. Rows are locked in ledger-row order, so batches that share rows
   * (other workers) do not deadlock.
   */
  private async claimMany(calls: ClaimCall[]): Promise<Claim[]> {
    const col = <T>(f: (c: ClaimCall) => T): T[] => calls.map(f);
    const rows: Array<{ delivery_status: DeliveryStatus | null; delivery_remote_id: string | null; claimed: boolean } & LedgerRow> = await this.dataSource.query(
      `WITH i AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::jsonb[]) WITH ORDINALITY
           AS t(delivery_id, attempt, tenant_id, org_id, connection_id, product_id, lease, token, skus, n)
       ),
       d AS (
         SELECT s.id, s.status, s.remote_id FROM sync_deliveries s WHERE s.id IN (SELECT delivery_id FROM i)
       ),
       cand AS (
         SELECT DISTINCT ON (i.connection_id, i.product_id) i.* FROM i JOIN d ON d.id = i.delivery_id
         WHERE d.status NOT IN ${FINAL}
         ORDER BY i.connection_id, i.product_id, i.n
       ),
       claim AS (
         INSERT INTO sync_product_links AS l (tenant_id, org_id, connection_id, product_id, lease_owner, lease_until, create_in_flight)
         SELECT tenant_id, org_id, connection_id, product_id, lease, now() + make_interval(secs => $10),
                CASE WHEN token IS NULL THEN NULL ELSE jsonb_build_object('token', token, 'skus', skus, 'at', now()) END
         FROM cand ORDER BY connection_id, product_id
         ON CONFLICT (connection_id, product_id) DO UPDATE SET
           lease_owner = EXCLUDED.lease_owner,
           lease_until = EXCLUDED.lease_until,
           create_in_flight = CASE WHEN l.remote_id IS NULL AND l.create_in_flight IS NULL THEN EXCLUDED.create_in_flight ELSE l.create_in_flight END
         WHERE l.lease_until IS NULL OR l.lease_until < now() OR l.lease_owner = EXCLUDED.lease_owner
         RETURNING l.connection_id, l.product_id, l.remote_id, l.payload_hash, l.revision, l.variant_ids, l.create_in_flight
       ),
       won AS (
         SELECT cand.delivery_id, claim.* FROM cand JOIN claim ON claim.connection_id = cand.connection_id AND claim.product_id = cand.product_id
       ),
       run AS (
         UPDATE sync_deliveries s SET
           status = CASE WHEN won.delivery_id IS NULL THEN 'queued' ELSE 'running' END,
           reason = CASE WHEN won.delivery_id IS NULL THEN 'another delivery of this product to this store is running' ELSE s.reason END,
           attempts = i.attempt, updated_at = now()
         FROM i LEFT JOIN won ON won.delivery_id = i.delivery_id
         WHERE s.id = i.delivery_id AND s.status NOT IN ${FINAL}
         RETURNING s.id, s.status, i.attempt
       ),
       busy AS (
         INSERT INTO sync_delivery_attempts (delivery_id, attempt, outcome, message)
         SELECT id, attempt, 'busy', 'another delivery of this product to this store is running' FROM run WHERE run.status = 'queued'
       )
       SELECT d.status AS delivery_status, d.remote_id AS delivery_remote_id, won.delivery_id IS NOT NULL AS claimed,
              won.remote_id, won.payload_hash, won.revision, won.variant_ids, won.create_in_flight
       FROM i LEFT JOIN d ON d.id = i.delivery_id LEFT JOIN won ON won.delivery_id = i.delivery_id
       ORDER BY i.n`,
      [
        col((c) => c.k.deliveryId),
        col((c) => c.k.attempt),
        col((c) => c.k.tenantId),
        col((c) => c.k.orgId),
        col((c) => c.k.connectionId),
        col((c) => c.k.productId),
        col((c) => c.k.lease),
        col((c) => c.marker?.token ?? null),
        col((c) => JSON.stringify(c.marker?.skus ?? [])),
        LEASE_SECONDS,
      ],
    );
    return rows.map((row): Claim => {
      if (!row.delivery_status) return { kind: 'gone' };
      if (row.delivery_status === 'succeeded' || row.delivery_status === 'skipped') return { kind: 'done', status: row.delivery_status, remoteId: row.delivery_remote_id };
      if (!row.claimed) return { kind: 'busy' };
      const { remote_id, payload_hash, revision, variant_ids, create_in_flight } = row;
      return { kind: 'claimed', link: { remote_id, payload_hash, revision, variant_ids: variant_ids ?? {}, create_in_flight } };
    });
  }

  /**
   * Records a create in flight on a row that has a remote id the store no
   * longer knows (deleted there behind our back), unless one is recorded;
   * answers the recorded one.
   */
  async markCreate(k: LedgerKey, marker: { token: string; skus: string[] }): Promise<CreateInFlight> {
    const [row] = await returning<{ create_in_flight: CreateInFlight }>(
      this.dataSource,
      `UPDATE sync_product_links SET create_in_flight = coalesce(create_in_flight, jsonb_build_object('token', $4::text, 'skus', to_jsonb($5::text[]), 'at', now()))
       WHERE connection_id = $1 AND product_id = $2 AND lease_owner = $3
       RETURNING create_in_flight`,
      [k.connectionId, k.productId, k.lease, marker.token, marker.skus],
    );
    if (!row) throw new Error('the ledger row lost its lease');
    return row.create_in_flight;
  }

  /** Remote ids among `remoteIds` that the ledger maps to another product of this connection. */
  async linkedElsewhere(k: LedgerKey, remoteIds: string[]): Promise<Set<string>> {
    if (remoteIds.length === 0) return new Set();
    const rows: Array<{ remote_id: string }> = await this.dataSource.query(
      `SELECT remote_id FROM sync_product_links WHERE connection_id = $1 AND remote_id = ANY($2::text[]) AND product_id <> $3`,
      [k.connectionId, remoteIds, k.productId],
    );
    return new Set(rows.map((r) => r.remote_id));
  }

  /**
   * Records one attempt's outcome: the ledger row (`write`), the delivery
   * row and the attempt log. A delivery that already succeeded or was
   * skipped keeps its status (a duplicate run cannot downgrade it).
   *
   * The attempts recorded while a statement is in flight go in the next
   * one, together.
   */
  record(k: LedgerKey, write: LedgerWrite, r: AttemptRecord): Promise<void> {
    return this.records.push({ k, write, r });
  }

  private async recordMany(batch: RecordCall[]): Promise<void> {
    const col = <T>(f: (p: RecordCall) => T): T[] => batch.map(f);
    const stored = (p: RecordCall) => (p.write.kind === 'store' ? p.write : null);
    // Only the ledger writes the batch has: Postgres plans each statement it is sent, CTEs that touch nothing included.
    const writes = new Set(batch.map((p) => p.write.kind));
    const ledger = [
      writes.has('store') &&
        `stored AS (
         UPDATE sync_product_links l SET remote_id = i.new_remote_id, payload_hash = i.hash, revision = i.revision, variant_ids = i.variant_ids, create_in_flight = NULL,
           lease_owner = CASE WHEN l.lease_owner = i.lease THEN NULL ELSE l.lease_owner END,
           lease_until = CASE WHEN l.lease_owner = i.lease THEN NULL ELSE l.lease_until END, updated_at = now()
         FROM i WHERE i.write = 'store' AND l.connection_id = i.connection_id AND l.product_id = i.product_id
       )`,
      writes.has('release') &&
        `released AS (
         UPDATE sync_product_links l SET lease_owner = NULL, lease_until = NULL,
           create_in_flight = CASE WHEN l.create_in_flight ->> 'token' = i.drop_marker THEN NULL ELSE l.create_in_flight END
         FROM i WHERE i.write = 'release' AND l.connection_id = i.connection_id AND l.product_id = i.product_id AND l.lease_owner = i.lease
       )`,
      writes.has('delete') &&
        `deleted AS (
         DELETE FROM sync_product_links l USING i WHERE i.write = 'delete' AND l.connection_id = i.connection_id AND l.product_id = i.product_id
       )`,
    ].filter((cte): cte is string => typeof cte === 'string');
    await this.dataSource.query(
      `WITH i AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::text[],
                              $10::text[], $11::text[], $12::text[], $13::int[], $14::jsonb[], $15::text[])
           AS t(delivery_id, status, attempt, reason, remote_id, outcome, connection_id, product_id, lease,
                write, new_remote_id, hash, revision, variant_ids, drop_marker)
       ),
       ${ledger.join(',\n       ')},
       d AS (
         UPDATE sync_deliveries s SET status = i.status, attempts = i.attempt, reason = i.reason, remote_id = coalesce(i.remote_id, s.remote_id), updated_at = now()
         FROM i WHERE s.id = i.delivery_id AND s.status NOT IN ${FINAL}
         RETURNING s.id, i.attempt, i.outcome, i.reason
       )
       INSERT INTO sync_delivery_attempts (delivery_id, attempt, outcome, message) SELECT id, attempt, outcome, reason FROM d`,
      [
        col((p) => p.k.deliveryId),
        col((p) => p.r.status),
        col((p) => p.k.attempt),
        col((p) => p.r.reason),
        col((p) => p.r.remoteId),
        col((p) => p.r.outcome),
        col((p) => p.k.connectionId),
        col((p) => p.k.productId),
        col((p) => p.k.lease),
        col((p) => p.write.kind),
        col((p) => stored(p)?.remoteId ?? null),
        col((p) => stored(p)?.hash ?? null),
        col((p) => stored(p)?.revision ?? null),
        col((p) => {
          const w = stored(p);
          return w ? JSON.stringify(w.variantIds) : null;
        }),
        col((p) => (p.write.kind === 'release' ? (p.write.dropMarkerOf ?? null) : null)),
      ],
    );
  }
}
