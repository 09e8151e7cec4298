import { attributeNameProblem, checkAttributes, presentAttributes } from './catalog-attributes';
import { attributeIndex, equalityIndexDefinition, equalityIndexName, numericIndexDefinition, numericIndexName } from './catalog-indexes';
import { decodeItemCursor, encodeItemCursor } from './item-cursor';

describe('catalog attributes', () => {
  it('accepts plain identifiers only, and not the item columns', () => {
    expect(attributeNameProblem('size_eu')).toBeNull();
    expect(attributeNameProblem('price')).toMatch(/reserved/);
    expect(attributeNameProblem("a'b")).toMatch(/letters/);
    expect(attributeNameProblem('9lives')).toMatch(/letters/);
  });

  it('drops nulls unless patching, and answers stored times as ISO strings', () => {
    const schema = { t: 'time', n: 'number' } as const;
    expect(checkAttributes({ t: 0, n: null }, schema, false)).toEqual({ ok: true, value: { t: 0 } });
    expect(checkAttributes({ n: null }, schema, true)).toEqual({ ok: true, value: { n: null } });
    expect(checkAttributes([], schema, true)).toMatchObject({ ok: false, field: 'attributes' });
    expect(presentAttributes({ t: 1704067200000, n: 2 }, schema)).toEqual({ t: '2024-01-01T00:00:00.000Z', n: 2 });
  });

  it('names range indexes after the attribute, hashing names too long for Postgres', () => {
    expect(numericIndexName('size')).toBe('ci_num_size');
    const long = 'a'.repeat(63);
    expect(numericIndexName(long).length).toBeLessThanOrEqual(63);
    expect(numericIndexName(long)).not.toBe(numericIndexName('a'.repeat(62) + 'b'));
    expect(numericIndexDefinition('size')).toContain(`(catalog_id, (CASE WHEN jsonb_typeof(attributes->'size') = 'number'`);
  });

  it('indexes string attributes for EQ in SKU order, numbers and times for ranges, booleans not at all', () => {
    expect(equalityIndexName('brand')).toBe('ci_eq_brand');
    expect(equalityIndexName('b'.repeat(63))).toHaveLength(63);
    expect(equalityIndexDefinition('brand')).toBe(
      `CREATE INDEX "ci_eq_brand" ON catalog_items (catalog_id, (attributes->'brand'), sku) WHERE (attributes->'brand') IS NOT NULL`,
    );
    expect(attributeIndex({ name: 'brand', type: 'string' })?.name).toBe('ci_eq_brand');
    expect(attributeIndex({ name: 'size', type: 'number' })?.name).toBe('ci_num_size');
    expect(attributeIndex({ name: 'releasedAt', type: 'time' })?.name).toBe('ci_num_releasedAt');
    expect(attributeIndex({ name: 'onSale', type: 'boolean' })).toBeNull();
  });

  it('item cursors round-trip and reject garbage', () => {
    expect(decodeItemCursor(encodeItemCursor('SKU/1:é'))).toBe('SKU/1:é');
    expect(() => decodeItemCursor('garbage')).toThrow(/cursor/);
  });
});
