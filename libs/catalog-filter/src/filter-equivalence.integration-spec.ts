import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import { columns, jsonbAttributes, jsonbNumericExpression, jsonbValueExpression } from './column-resolver';
import type { AttrType, FilterSchema, TypedFilter } from './filter.types';
import { toPredicate } from './to-predicate';
import { toSql } from './to-sql';
import { validate } from './validate';

// Proves that toSql (on real Postgres, with both resolvers) and toPredicate
// select the same items for random items and random valid filters.

jest.setTimeout(60_000);

const schema: FilterSchema = { s: 'string', n: 'number', m: 'number', b: 'boolean', t: 'time' };
const attrs = Object.keys(schema);

type Scalar = string | number | boolean;
interface Item {
  id: number;
  // What the real columns hold: a value of the declared type, or NULL.
  cols: Record<string, Scalar | null>;
  // What the JSONB column holds: anything, including wrong JSON types, or nothing.
  attributes: Record<string, unknown>;
}

const stringValue = fc.oneof(
  fc.constantFrom('a', 'A', 'b', 'blue', 'Navy blue', '', ' a', 'a,b', '45', 'true', "O'Neil"),
  fc.string({ maxLength: 3 }),
);
const numberValue = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1, 2, 44, 45, 45.5, 100, 1e21, -1e-7, 0.1, 0.30000000000000004, 2 ** 53 + 2),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const timeValue = fc.oneof(
  fc.constantFrom(0, 1_700_000_000_000, 1_700_000_000_500, -86_400_000, 1_700_000_001_000),
  fc.integer({ min: -2e12, max: 4e12 }),
);
const typedValue: Record<AttrType, fc.Arbitrary<Scalar>> = {
  string: stringValue,
  number: numberValue,
  boolean: fc.boolean(),
  time: timeValue,
};
// JSON values of the wrong type for some or all attributes.
const strayJson = fc.constantFrom<unknown>('45', '1.5', 'true', 'abc', '2024-01-01T00:00:00Z', 1, 45, true, false, [], ['a'], [45], { a: 1 });

const attrCell = (type: AttrType) =>
  fc.oneof(
    { weight: 6, arbitrary: typedValue[type].map((v) => ({ kind: 'typed' as const, v })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'absent' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'null' as const }) },
    { weight: 2, arbitrary: strayJson.map((v) => ({ kind: 'stray' as const, v })) },
  );

const itemsArb = fc
  .array(fc.record(Object.fromEntries(attrs.map((a) => [a, attrCell(schema[a])]))), { maxLength: 25 })
  .map((rows): Item[] =>
    rows.map((row, i) => {
      const cols: Item['cols'] = {};
      const attributes: Item['attributes'] = {};
      for (const a of attrs) {
        const cell = row[a];
        cols[a] = cell.kind === 'typed' ? cell.v : null;
        if (cell.kind === 'typed' || cell.kind === 'stray') attributes[a] = cell.v;
        else if (cell.kind === 'null') attributes[a] = null;
      }
      return { id: i + 1, cols, attributes };
    }),
  );

// A raw filter value as a client might send it: JSON scalar or its text.
function spell(type: AttrType, v: Scalar, asText: boolean, iso: boolean): Scalar {
  if (type === 'time') {
    const ms = v as number;
    if (iso) return new Date(ms).toISOString();
    return asText ? String(ms / 1000) : ms / 1000;
  }
  return asText ? String(v) : v;
}

const filterArb = fc.constantFrom(...attrs).chain((attr) => {
  const type = schema[attr];
  const ops = type === 'number' || type === 'time' ? ['EQ', 'LT', 'LE', 'GT', 'GE', 'IN'] : ['EQ', 'IN'];
  return fc.record({
    attr: fc.constant(attr),
    op: fc.constantFrom(...ops),
    values: fc.array(typedValue[type], { minLength: 1, maxLength: 4 }),
    asText: fc.boolean(),
    iso: fc.boolean(),
  }).map(({ op, values, asText, iso }) => {
    if (op !== 'IN') return { attr, op, value: spell(type, values[0], asText, iso) };
    // The language refuses empty IN members, so the generator does not make them.
    const members = values.filter((v) => v !== '');
    const spelled = (members.length ? members : ['a']).map((v) => spell(type, v, asText, iso));
    const joinable = spelled.every((v) => typeof v !== 'string' || (v !== '' && v.trim() === v && !v.includes(',')));
    // Comma-separated text when the members allow it, a JSON array otherwise.
    return { attr, op, value: joinable && asText ? spelled.join(',') : spelled };
  });
});

describe('toSql and toPredicate select the same items (Postgres)', () => {
  const client = new Client({ connectionString: process.env['TEST_DATABASE_URL'] });
  const pgSchema = `catalog_filter_${randomBytes(6).toString('hex')}`;
  const table = `${pgSchema}.items`;

  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${pgSchema}`);
    await client.query(
      `CREATE TABLE ${table} (id int PRIMARY KEY, s text, n double precision, m numeric, b boolean, t bigint, attributes jsonb NOT NULL)`,
    );
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`).catch(() => undefined);
    await client.end();
  });

  async function load(items: Item[]): Promise<void> {
    await client.query(`DELETE FROM ${table}`);
    const rows = items.map((item) => ({ id: item.id, ...item.cols, attributes: item.attributes }));
    await client.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [
      JSON.stringify(rows),
    ]);
  }

  async function selectIds(filters: TypedFilter[], resolver: Parameters<typeof toSql>[1]): Promise<number[]> {
    // A leading parameter of our own checks that firstParamIndex numbering holds.
    const { sql, params } = toSql(filters, resolver, 2);
    const result = await client.query<{ id: number }>(`SELECT id FROM ${table} WHERE id >= $1 AND ${sql} ORDER BY id`, [
      0,
      ...params,
    ]);
    return result.rows.map((r) => r.id);
  }

  it('on random items and random valid filters, for real columns and JSONB', async () => {
    const real = columns({ s: 's', n: 'n', m: 'm', b: 'b', t: 't' });
    const jsonb = jsonbAttributes('attributes');
    // EQ by the key's JSON value instead of containment, for every type: the same items.
    const jsonbByValue = jsonbAttributes('attributes', { valueEquality: ['string', 'number', 'boolean', 'time'] });
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(itemsArb, fc.array(filterArb, { maxLength: 3 }), async (items, raw) => {
        const validated = validate(raw, schema);
        if (!validated.ok) throw new Error(`generator made an invalid filter: ${JSON.stringify(validated.errors)}`);
        const filters = validated.filters;
        await load(items);

        const byColumns = items.filter(toPredicate(filters, (item: Item, attr) => item.cols[attr])).map((i) => i.id);
        const byAttributes = items
          .filter(toPredicate(filters, (item: Item, attr) => item.attributes[attr]))
          .map((i) => i.id);

        expect(await selectIds(filters, real)).toEqual(byColumns);
        expect(await selectIds(filters, jsonb)).toEqual(byAttributes);
        expect(await selectIds(filters, jsonbByValue)).toEqual(byAttributes);
        if (byAttributes.length > 0 && byAttributes.length < items.length) nonTrivial++;
      }),
      { numRuns: 1000 },
    );
    // Guard against a generator that only ever selects all or nothing.
    expect(nonTrivial).toBeGreaterThan(30);
  });

  it('pins the edge cases named in the issue', async () => {
    const items: Item[] = [
      { id: 1, cols: { n: 45 }, attributes: { n: 45, s: 'Blue', t: 1_700_000_000_000 } },
      { id: 2, cols: { n: 100 }, attributes: { n: '100', s: 'blue', b: 'true' } },
      { id: 3, cols: { n: null }, attributes: { n: null, b: true, t: '2023-11-14T22:13:20Z' } },
      { id: 4, cols: {}, attributes: { n: 'abc', s: ['Blue'] } },
    ];
    await load(items);
    const cases: Array<[unknown[], number[]]> = [
      [[{ attr: 'n', op: 'GT', value: '45' }], [2]], // real columns: 100 > 45 numerically
      [[{ attr: 'n', op: 'LE', value: '100' }], [1, 2]],
      [[{ attr: 's', op: 'EQ', value: 'Blue' }], []],
      [[{ attr: 'b', op: 'EQ', value: 'true' }], []],
    ];
    for (const [raw, expected] of cases) {
      const v = validate(raw, schema);
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      expect(await selectIds(v.filters, columns({ s: 's', n: 'n', m: 'm', b: 'b', t: 't' }))).toEqual(expected);
    }
    const jsonbCases: Array<[unknown[], number[]]> = [
      [[{ attr: 'n', op: 'GE', value: '40' }], [1]], // "100" is a string: no numeric match, and "abc" does not raise
      [[{ attr: 'n', op: 'IN', value: '45,100' }], [1]],
      [[{ attr: 's', op: 'EQ', value: 'Blue' }], [1]], // case-sensitive; an array is not its member
      [[{ attr: 'b', op: 'EQ', value: true }], [3]],
      [[{ attr: 't', op: 'EQ', value: '2023-11-14T22:13:20Z' }], [1]], // stored as epoch ms, not as ISO text
    ];
    for (const [raw, expected] of jsonbCases) {
      const v = validate(raw, schema);
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      expect(await selectIds(v.filters, jsonbAttributes('attributes'))).toEqual(expected);
      expect(await selectIds(v.filters, jsonbAttributes('attributes', { valueEquality: ['string', 'boolean', 'time'] }))).toEqual(expected);
      expect(items.filter(toPredicate(v.filters, (item: Item, attr) => item.attributes[attr])).map((i) => i.id)).toEqual(
        expected,
      );
    }
  });

  it('emits SQL that the GIN and expression indexes serve', async () => {
    const big = `${pgSchema}.big`;
    await client.query(`CREATE TABLE ${big} (id int PRIMARY KEY, attributes jsonb NOT NULL)`);
    await client.query(
      `INSERT INTO ${big} SELECT g, jsonb_build_object('color', 'c' || (g % 50), 'size', CASE WHEN g % 9 = 0 THEN to_jsonb('x'::text) ELSE to_jsonb(g % 60) END)
       FROM generate_series(1, 5000) g`,
    );
    await client.query(`CREATE INDEX big_attributes_gin ON ${big} USING gin (attributes jsonb_path_ops)`);
    await client.query(`CREATE INDEX big_size_num ON ${big} (${jsonbNumericExpression('attributes', 'size')})`);
    await client.query(`CREATE INDEX big_color_eq ON ${big} (${jsonbValueExpression('attributes', 'color')}, id)`);
    await client.query(`ANALYZE ${big}`);
    await client.query('SET enable_seqscan = off');
    try {
      const expectations: Array<[unknown[], string]> = [
        [[{ attr: 'color', op: 'EQ', value: 'c3' }], 'big_attributes_gin'],
        [[{ attr: 'color', op: 'IN', value: 'c3,c4' }], 'big_attributes_gin'],
        [[{ attr: 'size', op: 'GT', value: '45' }], 'big_size_num'],
        [[{ attr: 'size', op: 'LE', value: '4.5' }], 'big_size_num'],
      ];
      for (const [raw, index] of expectations) {
        const v = validate(raw, { color: 'string', size: 'number' });
        if (!v.ok) throw new Error(JSON.stringify(v.errors));
        const { sql, params } = toSql(v.filters, jsonbAttributes('attributes'));
        const plan = await client.query(`EXPLAIN (FORMAT JSON) SELECT id FROM ${big} WHERE ${sql}`, params);
        expect(JSON.stringify(plan.rows)).toContain(`"Index Name":"${index}"`);
      }
      // String EQ by value: the btree expression index, which also gives its order (no Sort node).
      const v = validate([{ attr: 'color', op: 'EQ', value: 'c3' }], { color: 'string' });
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      const { sql, params } = toSql(v.filters, jsonbAttributes('attributes', { valueEquality: ['string'] }));
      const plan = JSON.stringify((await client.query(`EXPLAIN (FORMAT JSON) SELECT id FROM ${big} WHERE ${sql} ORDER BY id LIMIT 5`, params)).rows);
      expect(plan).toContain('"Index Name":"big_color_eq"');
      expect(plan).not.toContain('"Node Type":"Sort"');
    } finally {
      await client.query('RESET enable_seqscan');
    }
  });
});
