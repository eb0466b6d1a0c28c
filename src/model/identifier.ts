import { createHash } from 'node:crypto';

/** A name-based UUID (version 5 layout) as a URN: the same input always gives the same identifier. */
export function deriveIdentifier(seed: string): string {
  const h = createHash('sha1').update(seed, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Each edition is its own publication, so it gets its own identifier, derived
 * from the book's; so does its vertical layout (直排), a file a reader may
 * keep beside the horizontal one, which a reading system would otherwise
 * take for the same book and replace.
 */
export function editionIdentifier(bookIdentifier: string, edition: string, layout = 'horizontal'): string {
  const own = edition === 'zh-Hans' ? bookIdentifier : deriveIdentifier(`${bookIdentifier}\u0000${edition}`);
  return layout === 'horizontal' ? own : deriveIdentifier(`${own}\u0000${layout}`);
}
