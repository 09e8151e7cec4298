import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { AuthRevokedError, NotFoundError, type ProductInput, type RemoteProduct } from '@storebridge/contracts';
import { SYNC_CONNECTIONS, type SyncConnectionsPort, type SyncPorts } from '../ports/sync-connections.port';
import { SYNC_METRICS, type SyncMetricsPort } from '../ports/sync-metrics.port';
import type { DeliveryJobData } from '../queues/sync-queues';
import { describeError, isPermanent, retryAfterOf } from '../support/commerce-errors';
import { instrumentPorts } from '../support/instrumented-ports';
import { variantIdsBySku, withVariantIds } from '../support/payload-hash';
import { findInterruptedCreate, skusOf, UnverifiableCreateError, type CreateInFlight } from './create-in-flight.lookup';
import { DeliveryLedger, type LedgerKey, type LedgerRow, type LedgerWrite } from './delivery-ledger';

/** Another delivery of the same product to the same store is running: look again this much later. */
const BUSY_DELAY_MS = 500;

type Outcome = { status: 'succeeded' | 'skipped'; reason: string | null; remoteId: string | null };

/** This run of a delivery: its ledger key and the token that marks a create it starts. */
interface Run {
  key: LedgerKey;
  token: string;
  skus: string[];
  /** The marker the claim answered (this run's own when its token matches). */
  marker: CreateInFlight | null;
}

/**
 * One push to one store. The ledger row of (connection, product) is leased
 * for the call, so two deliveries of one product to one store never run at
 * once (in any worker process) and a retry sees the remote id the previous
 * attempt stored. Before the store is asked to create, the row records the
 * create in flight; a later run that finds one without a remote id (the
 * worker died between the store's answer and the ledger write) looks the
 * product up at the store and adopts it: a product is created at most once
 * per store.
 */
@Injectable()
export class DeliveryHandler {
  private readonly logger = new Logger('SyncDelivery');
  private readonly ledger: DeliveryLedger;

  constructor(
    dataSource: DataSource,
    @Inject(SYNC_CONNECTIONS) private readonly connections: SyncConnectionsPort,
    @Inject(SYNC_METRICS) private readonly metrics: SyncMetricsPort,
  ) {
    this.ledger = new DeliveryLedger(dataSource);
  }

  async handle(job: Job<DeliveryJobData>, token: string | undefined): Promise<Outcome> {
    const d = job.data;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const key: LedgerKey = { deliveryId: d.deliveryId, tenantId: d.tenantId, orgId: d.orgId, connectionId: d.connectionId, productId: d.productId, attempt, lease: `${job.id}` };
    // A fresh token per run (not per job): a run that resumes a crashed one must not take the crashed run's create for its own.
    const run: Run = { key, token: randomUUID(), skus: skusOf(d.input), marker: null };

    const claim = await this.ledger.claim(key, d.action === 'UPSERT' ? { token: run.token, skus: run.skus } : null);
    if (claim.kind === 'gone') return { status: 'skipped', reason: 'the push request no longer exists', remoteId: null };
    if (claim.kind === 'done') return { status: claim.status === 'succeeded' ? 'succeeded' : 'skipped', reason: 'already delivered', remoteId: claim.remoteId };
    if (claim.kind === 'busy') {
      if (token) {
        await job.moveToDelayed(Date.now() + BUSY_DELAY_MS, token);
        throw new DelayedError();
      }
      throw new Error('ledger row busy');
    }
    run.marker = claim.link.create_in_flight;

    try {
      const { outcome, write } = await this.deliver(d, claim.link, run);
      await this.ledger.record(key, write, { status: outcome.status, outcome: outcome.status, reason: outcome.reason, remoteId: outcome.remoteId });
      return outcome;
    } catch (e) {
      // A failed ledger write lands here too: the store may have acted, and the create marker says so to the retry.
      return this.failed(job, token, run, e, attempt >= maxAttempts);
    }
  }

  /** Records a failed attempt (the lease goes back) and turns it into what Bull should do next. */
  private async failed(job: Job<DeliveryJobData>, token: string | undefined, run: Run, e: unknown, last: boolean): Promise<never> {
    const d = job.data;
    // A create in flight stays recorded: the call that failed may have reached the store. Only a create
    // that could not be verified is handed to the operator (the reason says so): its marker goes, so the next push creates.
    const release: LedgerWrite = { kind: 'release', dropMarkerOf: e instanceof UnverifiableCreateError ? run.marker?.token : undefined };
    const wait = retryAfterOf(e);
    if (wait !== null && token) {
      // The provider said when to come back: wait that long instead of the backoff step.
      await this.ledger.record(run.key, release, { status: 'queued', outcome: 'throttled', reason: `rate limited; retrying in ${wait} ms`, remoteId: null });
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    const reason = describeError(e);
    if (isPermanent(e) || e instanceof UnrecoverableError) {
      await this.ledger.record(run.key, release, { status: 'failed', outcome: 'failed', reason, remoteId: null });
      if (e instanceof AuthRevokedError) this.logger.warn(`delivery to connection ${d.connectionId} refused: credentials revoked`);
      throw e instanceof UnrecoverableError ? e : new UnrecoverableError(reason);
    }
    await this.ledger.record(run.key, release, { status: last ? 'failed' : 'queued', outcome: 'error', reason: last ? reason : `attempt ${run.key.attempt} failed (${reason}); retrying`, remoteId: null });
    throw e;
  }

  private async deliver(d: DeliveryJobData, link: LedgerRow, run: Run): Promise<{ outcome: Outcome; write: LedgerWrite }> {
    const conn = { id: d.connectionId, tenantId: d.tenantId, orgId: d.orgId, provider: d.provider, status: 'ACTIVE' };
    const skip = (reason: string): { outcome: Outcome; write: LedgerWrite } => ({
      outcome: { status: 'skipped', reason, remoteId: link.remote_id },
      write: { kind: 'release', dropMarkerOf: run.token },
    });

    if (d.action === 'DELETE') {
      const interrupted = link.create_in_flight;
      if (!link.remote_id && !interrupted) return skip('not on this store');
      const remoteId = await this.connections.withPorts(conn, async (raw) => {
        const ports = instrumentPorts(raw, this.metrics);
        // A create that was interrupted may have left the product there: it goes too.
        const target = link.remote_id ?? (interrupted ? (await this.findInterrupted(ports, run, interrupted))?.remoteId : null) ?? null;
        if (target) await ports.products.delete(target);
        return target;
      });
      // Either way the map is cleared (the store was searched when there was no remote id): a later UPSERT creates the product again.
      if (!remoteId) return { outcome: { status: 'skipped', reason: 'not on this store', remoteId: null }, write: { kind: 'delete' } };
      return { outcome: { status: 'succeeded', reason: null, remoteId }, write: { kind: 'delete' } };
    }

    const input = d.input;
    if (!input) throw new UnrecoverableError('an UPSERT delivery without its payload');
    if (link.revision !== null && d.revision !== undefined && link.revision > d.revision) return skip('a newer revision was already pushed');
    if (link.remote_id && link.payload_hash === d.hash) return skip('unchanged since the last push');

    const { remote, reason } = await this.connections.withPorts(conn, async (raw) => {
      const ports = instrumentPorts(raw, this.metrics);
      if (!link.remote_id) return this.createOnce(ports, input, run);
      try {
        return { remote: await ports.products.update(link.remote_id, withVariantIds(input, link.variant_ids ?? {})), reason: 'updated' };
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        // Deleted at the store behind our back: create it again, recorded as in flight like any create.
        run.marker = await this.ledger.markCreate(run.key, { token: run.token, skus: run.skus });
        return this.createOnce(ports, input, run);
      }
    });
    return {
      outcome: { status: 'succeeded', reason, remoteId: remote.remoteId },
      write: { kind: 'store', remoteId: remote.remoteId, hash: d.hash ?? null, revision: d.revision ?? null, variantIds: variantIdsBySku(remote) },
    };
  }

  /**
   * Creates the product unless an earlier run's create may have made it
   * already: then the store is searched and a product found is adopted
   * (updated with this payload, which may be newer than the one it got).
   */
  private async createOnce(ports: SyncPorts, input: ProductInput, run: Run): Promise<{ remote: RemoteProduct; reason: string }> {
    if (run.marker && run.marker.token !== run.token) {
      const found = await this.findInterrupted(ports, run, run.marker);
      if (found) {
        this.logger.log(`delivery ${run.key.deliveryId}: adopted product ${found.remoteId} an interrupted create had left on connection ${run.key.connectionId}`);
        return { remote: await ports.products.update(found.remoteId, withVariantIds(input, variantIdsBySku(found))), reason: 'adopted' };
      }
    }
    return { remote: await ports.products.create(input), reason: 'created' };
  }

  private findInterrupted(ports: SyncPorts, run: Run, marker: CreateInFlight): Promise<RemoteProduct | null> {
    return findInterruptedCreate(ports.plugin, ports.products, marker, (ids) => this.ledger.linkedElsewhere(run.key, ids));
  }
}
