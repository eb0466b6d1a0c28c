import { basename, join } from 'node:path';
import { DEFAULT_PRINT } from '../config/print.ts';
import { drawCover } from '../cover/draw-cover.ts';
import { BuildError } from '../diagnostics.ts';
import { readPlanFacesAhead } from '../fonts/font-plan.ts';
import { prefetchVerseChunks, webFonts } from '../fonts/web-fonts.ts';
import type { BuildOptions, BuildResult, BuiltFile, FontUse } from './api.ts';
import { fontUse } from './font-use.ts';
import { OutputWriter } from './output-writer.ts';
import { prepareBook, type ParsedSource } from './prepare.ts';
import { preloadRenderers, rendererFor } from './renderers.ts';
import { editionSteps } from './steps.ts';

/**
 * The editions of `options`, one after another on this thread: prepare the
 * book, then per edition subset its fonts, draw its cover and render each
 * format, writing each file whole. A parallel build's worker passes the
 * source its first thread parsed.
 */
export async function buildSerial(options: BuildOptions, parsed?: ParsedSource): Promise<BuildResult> {
  // The verse's WOFF2 chunks are decoded on a worker while this thread plans the fonts.
  const prepared = prepareBook(options, prefetchVerseChunks, parsed);
  if (options.strict && prepared.diagnostics.count('warning') > 0) throw new BuildError(prepared.diagnostics.items, []);
  const outputs: BuiltFile[] = [];
  const fontsUsed: FontUse[] = [];
  const total = prepared.editions.reduce((n, e) => n + editionSteps(prepared.formats, e.layouts), 0);
  let done = 0;
  // The renderers' modules load while this thread waits for the fonts (decoded on a worker) and the cover (on the pool).
  preloadRenderers(prepared.formats);
  const writer = new OutputWriter();
  try {
    await renderEditions();
  } catch (e) {
    // Whatever stopped the build, the outputs already started land whole (or the first of them to fail is the error).
    await writer.done();
    throw e;
  }
  await writer.done();
  options.cache?.keepDeflated(outputs.map((o) => cacheKey(o.edition, o.layout, o.format)));
  options.onStage?.('done', { done: total, total });
  return { diagnostics: prepared.diagnostics.items, outputs, fonts: fontsUsed };

  async function renderEditions(): Promise<void> {
    for (const { book, plan, reviewFiles, layouts } of prepared.editions) {
      // Subset once per edition: the EPUB embeds these, the PDF draws chunked families from them.
      options.onStage?.(`subset fonts ${book.edition}`, { done: done++, total });
      // A PDF lays out and subsets from its faces' whole files: read on the thread pool meanwhile.
      const facesRead = prepared.formats.some((f) => f === 'pdf' || f === 'print') ? readPlanFacesAhead(plan) : undefined;
      // Every renderer reads the cover from the model; drawn per edition, in its script and fonts,
      // on the thread pool while this thread subsets the book's fonts and, for a PDF, sets its body.
      const coverDrawn = book.cover ? undefined : drawCover(book, plan).then((asset) => void (book.cover = asset));
      // Awaited below; until then a failure must not count as unhandled.
      coverDrawn?.catch(() => undefined);
      // Standalone subsets are made only when an EPUB or the preview embeds them; a PDF subsets what it draws.
      const embedsWebFonts = prepared.formats.some((f) => f === 'epub' || f === 'html');
      const fonts = await webFonts(plan, { chunkedOnly: !embedsWebFonts, keepDecodedChunks: options.cache !== undefined });
      fontsUsed.push(...fontUse(book.edition, plan, fonts));
      const name = (suffix: string) => join(options.outDir, `${book.meta.slug}.${book.edition}${suffix ? `.${suffix}` : ''}`);
      // Horizontal first; a vertical output's names carry `vertical` so both layouts can ship.
      // The review lists the conversion's choices, the same in either layout: written once, unprefixed.
      const jobs = layouts.flatMap((layout, k) => prepared.formats.filter((f) => f !== 'review' || k === 0).map((format) => ({ layout, format })));
      for (const { layout, format } of jobs) {
        // An earlier output that could not be written stops the build here, not at its end.
        writer.check();
        // Only a PDF lays out from the faces' whole files; an EPUB before it need not wait for them.
        if (format === 'pdf' || format === 'print') await facesRead;
        const started = performance.now();
        const prefix = layout === 'vertical' && format !== 'review' ? 'vertical' : '';
        const named = (suffix: string) => name([prefix, suffix].filter(Boolean).join('.'));
        options.onStage?.(`${format}${prefix ? ` ${prefix}` : ''} ${book.edition}`, { done: done++, total });
        const renderer = await rendererFor(format);
        const warningsBefore = prepared.diagnostics.count('warning');
        const rendered = await renderer.render({
          book,
          plan,
          layout,
          webFonts: fonts,
          diagnostics: prepared.diagnostics,
          print: prepared.print ?? DEFAULT_PRINT,
          coverDrawn,
          deflateCache: options.cache?.deflateCacheFor(cacheKey(book.edition, layout, format)),
          outputName: (suffix) => basename(named(suffix)),
          reviewFiles,
        });
        // Laying out finds what checking cannot (a loose line): under --strict the build stops
        // before writing this format; what it wrote before stays, each file whole.
        if (options.strict && prepared.diagnostics.count('warning') > warningsBefore) throw new BuildError(prepared.diagnostics.items, outputs.map((o) => o.path));
        // A cover that could not be drawn fails the edition before any of its files is written.
        await coverDrawn;
        // Every output of a format is rendered before any is written (print: the book block and its cover);
        // the review's files are made as they are written, from what the build collected.
        for (const out of rendered) {
          const written = await writer.write(named(out.suffix), out);
          // The time to make the output and hand its bytes over; the disk's wait overlaps the next format.
          outputs.push({ path: written.path, edition: book.edition, format, layout, bytes: written.bytes, pages: out.kind === 'file' ? out.pages : undefined, ms: performance.now() - started });
        }
      }
    }
  }
}

/** A watch session's deflated entries, per output: named as the output is (`zh-Hans.epub`, `zh-Hant-TW.vertical.epub`). */
function cacheKey(edition: string, layout: string, format: string): string {
  return layout === 'vertical' ? `${edition}.vertical.${format}` : `${edition}.${format}`;
}

