import { actualQueryCost, requestedQueryCost } from './graphql-cost.util';

describe('GraphQL query cost', () => {
  const q = `query($n: Int!) { products(first: $n) { edges { node { id title variants(first: 5) { nodes { id sku } } } } pageInfo { hasNextPage endCursor } } }`;

  it('prices connections by page size and objects at 1', () => {
    // products: 2 + 10 × (node 1 + variants (2 + 5 × 1)) = 2 + 10 × 8
    expect(requestedQueryCost(q, { n: 10 })).toBe(82);
    expect(requestedQueryCost('{ shop { name primaryDomain { url } } }')).toBe(2);
    expect(requestedQueryCost('mutation { a: productDelete(input: {id: "x"}) { deletedProductId } }')).toBe(10);
  });

  it('charges only what the answer holds', () => {
    const data = {
      products: {
        edges: [{ node: { id: '1', variants: { nodes: [{ id: 'a' }] } } }, { node: { id: '2', variants: { nodes: [] } } }],
        pageInfo: { hasNextPage: false },
      },
    };
    // 2 + (1 + 2 + 1) + (1 + 2 + 0)
    expect(actualQueryCost(q, { n: 10 }, data)).toBe(9);
    expect(actualQueryCost('{ product(id: "x") { id } }', undefined, { product: null })).toBe(0);
  });

  it('follows fragments', () => {
    expect(requestedQueryCost('query { product(id: "1") { ...P } } fragment P on Product { id seo { title } }')).toBe(2);
  });
});
