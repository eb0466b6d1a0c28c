/** The editions the pipeline can make, as BCP 47 tags. */
export const EDITIONS = ['zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK'] as const;
export type EditionTag = (typeof EDITIONS)[number];

export const FORMATS = ['epub', 'pdf', 'print', 'html', 'review'] as const;

/** Horizontal (横排) or vertical (直排): columns top to bottom, read right to left. */
export const LAYOUTS = ['horizontal', 'vertical'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The formats this version sets vertically: every one. */
export const VERTICAL_FORMATS: readonly Format[] = ['epub', 'pdf', 'print', 'html', 'review'];
export function isLayout(s: string): s is Layout {
  return (LAYOUTS as readonly string[]).includes(s);
}
export type Format = (typeof FORMATS)[number];

/**
 * What this build of the pipeline actually implements. A tag or format that
 * exists in the contract but not yet here is a usage error, not a silent skip.
 */
export const AVAILABLE_EDITIONS: readonly EditionTag[] = ['zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK'];
export const AVAILABLE_FORMATS: readonly Format[] = ['epub', 'pdf', 'print', 'html', 'review'];

export function isEdition(s: string): s is EditionTag {
  return (EDITIONS as readonly string[]).includes(s);
}
export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}
