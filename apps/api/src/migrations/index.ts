// Every migration of the host, in order. Add new ones at the end; a file is
// named `<timestamp>-<kebab-name>.ts` and has `up` and `down`.
import { Tenancy1764000000000 } from './1764000000000-tenancy';
import { Catalogs1764000001000 } from './1764000001000-catalogs';
import { Products1764000002000 } from './1764000002000-products';
import { Connections1764000003000 } from './1764000003000-connections';
import { Orders1764000004000 } from './1764000004000-orders';
import { Sync1764000005000 } from './1764000005000-sync';

export const MIGRATIONS = [
  Tenancy1764000000000,
  Catalogs1764000001000,
  Products1764000002000,
  Connections1764000003000,
  Orders1764000004000,
  Sync1764000005000,
];
