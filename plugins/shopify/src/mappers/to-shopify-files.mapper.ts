import { createHash } from 'node:crypto';
import { ValidationError, type ProductInput } from '@storebridge/contracts';
import type { ShopifyFileSetInput, ShopifyMedia } from '../client/shopify-admin.types';

/**
 * Unified images → `ProductSetInput.files`.
 *
 * `files` is a list field of productSet: the product's media become exactly
 * the list, existing ones named by `id`, new ones fetched by Shopify from
 * `originalSource` (https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/productSet,
 * .../input-objects/FileSetInput). Shopify de-duplicates nothing: a source sent
 * again is a second download and a second file. So every image the product
 * already has is sent by id, and only new sources are uploaded.
 *
 * Recognising "already has" is the hard part, because Shopify rehosts images
 * on its CDN under their file name: the media's URL is never the source URL.
 * New files are therefore named `<name>-sb<key>.<ext>`, the key a hash of the
 * source URL, and an existing media matches a wanted source when its URL
 * carries that key, or when it is the very URL the caller read from Shopify.
 */

/** Keeps the file name readable in the merchant's Files list. */
const STEM_MAX = 60;
/** `-sb<key>` in the last path segment, before the extension or the `_<uuid>` Shopify appends to a name already taken. */
const KEY_IN_NAME = /-sb([0-9a-f]{12})(?=[._]|$)/;

/** The key of an image source: 48 bits of its SHA-256, plenty among one product's images. */
export function imageSourceKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 12);
}

function lastSegment(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/**
 * The name to store a source under. Shopify refuses a file name whose
 * extension differs from the source's (MISMATCHED_FILENAME_AND_ORIGINAL_SOURCE),
 * so a source without one gets no name: Shopify picks it, and only a caller
 * that sends back the URL it read can be matched.
 */
export function imageFilename(url: string): string | undefined {
  const m = /^(.*)\.([A-Za-z0-9]{2,5})$/.exec(lastSegment(url));
  if (!m) return undefined;
  const stem = m[1].toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, STEM_MAX) || 'image';
  return `${stem}-sb${imageSourceKey(url)}.${m[2]}`;
}

function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/, '');
}

function mediaUrl(m: ShopifyMedia): string | null {
  return m.preview?.image?.url ?? null;
}

/**
 * `images` undefined (a patch that leaves images alone) keeps every media as
 * it is. Otherwise the images come in the order given: each takes a media it
 * matches that no earlier image took, else its source is uploaded unless an
 * earlier image already brought that source. Media that are not images
 * (videos, 3D models) stay, since ProductInput cannot name them and dropping
 * them would delete what the caller never saw.
 */
export function toShopifyFiles(images: ProductInput['images'], existing: ShopifyMedia[]): ShopifyFileSetInput[] {
  if (images === undefined) return existing.map((m) => ({ id: m.id }));
  const candidates = new Map<string, ShopifyMedia[]>();
  const add = (key: string, m: ShopifyMedia) => candidates.set(key, [...(candidates.get(key) ?? []), m]);
  for (const m of existing) {
    const url = mediaUrl(m);
    if (!url) continue;
    add(`url:${withoutQuery(url)}`, m);
    const key = KEY_IN_NAME.exec(lastSegment(url))?.[1];
    if (key) add(`key:${key}`, m);
  }
  const taken = new Set<string>();
  const sources = new Set<string>();
  const files: ShopifyFileSetInput[] = [];
  for (const [i, image] of images.entries()) {
    const url = image.url?.trim();
    if (!url || !/^https?:\/\//i.test(url)) throw new ValidationError(`images[${i}].url must be an http(s) URL Shopify can fetch`);
    // Shopify answers a cleared alt as "" or null alike.
    const alt = image.altText || null;
    const key = imageSourceKey(url);
    const found = [...(candidates.get(`url:${withoutQuery(url)}`) ?? []), ...(candidates.get(`key:${key}`) ?? [])].find((m) => !taken.has(m.id));
    if (found) {
      taken.add(found.id);
      files.push((found.alt || null) === alt ? { id: found.id } : { id: found.id, alt: alt ?? '' });
    } else if (!sources.has(key)) {
      const filename = imageFilename(url);
      files.push({ originalSource: url, contentType: 'IMAGE', ...(alt ? { alt } : {}), ...(filename ? { filename } : {}) });
    }
    sources.add(key);
  }
  for (const m of existing) if (m.mediaContentType !== 'IMAGE' && !taken.has(m.id)) files.push({ id: m.id });
  return files;
}
