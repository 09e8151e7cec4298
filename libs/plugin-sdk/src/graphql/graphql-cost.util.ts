import {
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Calculated query cost as Shopify documents it for the GraphQL Admin API
 * (https://shopify.dev/docs/api/usage/limits#cost-calculation): scalars and
 * enums 0, objects 1, connections 2 plus the objects they can return
 * (`first`/`last` × the cost of one node), mutations 10. It needs no schema:
 * a field with a selection set is an object, one with `first`/`last` a
 * connection. Requested cost assumes full pages; actual cost counts what the
 * answer really holds, which is what the provider finally charges.
 */
const MUTATION_COST = 10;

type Vars = Record<string, unknown> | undefined;
type Frags = Map<string, FragmentDefinitionNode>;

function valueOf(node: ValueNode, vars: Vars): unknown {
  switch (node.kind) {
    case Kind.INT:
      return Number(node.value);
    case Kind.VARIABLE:
      return vars?.[node.name.value];
    default:
      return undefined;
  }
}

function pageSize(field: FieldNode, vars: Vars): number | undefined {
  for (const arg of field.arguments ?? []) {
    if (arg.name.value === 'first' || arg.name.value === 'last') {
      const v = valueOf(arg.value, vars);
      if (typeof v === 'number') return v;
    }
  }
  return undefined;
}

function fields(set: SelectionSetNode, frags: Frags): FieldNode[] {
  const out: FieldNode[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...fields(sel.selectionSet, frags));
    else {
      const frag = frags.get(sel.name.value);
      if (frag) out.push(...fields(frag.selectionSet, frags));
    }
  }
  return out;
}

const ACTUAL = Symbol('requested');
type Data = unknown;

function selectionCost(set: SelectionSetNode, vars: Vars, frags: Frags, data: Data | typeof ACTUAL): number {
  let total = 0;
  for (const f of fields(set, frags)) {
    const key = f.alias?.value ?? f.name.value;
    const value = data === ACTUAL ? ACTUAL : (data as Record<string, unknown> | null)?.[key];
    total += fieldCost(f, vars, frags, value);
  }
  return total;
}

function fieldCost(field: FieldNode, vars: Vars, frags: Frags, value: Data | typeof ACTUAL): number {
  if (!field.selectionSet) return 0;
  if (value !== ACTUAL && (value === null || value === undefined)) return 0;
  const n = pageSize(field, vars);
  if (n !== undefined) return 2 + connectionNodesCost(field.selectionSet, vars, frags, n, value);
  const set = field.selectionSet;
  if (value !== ACTUAL && Array.isArray(value)) {
    return value.reduce<number>((sum, item) => sum + (item === null ? 0 : 1 + selectionCost(set, vars, frags, item)), 0);
  }
  return 1 + selectionCost(field.selectionSet, vars, frags, value);
}

function connectionNodesCost(set: SelectionSetNode, vars: Vars, frags: Frags, n: number, value: Data | typeof ACTUAL): number {
  const conn = value as { edges?: Array<{ node?: unknown }>; nodes?: unknown[] } | typeof ACTUAL;
  let best = 0;
  for (const f of fields(set, frags)) {
    const name = f.name.value;
    if (name === 'edges' && f.selectionSet) {
      const nodeSet = fields(f.selectionSet, frags).find((x) => x.name.value === 'node')?.selectionSet;
      if (!nodeSet) continue;
      const cost =
        conn === ACTUAL
          ? n * (1 + selectionCost(nodeSet, vars, frags, ACTUAL))
          : (conn.edges ?? []).reduce<number>((s, e) => s + (e?.node ? 1 + selectionCost(nodeSet, vars, frags, e.node) : 0), 0);
      best = Math.max(best, cost);
    } else if (name === 'nodes' && f.selectionSet) {
      const nodeSet = f.selectionSet;
      const cost =
        conn === ACTUAL
          ? n * (1 + selectionCost(nodeSet, vars, frags, ACTUAL))
          : (conn.nodes ?? []).reduce<number>((s, node) => s + (node ? 1 + selectionCost(nodeSet, vars, frags, node) : 0), 0);
      best = Math.max(best, cost);
    }
    // pageInfo is part of the connection's base cost of 2.
  }
  return best;
}

function operation(doc: DocumentNode, operationName?: string): { op: OperationDefinitionNode; frags: Frags } {
  const frags: Frags = new Map();
  let op: OperationDefinitionNode | undefined;
  for (const def of doc.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) frags.set(def.name.value, def);
    if (def.kind === Kind.OPERATION_DEFINITION && (!operationName || def.name?.value === operationName)) op ??= def;
  }
  if (!op) throw new Error('no operation in the GraphQL document');
  return { op, frags };
}

/**
 * Parsed documents by their text. A plugin sends a handful of constant
 * documents, each costed on every call: parsing one again each time cost
 * more than the rest of the call's client work. Bounded, for callers that
 * build documents on the fly (the oldest is dropped).
 */
const parsed = new Map<string, DocumentNode>();
const MAX_PARSED = 256;

function toDoc(query: string | DocumentNode): DocumentNode {
  if (typeof query !== 'string') return query;
  let doc = parsed.get(query);
  if (!doc) {
    doc = parse(query);
    if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value as string);
    parsed.set(query, doc);
  }
  return doc;
}

/** What the provider reserves before running the query. */
export function requestedQueryCost(query: string | DocumentNode, variables?: Record<string, unknown>, operationName?: string): number {
  const { op, frags } = operation(toDoc(query), operationName);
  if (op.operation === 'mutation') return fields(op.selectionSet, frags).length * MUTATION_COST;
  return selectionCost(op.selectionSet, variables, frags, ACTUAL);
}

/** What the provider finally charges, given the data it answered. */
export function actualQueryCost(query: string | DocumentNode, variables: Record<string, unknown> | undefined, data: unknown, operationName?: string): number {
  const { op, frags } = operation(toDoc(query), operationName);
  if (op.operation === 'mutation') return fields(op.selectionSet, frags).length * MUTATION_COST;
  return selectionCost(op.selectionSet, variables, frags, data ?? {});
}
