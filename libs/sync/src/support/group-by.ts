/** The items in groups of equal key, in the order each key first appears. */
export function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return [...groups.values()];
}

/** The key that groups work by tenant and org. */
export const orgKey = (x: { tenantId: string; orgId: string }): string => `${x.tenantId}/${x.orgId}`;
