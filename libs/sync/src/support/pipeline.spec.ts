import { Pipeline } from './pipeline';

describe('Pipeline', () => {
  it('sends the calls of one turn together, and the calls made meanwhile in the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const pipeline = new Pipeline<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((i) => i * 10);
    });
    const first = [pipeline.push(1), pipeline.push(2)];
    await new Promise((r) => setImmediate(r));
    // The first batch is in flight: these wait for it, then go together.
    const later = [pipeline.push(3), pipeline.push(4), pipeline.push(5)];
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('keeps batches within the maximum', async () => {
    const sizes: number[] = [];
    const pipeline = new Pipeline<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => pipeline.push(i)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('runs a failed batch call by call: only the bad call fails', async () => {
    const pipeline = new Pipeline<number, number>(async (items) => {
      if (items.includes(2)) throw new Error(`bad batch ${items.join(',')}`);
      return items;
    });
    const results = await Promise.allSettled([1, 2, 3].map((i) => pipeline.push(i)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('bad batch 2') },
      { status: 'fulfilled', value: 3 },
    ]);
  });
});
