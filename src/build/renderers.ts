import type { Format } from '../config/editions.ts';
import type { Renderer } from '../render/renderer.ts';

/**
 * The renderer of each format, loaded only when a build asks for it: an
 * EPUB-only build need not load the PDF engine and pdfkit. A build starts loading its formats'
 * renderers early (preloadRenderers); rendering asks again and gets the
 * same module.
 */
const RENDERERS: Record<Format, () => Promise<Renderer>> = {
  epub: async () => (await import('../render/epub/epub.ts')).epubRenderer,
  pdf: async () => (await import('../render/pdf/pdf.ts')).pdfRenderer,
  print: async () => (await import('../render/print/print.ts')).printRenderer,
  html: async () => (await import('../render/html/html.ts')).htmlRenderer,
  review: async () => (await import('../render/review/review.ts')).reviewRenderer,
};

export function rendererFor(format: Format): Promise<Renderer> {
  return RENDERERS[format]();
}

/** Starts loading the formats' renderers; a failure shows when rendering asks for the module again. */
export function preloadRenderers(formats: Format[]): void {
  for (const format of formats) RENDERERS[format]().catch(() => undefined);
}
