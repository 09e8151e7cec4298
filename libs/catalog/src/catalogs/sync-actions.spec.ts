import { ApiError } from '@storebridge/contracts';
import type { FilterSchema } from '@storebridge/catalog-filter';
import { parseSyncActions } from './sync-actions';

const schema: FilterSchema = { color: 'string', size: 'number', onSale: 'boolean', releasedAt: 'time' };

function error(actions: object[]): ApiError {
  try {
    parseSyncActions(actions, schema);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('parseSyncActions', () => {
  it('parses every action type, coercing filter values and storing times as epoch ms', () => {
    const parsed = parseSyncActions(
      [
        { type: 'ADD', payload: { sku: 'A', price: 1.5, product: { name: 'n' }, attributes: { color: 'red', releasedAt: '2024-01-01T00:00:00Z', onSale: null } } },
        { type: 'PATCH', payload: { sku: 'A', price: null, attributes: { size: 3, color: null }, createIfNotExists: true } },
        { type: 'PATCH_MANY', payload: { filters: [{ attr: 'size', op: 'gt', value: '45' }], attributes: { onSale: true } } },
        { type: 'REMOVE', payload: { sku: 'A' } },
        { type: 'REMOVE_MANY', payload: { filters: [], matchAll: true } },
      ],
      schema,
    );
    expect(parsed).toEqual([
      { type: 'ADD', index: 0, sku: 'A', price: 1.5, productName: 'n', attributes: { color: 'red', releasedAt: 1704067200000 }, replaceIfExists: false },
      { type: 'PATCH', index: 1, sku: 'A', price: null, productName: undefined, attributes: { size: 3, color: null }, createIfNotExists: true },
      { type: 'PATCH_MANY', index: 2, filters: [{ attr: 'size', op: 'GT', type: 'number', values: [45] }], attributes: { onSale: true } },
      { type: 'REMOVE', index: 3, sku: 'A' },
      { type: 'REMOVE_MANY', index: 4, filters: [] },
    ]);
  });

  it.each([
    [{ type: 'MERGE', payload: {} }, null, /unknown action type "MERGE"/],
    [{ payload: {} }, null, /unknown action type undefined/],
    [{ type: 'ADD', payload: { sku: 'A' }, note: 1 }, null, /unknown property "note"/],
    [{ type: 'ADD', payload: [] }, null, /payload must be an object/],
    [{ type: 'ADD', payload: {} }, 'sku', /non-empty string/],
    [{ type: 'ADD', payload: { sku: 'A', colour: 'x' } }, 'colour', /not a property of a ADD payload/],
    [{ type: 'ADD', payload: { sku: 'A', price: -1 } }, 'price', />= 0/],
    [{ type: 'ADD', payload: { sku: 'A', product: { name: 'x', brand: 'y' } } }, 'product.brand', /not a property of product/],
    [{ type: 'ADD', payload: { sku: 'A', attributes: { weight: 1 } } }, 'attributes.weight', /not a declared attribute/],
    [{ type: 'ADD', payload: { sku: 'A', attributes: { size: '45' } } }, 'attributes.size', /must be a number/],
    [{ type: 'ADD', payload: { sku: 'A', attributes: { releasedAt: '2024-01-01T10:00' } } }, 'attributes.releasedAt', /ISO 8601/],
    [{ type: 'ADD', payload: { sku: 'A', replaceIfExists: 'yes' } }, 'replaceIfExists', /boolean/],
    [{ type: 'PATCH_MANY', payload: { filters: [{ attr: 'color', op: 'EQ', value: 'x' }] } }, 'attributes', /at least one/],
    [{ type: 'REMOVE_MANY', payload: { filters: [] } }, 'filters', /matchAll/],
    [{ type: 'REMOVE_MANY', payload: {} }, 'filters', /matchAll/],
    [{ type: 'REMOVE_MANY', payload: { filters: [{ attr: 'color', op: 'EQ', value: 'x' }], matchAll: true } }, 'matchAll', /cannot be combined/],
    [{ type: 'REMOVE_MANY', payload: { filters: [{ attr: 'size', op: 'GT', value: 'big' }] } }, 'filters', /filters\[0\] \(size\): value "big" is not a number/],
    [{ type: 'REMOVE_MANY', payload: { filters: [{ attr: 'color', op: 'IN', value: 'a,,b' }] } }, 'filters', /IN has an empty value/],
    [{ type: 'REMOVE_MANY', payload: { filters: [{ attr: 'nope', op: 'EQ', value: 'a' }] } }, 'filters', /unknown attribute "nope"/],
  ])('%j is a 400 naming the field', (action, field, reason) => {
    const e = error([{ type: 'REMOVE', payload: { sku: 'ok' } }, action]);
    expect(e.status).toBe(400);
    expect(e.code).toBe('validation_failed');
    expect(e.details).toMatchObject({ index: 1, field });
    expect(e.message).toMatch(/^actions\[1\]/);
    expect(e.message).toMatch(reason);
  });
});
