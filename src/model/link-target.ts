/**
 * The link targets a book keeps: web and mail addresses. A relative path
 * leads nowhere inside a book, and a #fragment names an id only the pipeline
 * assigns. The parser keeps no other link; the renderers check again, so
 * that a model made some other way cannot carry a script into a book.
 */
export const KEPT_LINK = /^(https?|mailto):/iu;
