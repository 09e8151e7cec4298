import * as path from 'node:path';
import { generateFiles, names, offsetFromRoot, type Tree } from '@nx/devkit';
import type { ProviderPluginGeneratorSchema } from './schema';

/**
 * `nx g @storebridge/tools:provider-plugin <code>`: a plugin under
 * plugins/<code> with the standard layout, wired to the SDK and to the
 * conformance suite. What it writes is a working example provider (a small
 * REST API with its own sandbox) that passes the suite as generated; a team
 * replaces client, mappers and sandbox with the real provider's and keeps
 * the suite green. Nothing outside plugins/<code> is touched.
 */
export async function providerPluginGenerator(tree: Tree, options: ProviderPluginGeneratorSchema): Promise<void> {
  const code = options.code.trim();
  if (!/^[a-z][a-z0-9-]*$/.test(code)) throw new Error(`provider code "${code}" must be a lowercase slug (a-z, 0-9, -)`);
  const root = `${options.directory ?? 'plugins'}/${code}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  // The code spells the folder and registry key; the class stem spells identifiers
  // (`woocommerce` → WooCommerceProductAdapter, wooCommercePlugin when --className=WooCommerce).
  const className = options.className?.trim() ?? names(code).className;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(className)) throw new Error(`class name "${className}" must be PascalCase (A-Z first, then letters and digits)`);
  const n = names(className);
  generateFiles(tree, path.join(__dirname, 'files'), root, {
    code,
    className,
    propertyName: className[0].toLowerCase() + className.slice(1),
    constantName: n.constantName,
    displayName: options.displayName ?? className,
    offset: offsetFromRoot(root),
    tmpl: '',
  });
  // Templates are written formatted; the workspace has no formatter for formatFiles to run.
}

export default providerPluginGenerator;
