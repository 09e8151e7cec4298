import { FilterCompileError, columns, isSafeJsonbKey, jsonbAttributes, jsonbNumericExpression, jsonbValueExpression } from './column-resolver';
import type { FilterSchema, TypedFilter } from './filter.types';
import { toSql } from './to-sql';
import { validate } from './validate';

const schema: FilterSchema = {
  productType: 'string',
  price: 'number',
  active: 'boolean',
  createdTimestamp: 'time',
  size: 'number',
  color: 'string',
  'odd key': 'number',
  "x') OR TRUE --": 'string',
};

function typed(filters: unknown[]): TypedFilter[] {
  const result = validate(filters, schema);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.filters;
}

const real = columns({
  productType: 'p.product_type',
  price: 'p.price',
  active: '"p"."is_active"',
  createdTimestamp: 'p.created_at_epoch',
});
const jsonb = jsonbAttributes('ci.attributes');

describe('toSql', () => {
  it('is TRUE without filters', () => {
    expect(toSql([], real)).toEqual({ sql: 'TRUE', params: [] });
  });

  describe('real columns', () => {
    it.each([
      ['EQ', '='],
      ['LT', '<'],
      ['LE', '<='],
      ['GT', '>'],
      ['GE', '>='],
    ])('%s compiles to %s with a typed parameter', (op, sqlOp) => {
      expect(toSql(typed([{ attr: 'price', op, value: '45' }]), real)).toEqual({
        sql: `(p.price ${sqlOp} $1::bigint)`,
        params: [45],
      });
    });
    it('types fractional numbers as numeric', () => {
      expect(toSql(typed([{ attr: 'price', op: 'GT', value: '4.5' }]), real).sql).toBe('(p.price > $1::numeric)');
    });
    it('compiles IN to = ANY of a typed array parameter', () => {
      expect(toSql(typed([{ attr: 'productType', op: 'IN', value: 'shoes,hats' }]), real)).toEqual({
        sql: '(p.product_type = ANY($1::text[]))',
        params: [['shoes', 'hats']],
      });
      expect(toSql(typed([{ attr: 'price', op: 'IN', value: '1,2.5' }]), real).sql).toBe(
        '(p.price = ANY($1::numeric[]))',
      );
    });
    it('compiles booleans and times', () => {
      expect(
        toSql(
          typed([
            { attr: 'active', op: 'EQ', value: 'true' },
            { attr: 'createdTimestamp', op: 'GE', value: '2024-01-01T00:00:00Z' },
          ]),
          real,
          3,
        ),
      ).toEqual({
        sql: '("p"."is_active" = $3::boolean) AND (p.created_at_epoch >= $4::bigint)',
        params: [true, Date.UTC(2024, 0, 1)],
      });
    });
    it('sends attributes without a column to the fallback, or refuses them', () => {
      const filters = typed([{ attr: 'size', op: 'EQ', value: 1 }]);
      expect(() => toSql(filters, real)).toThrow(new FilterCompileError('no column declared for attribute "size"'));
      expect(toSql(filters, columns({ price: 'p.price' }, jsonb)).sql).toBe('(ci.attributes @> $1::jsonb)');
    });
    it('takes a raw expression only when asked for one, and refuses non-identifiers', () => {
      const created = columns({ createdTimestamp: { sql: 'extract(epoch from p.created_at) * 1000' } });
      expect(toSql(typed([{ attr: 'createdTimestamp', op: 'LT', value: 0 }]), created).sql).toBe(
        '((extract(epoch from p.created_at) * 1000) < $1::bigint)',
      );
      expect(() => columns({ price: 'p.price; DROP TABLE p' })).toThrow(FilterCompileError);
      expect(() => columns({ price: 'p."pri"ce"' })).toThrow(FilterCompileError);
    });
  });

  describe('JSONB attributes', () => {
    it('compiles EQ to containment with the name inside the parameter', () => {
      expect(toSql(typed([{ attr: 'color', op: 'EQ', value: 'blue' }]), jsonb)).toEqual({
        sql: '(ci.attributes @> $1::jsonb)',
        params: ['{"color":"blue"}'],
      });
      expect(toSql(typed([{ attr: 'size', op: 'EQ', value: '45' }]), jsonb).params).toEqual(['{"size":45}']);
    });
    it('compiles IN to containment of any member', () => {
      expect(toSql(typed([{ attr: 'size', op: 'IN', value: '40,41' }]), jsonb)).toEqual({
        sql: '(ci.attributes @> ANY($1::jsonb[]))',
        params: [['{"size":40}', '{"size":41}']],
      });
    });
    it('compiles ranges on the guarded numeric view of the key', () => {
      expect(toSql(typed([{ attr: 'size', op: 'GT', value: '45' }]), jsonb)).toEqual({
        sql:
          "((CASE WHEN jsonb_typeof(ci.attributes->'size') = 'number' THEN (ci.attributes->>'size')::numeric END)" +
          ' > $1::bigint)',
        params: [45],
      });
    });
    it('keeps any attribute name out of the SQL text for EQ and IN', () => {
      const name = "x') OR TRUE --";
      const { sql, params } = toSql(typed([{ attr: name, op: 'IN', value: 'a' }]), jsonb);
      expect(sql).toBe('(ci.attributes @> ANY($1::jsonb[]))');
      expect(params).toEqual([[JSON.stringify({ [name]: 'a' })]]);
    });
    it('refuses range filters on keys that are not plain identifiers', () => {
      expect(() => toSql(typed([{ attr: 'odd key', op: 'GT', value: 1 }]), jsonb)).toThrow(FilterCompileError);
      expect(isSafeJsonbKey('size_eu')).toBe(true);
      for (const key of ["a'b", 'a b', '1a', '', 'a'.repeat(64), 'ä']) expect(isSafeJsonbKey(key)).toBe(false);
      expect(() => jsonbNumericExpression('ci.attributes', "a'--")).toThrow(FilterCompileError);
    });
    it('refuses a column that is not an identifier', () => {
      expect(() => jsonbAttributes('attributes) OR (TRUE')).toThrow(FilterCompileError);
    });

    describe('with valueEquality', () => {
      const byValue = jsonbAttributes('ci.attributes', { valueEquality: ['string'] });
      it('compiles EQ on the listed types to the JSON value of the key', () => {
        expect(toSql(typed([{ attr: 'color', op: 'EQ', value: 'blue' }]), byValue)).toEqual({
          sql: "((ci.attributes->'color') = $1::jsonb)",
          params: ['"blue"'],
        });
        expect(jsonbValueExpression('ci.attributes', 'color')).toBe("(ci.attributes->'color')");
      });
      it('keeps containment for other types, for IN, and for keys that are not plain identifiers', () => {
        expect(toSql(typed([{ attr: 'size', op: 'EQ', value: '45' }]), byValue).sql).toBe('(ci.attributes @> $1::jsonb)');
        expect(toSql(typed([{ attr: 'color', op: 'IN', value: 'a,b' }]), byValue).sql).toBe('(ci.attributes @> ANY($1::jsonb[]))');
        const name = "x') OR TRUE --";
        expect(toSql(typed([{ attr: name, op: 'EQ', value: 'a' }]), byValue)).toEqual({
          sql: '(ci.attributes @> $1::jsonb)',
          params: [JSON.stringify({ [name]: 'a' })],
        });
        expect(() => jsonbValueExpression('ci.attributes', "a'--")).toThrow(FilterCompileError);
      });
    });
  });

  it('numbers parameters from firstParamIndex across filters', () => {
    const { sql, params } = toSql(
      typed([
        { attr: 'color', op: 'EQ', value: 'blue' },
        { attr: 'size', op: 'LE', value: 44 },
        { attr: 'size', op: 'IN', value: '1,2' },
      ]),
      jsonb,
      5,
    );
    expect(sql.match(/\$\d+/g)).toEqual(['$5', '$6', '$7']);
    expect(params).toHaveLength(3);
  });

  it('refuses hand-built filters that validate would not produce', () => {
    const bad: TypedFilter[][] = [
      [{ attr: 'price', op: 'EQ', type: 'number', values: [] }],
      [{ attr: 'price', op: 'EQ', type: 'number', values: [1, 2] }],
      [{ attr: 'price', op: 'LIKE' as never, type: 'number', values: [1] }],
      [{ attr: 'productType', op: 'GT', type: 'string', values: ['a'] }],
      [{ attr: 'price', op: 'EQ', type: 'number', values: ['1'] }],
      [{ attr: 'price', op: 'EQ', type: 'number', values: [Number.NaN] }],
    ];
    for (const filters of bad) expect(() => toSql(filters, real)).toThrow(FilterCompileError);
    expect(() => toSql([], real, 0)).toThrow(FilterCompileError);
  });
});
