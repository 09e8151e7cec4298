export interface PageInfo {
  hasNext: boolean;
  nextCursor: string | null;
}

/** One page from a port. `nextCursor` is opaque to everyone but its plugin. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
