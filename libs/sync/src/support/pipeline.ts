interface Pending<I, O> {
  item: I;
  resolve(out: O): void;
  reject(e: unknown): void;
}

/**
 * Batches calls without waiting for a batch to fill: the calls made while a
 * batch is in flight go in the next one, together (at most `max`). A busy
 * process makes a few round trips instead of one a call; an idle one sends
 * each call at once (after the current turn of the event loop, so calls made
 * in the same turn already share one). A batch that fails is run again call
 * by call, so one bad call does not fail its neighbours.
 */
export class Pipeline<I, O> {
  private readonly pending: Array<Pending<I, O>> = [];
  private flushing = false;

  /** `run` answers one output per item, in the items' order. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly max = 100,
  ) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.max);
      try {
        const out = await this.run(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(out[i]));
      } catch (e) {
        if (batch.length === 1) batch[0].reject(e);
        else await Promise.all(batch.map((p) => this.run([p.item]).then(([out]) => p.resolve(out), p.reject)));
      }
    }
    this.flushing = false;
  }
}
