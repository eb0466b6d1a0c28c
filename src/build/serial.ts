import { join } from 'node:path';
import type { Format } from '../config/editions.ts';
import type { PrintSettings } from '../config/print.ts';
import { drawCover } from '../cover/draw-cover.ts';
import { BuildError, type Diagnostics } from '../diagnostics.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import { prefetchVerseChunks, webFonts, type WebFont } from '../fonts/web-fonts.ts';
import type { Book } from '../model/book.ts';
import { writeDirAtomic } from '../output/atomic-dir.ts';
import { writeFileAtomic } from '../output/atomic-write.ts';
import type { DeflateCache } from '../output/zip.ts';
import { prepareBook, type ParsedSource } from './prepare.ts';
import type { BuildOptions, BuildResult, BuiltFile, FontUse } from './build.ts';

/**
 * The editions of `options`, one after another on this thread: prepare the
 * book, then per edition subset its fonts, draw its cover and render each
 * format, writing each file whole. A parallel build's worker passes the
 * source its first thread parsed.
 */
export async function buildSerial(options: BuildOptions, parsed?: ParsedSource): Promise<BuildResult> {
  // The verse's WOFF2 chunks are decoded on a worker while this thread plans the fonts.
  const prepared = prepareBook(options, prefetchVerseChunks, parsed);
  if (options.strict && prepared.diagnostics.count('warning') > 0) throw new BuildError(prepared.diagnostics.items);
  const outputs: BuiltFile[] = [];
  const fontUse: FontUse[] = [];
  const total = prepared.editions.length * (1 + prepared.formats.length);
  let done = 0;
  // The renderers' modules load while this thread waits for the fonts (decoded on a worker) and the cover (on the pool).
  preloadRenderers(prepared.formats);
  for (const { book, plan } of prepared.editions) {
    // Subset once per edition: the EPUB embeds these, the PDF draws chunked families from them.
    options.onStage?.(`subset fonts ${book.edition}`, { done: done++, total });
    // Every renderer reads the cover from the model; drawn per edition, in its script and fonts,
    // on the thread pool while this thread subsets the book's fonts and, for a PDF, sets its body.
    const coverDrawn = book.cover ? undefined : drawCover(book, plan).then((asset) => void (book.cover = asset));
    // Awaited below; until then a failure must not count as unhandled.
    coverDrawn?.catch(() => undefined);
    // Standalone subsets cost a second per large face: made only when an EPUB or the preview embeds them.
    const embedsWebFonts = prepared.formats.some((f) => f === 'epub' || f === 'html');
    const fonts = await webFonts(plan, { chunkedOnly: !embedsWebFonts, keepDecodedChunks: options.cache !== undefined });
    for (const f of fonts) fontUse.push({ edition: book.edition, role: f.role, label: f.label, glyphs: f.glyphs, subsetBytes: f.data.length });
    for (const format of prepared.formats) {
      const started = performance.now();
      options.onStage?.(`${format} ${book.edition}`, { done: done++, total });
      // The PDF reads the cover only for its first page, which it draws after the body; the print edition not at all.
      if (format === 'epub' || format === 'html') await coverDrawn;
      if (format === 'html') {
        // A folder, not a file: <slug>.<edition>/index.html and its pages, swapped in whole.
        const dir = join(options.outDir, `${book.meta.slug}.${book.edition}`);
        const { renderHtml } = await RENDERERS.html();
        const bytes = writeDirAtomic(dir, renderHtml({ book, plan, fonts }));
        outputs.push({ path: join(dir, 'index.html'), edition: book.edition, format, bytes, ms: performance.now() - started });
        continue;
      }
      const path = join(options.outDir, `${book.meta.slug}.${book.edition}.${format === 'print' ? 'print.pdf' : format}`);
      const rendered = await renderFormat(format, book, plan, fonts, prepared.diagnostics, prepared.print, format === 'epub' ? options.cache?.deflateCacheFor(path) : undefined, coverDrawn);
      // One file per format, except print: the book block and its cover, both rendered before either is written.
      const files = Buffer.isBuffer(rendered) ? [{ path, bytes: rendered, pages: undefined }] : rendered.map((f) => ({ ...f, path: join(options.outDir, `${book.meta.slug}.${book.edition}.${f.name}`) }));
      // A cover that could not be drawn fails the edition before any of its files is written.
      await coverDrawn;
      for (const f of files) {
        writeFileAtomic(f.path, f.bytes);
        outputs.push({ path: f.path, edition: book.edition, format, bytes: f.bytes.length, pages: f.pages, ms: performance.now() - started });
      }
    }
  }
  options.onStage?.('done', { done: total, total });
  return { diagnostics: prepared.diagnostics.items, outputs, fonts: fontUse };
}

/** A format's file, or, for print, its named files (`print.pdf`, `cover.pdf`). */
type Rendered = Buffer | Array<{ name: string; bytes: Buffer; pages?: number }>;

async function renderFormat(
  format: Exclude<Format, 'html'>,
  book: Book,
  plan: FontPlan,
  fonts: WebFont[],
  diagnostics: Diagnostics,
  print?: PrintSettings,
  deflateCache?: DeflateCache,
  coverDrawn?: Promise<void>,
): Promise<Rendered> {
  switch (format) {
    case 'epub':
      return (await RENDERERS.epub()).renderEpub({ book, plan, fonts, deflateCache });
    case 'pdf':
      return (await RENDERERS.pdf()).renderPdf({ book, plan, webFonts: fonts, diagnostics, coverDrawn });
    case 'print': {
      // The cover's spine is as thick as the interior's page count makes it.
      const { renderPrint } = await RENDERERS.print();
      const out = await renderPrint({ book, plan, webFonts: fonts, diagnostics, print });
      return [
        { name: 'print.pdf', bytes: out.interior, pages: out.pages },
        { name: 'cover.pdf', bytes: out.cover, pages: 1 },
      ];
    }
  }
}

/** Starts loading the formats' renderers; a failure shows when rendering asks for the module again. */
export function preloadRenderers(formats: Format[]): void {
  for (const format of formats) RENDERERS[format]().catch(() => undefined);
}

/**
 * Each renderer is loaded only when a build asks for its format: the PDF
 * engine and pdfkit take a third of a second to load, which an EPUB-only
 * build need not pay. A build starts loading its formats' renderers early;
 * rendering asks again and gets the same module.
 */
const RENDERERS = {
  epub: () => import('../render/epub/epub.ts'),
  pdf: () => import('../render/pdf/pdf.ts'),
  print: () => import('../render/print/print.ts'),
  html: () => import('../render/html/html.ts'),
} satisfies Record<Format, () => Promise<unknown>>;
