import { parseFilterQuery } from './parse-filter-query';

describe('parseFilterQuery', () => {
  it('reads attr:op:value, keeping colons in the value', () => {
    expect(parseFilterQuery('createdAt:GE:2024-01-01T10:00:00Z')).toEqual({
      ok: true,
      filters: [{ attr: 'createdAt', op: 'GE', value: '2024-01-01T10:00:00Z' }],
    });
  });

  it('reads repeated filter params and the JSON form together', () => {
    expect(parseFilterQuery(['size:gt:45', 'color:IN:red,blue'], '[{"attr":"inStock","op":"EQ","value":true}]')).toEqual({
      ok: true,
      filters: [
        { attr: 'size', op: 'gt', value: '45' },
        { attr: 'color', op: 'IN', value: 'red,blue' },
        { attr: 'inStock', op: 'EQ', value: true },
      ],
    });
  });

  it('allows an empty value (EQ to the empty string)', () => {
    expect(parseFilterQuery('color:EQ:')).toEqual({ ok: true, filters: [{ attr: 'color', op: 'EQ', value: '' }] });
  });

  it('gives nothing for no parameters', () => {
    expect(parseFilterQuery()).toEqual({ ok: true, filters: [] });
  });

  it.each(['', 'color', 'color:EQ', ':EQ:red'])('refuses %p', (text) => {
    const result = parseFilterQuery(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({ index: 0, reason: expect.stringMatching(/attr:op:value/) });
  });

  it('refuses bad JSON and non-arrays', () => {
    expect(parseFilterQuery(undefined, '[{')).toEqual({
      ok: false,
      errors: [{ index: -1, attr: '', reason: 'filters is not valid JSON' }],
    });
    expect(parseFilterQuery(undefined, '{"attr":"a","op":"EQ","value":1}')).toMatchObject({ ok: false });
  });

  it('numbers JSON entries after the compact ones and refuses unknown keys', () => {
    expect(parseFilterQuery('a:EQ:1', '[{"attr":"b","op":"EQ","value":1,"extra":1}, 3]')).toEqual({
      ok: false,
      errors: [
        { index: 1, attr: 'b', reason: 'unknown filter properties: extra' },
        { index: 2, attr: '', reason: 'a filter must be an object with attr, op and value' },
      ],
    });
  });
});
