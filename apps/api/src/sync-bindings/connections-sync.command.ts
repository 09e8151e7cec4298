import type { INestApplicationContext } from '@nestjs/common';
import { ImportRunner, SYNC_CONNECTIONS, SyncJobsService, type ImportObject, type ImportProgress, type ImportSummary, type SyncConnectionsPort } from '@storebridge/sync';
import { TenantContext } from '@storebridge/tenancy';

export class CommandUsageError extends Error {}

/** A one-line progress bar on stderr: pages, records, records/s, throttle waits. */
class ProgressLine {
  private readonly started = performance.now();
  private throttles = 0;
  private throttleMs = 0;
  private readonly totals = new Map<ImportObject, ImportProgress>();

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  page(p: ImportProgress): void {
    this.totals.set(p.object, { ...p });
    this.draw();
  }

  throttle(ms: number): void {
    this.throttles++;
    this.throttleMs += ms;
    this.draw();
  }

  done(): void {
    this.draw();
    this.out.write('\n');
  }

  private draw(): void {
    const secs = (performance.now() - this.started) / 1000;
    const records = [...this.totals.values()].reduce((n, p) => n + p.records, 0);
    const parts = [...this.totals.values()].map((p) => `${p.object} ${p.done ? '✔' : '…'} ${p.pages} pages / ${p.records} records`);
    const spinner = '|/-\\'[Math.floor(secs * 4) % 4];
    const line = `${spinner} ${parts.join('  ')}  ${(records / Math.max(secs, 0.001)).toFixed(0)} records/s  throttled ${this.throttles}× (${(this.throttleMs / 1000).toFixed(1)} s)  ${secs.toFixed(1)} s`;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line}`);
    else this.out.write(`${line}\n`);
  }
}

/**
 * `connections:sync <connectionId> --objects products,orders [--full]`: an
 * import in the foreground (same runner, checkpoints and high-water marks as
 * the queued one), with progress, then a summary.
 */
export async function runConnectionSync(app: INestApplicationContext, args: Record<string, string | true>): Promise<ImportSummary & { seconds: number; recordsPerSecond: number }> {
  const connectionId = args._;
  if (typeof connectionId !== 'string') throw new CommandUsageError('the connection id is required');
  const objectsArg = typeof args.objects === 'string' ? args.objects : 'products,orders';
  const objects = objectsArg.split(',').map((o) => o.trim()).filter(Boolean);
  const bad = objects.filter((o) => o !== 'products' && o !== 'orders');
  if (bad.length || objects.length === 0) throw new CommandUsageError(`--objects takes products and/or orders (got ${objectsArg})`);
  const connections = app.get<SyncConnectionsPort>(SYNC_CONNECTIONS, { strict: false });
  const conn = await connections.findAny(connectionId);
  if (!conn) throw new CommandUsageError(`no connection ${connectionId}`);
  const started = performance.now();
  const progress = new ProgressLine();
  const summary = await app.get(TenantContext, { strict: false }).run({ tenantId: conn.tenantId, orgId: conn.orgId }, async () => {
    const { jobId } = await app
      .get(SyncJobsService, { strict: false })
      .requestImport(conn.id, { objects: objects as ImportObject[], mode: args.full === true ? 'full' : 'incremental' }, undefined, 'cli', true);
    return app.get(ImportRunner, { strict: false }).run(jobId, { onPage: (p) => progress.page(p), onThrottle: (ms) => progress.throttle(ms) });
  });
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const records = summary.objects.reduce((n, p) => n + p.records, 0);
  return { ...summary, seconds: Number(seconds.toFixed(2)), recordsPerSecond: Math.round(records / Math.max(seconds, 0.001)) };
}
