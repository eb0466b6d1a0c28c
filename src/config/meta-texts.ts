/**
 * The book's own texts an edition converts, named as book.yaml names them:
 * the config records the line each starts on, the model carries them, and
 * the conversion and the review read them by these names.
 */
export const META_TEXTS = ['title', 'subtitle', 'author', 'publisher', 'description', 'rights', 'accessibility.summary'] as const;
export type MetaText = (typeof META_TEXTS)[number];
/** The line each of them starts on in book.yaml. */
export type MetaTextLines = Partial<Record<MetaText, number>>;
