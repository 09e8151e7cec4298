import { ApiError } from '@storebridge/contracts';
import type { AddAction, PatchAction, RemoveAction } from './sync-actions';
import { SyncPlanner, mergeAttributes } from './sync-planner';

const add = (index: number, sku: string, over: Partial<AddAction> = {}): AddAction => ({
  type: 'ADD',
  index,
  sku,
  price: null,
  productName: null,
  attributes: {},
  replaceIfExists: false,
  ...over,
});
const patch = (index: number, sku: string, over: Partial<PatchAction> = {}): PatchAction => ({
  type: 'PATCH',
  index,
  sku,
  price: undefined,
  productName: undefined,
  attributes: {},
  createIfNotExists: false,
  ...over,
});
const remove = (index: number, sku: string): RemoveAction => ({ type: 'REMOVE', index, sku });

function planner(existing: string[], all: string[]): SyncPlanner {
  return new SyncPlanner(new Map(all.map((s) => [s, existing.includes(s)])));
}

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('SyncPlanner', () => {
  it('folds ADD then PATCHes of a new SKU into one insert with merged attributes', () => {
    const p = planner([], ['A']);
    expect(p.apply(add(0, 'A', { price: 5, attributes: { color: 'blue', size: 40 } }))).toBe('added');
    expect(p.apply(patch(1, 'A', { attributes: { size: 41, origin: 'fr' } }))).toBe('updated');
    expect(p.apply(patch(2, 'A', { attributes: { origin: null }, productName: 'boot' }))).toBe('updated');
    expect(p.flush()).toEqual({
      deletes: [],
      merges: [],
      upserts: [{ sku: 'A', price: 5, productName: 'boot', attributes: { color: 'blue', size: 41 }, recreate: false }],
      itemCountDelta: 1,
    });
  });

  it('combines PATCHes of an existing SKU into one merge, later values winning, nulls kept as removals', () => {
    const p = planner(['A'], ['A']);
    p.apply(patch(0, 'A', { attributes: { a: 1, b: 2 }, price: 3 }));
    p.apply(patch(1, 'A', { attributes: { b: null, c: 'x' } }));
    expect(p.flush()).toEqual({
      deletes: [],
      upserts: [],
      merges: [{ sku: 'A', price: 3, productName: undefined, attributes: { a: 1, b: null, c: 'x' } }],
      itemCountDelta: 0,
    });
  });

  it('ADD of an existing SKU is a conflict naming the index unless replaceIfExists', () => {
    const p = planner(['A'], ['A', 'B']);
    p.apply(add(0, 'B'));
    const e = thrown(() => p.apply(add(1, 'B')));
    expect(e.status).toBe(409);
    expect(e.details).toEqual({ index: 1, type: 'ADD', sku: 'B' });
    expect(p.apply(add(2, 'A', { replaceIfExists: true, attributes: { x: 1 } }))).toBe('updated');
  });

  it('PATCH and REMOVE of a missing SKU are not found, also after a REMOVE in the same batch', () => {
    const p = planner(['A'], ['A', 'Z']);
    expect(thrown(() => p.apply(patch(0, 'Z'))).status).toBe(404);
    expect(p.apply(remove(1, 'A'))).toBe('removed');
    const e = thrown(() => p.apply(remove(2, 'A')));
    expect(e.status).toBe(404);
    expect(e.message).toMatch(/^actions\[2\]: /);
    expect(p.apply(patch(3, 'Z', { createIfNotExists: true, attributes: { a: 1, b: null } }))).toBe('added');
    const batch = p.flush();
    expect(batch.deletes).toEqual(['A']);
    expect(batch.upserts).toEqual([{ sku: 'Z', price: null, productName: null, attributes: { a: 1 }, recreate: false }]);
    expect(batch.itemCountDelta).toBe(0);
  });

  it('REMOVE then ADD of a stored SKU replaces the row as a new item; ADD then REMOVE of a new SKU writes nothing', () => {
    const p = planner(['A'], ['A', 'N']);
    p.apply(remove(0, 'A'));
    expect(p.apply(add(1, 'A', { attributes: { c: 'w' } }))).toBe('added');
    p.apply(add(2, 'N'));
    p.apply(remove(3, 'N'));
    expect(p.flush()).toEqual({
      deletes: [],
      merges: [],
      upserts: [{ sku: 'A', price: null, productName: null, attributes: { c: 'w' }, recreate: true }],
      itemCountDelta: 0,
    });
  });

  it('after a flush the written state is the new baseline', () => {
    const p = planner([], ['A']);
    p.apply(add(0, 'A'));
    p.flush();
    expect(p.isEmpty).toBe(true);
    expect(thrown(() => p.apply(add(1, 'A'))).status).toBe(409);
    expect(p.apply(remove(2, 'A'))).toBe('removed');
    expect(p.flush()).toMatchObject({ deletes: ['A'], itemCountDelta: -1 });
  });

  it('refuses a SKU whose existence was not loaded (a caller bug, not a client error)', () => {
    expect(() => planner([], []).apply(add(0, 'X'))).toThrow(/not loaded/);
  });
});

describe('mergeAttributes', () => {
  it('sets values and removes null ones without touching the base', () => {
    const base = { a: 1, b: 'x' };
    expect(mergeAttributes(base, { b: null, c: true })).toEqual({ a: 1, c: true });
    expect(base).toEqual({ a: 1, b: 'x' });
  });
});
