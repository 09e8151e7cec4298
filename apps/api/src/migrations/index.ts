// Every migration of the host, in order. Add new ones at the end; a file is
// named `<timestamp>-<kebab-name>.ts` and has `up` and `down`.
import { Tenancy1764000000000 } from './1764000000000-tenancy';
import { Catalogs1764000001000 } from './1764000001000-catalogs';
import { Products1764000002000 } from './1764000002000-products';
import { Connections1764000003000 } from './1764000003000-connections';
import { Orders1764000004000 } from './1764000004000-orders';
import { Sync1764000005000 } from './1764000005000-sync';
import { CatalogItemFilterIndexes1764000007000 } from './1764000007000-catalog-item-filter-indexes';
import { ConnectFlows1764000008000 } from './1764000008000-connect-flows';
import { PushLedger1764000009000 } from './1764000009000-push-ledger';
import { ConnectionSettings1764000010000 } from './1764000010000-connection-settings';
import { ScopedProductKeys1764000011000 } from './1764000011000-scoped-product-keys';

export const MIGRATIONS = [
  Tenancy1764000000000,
  Catalogs1764000001000,
  Products1764000002000,
  Connections1764000003000,
  Orders1764000004000,
  Sync1764000005000,
  CatalogItemFilterIndexes1764000007000,
  ConnectFlows1764000008000,
  PushLedger1764000009000,
  ConnectionSettings1764000010000,
  ScopedProductKeys1764000011000,
];
