import { join } from 'node:path';
import { loadConfig } from './config/load.ts';
import type { EditionTag, Format } from './config/editions.ts';
import { BuildError, Diagnostics, type Diagnostic } from './diagnostics.ts';
import { planFonts, reportMissingGlyphs, type FontPlan } from './fonts/coverage.ts';
import { fontChains } from './fonts/sources.ts';
import { webFonts, type WebFont } from './fonts/subset.ts';
import { lintBrackets } from './lint/brackets.ts';
import { loadManuscript } from './load/manuscript.ts';
import { readCoverAsset } from './cover/author-cover.ts';
import type { Book, Chapter } from './model/book.ts';
import { writeFileAtomic } from './output/atomic-write.ts';
import type { BuildCache } from './build-cache.ts';
import type { DeflateCache } from './output/zip.ts';
import { parseBook } from './parse/parse-book.ts';
import { writeDirAtomic } from './output/atomic-dir.ts';
import { drawCover } from './cover/draw-cover.ts';
import type { PrintSettings } from './config/print.ts';
import { editionTransforms, SOURCE_TRANSFORMS } from './transforms/index.ts';
import { runTransform } from './transforms/transform.ts';

export interface BuildOptions {
  /** Absolute manuscript folder (holds book.yaml and the chapters). */
  chaptersDir: string;
  /** Absolute output folder. */
  outDir: string;
  /** Override book.yaml's editions / formats. */
  editions?: EditionTag[];
  formats?: Format[];
  /** Seconds since 1970, as the reproducible-builds convention passes it. */
  sourceDateEpoch?: string;
  allowMissingGlyphs?: boolean;
  /** Any warning fails the build, before anything is written. */
  strict?: boolean;
  /** What a watch session keeps between its builds. */
  cache?: BuildCache;
  /**
   * Worker threads for a build of several editions (default 1). Needs a
   * runtime that can load this package's TypeScript in a worker (tsx), as
   * the CLI has; the outputs are identical to a serial build's.
   */
  workers?: number;
  /**
   * Called as each stage starts, for progress display. The rendering stages
   * also say how far the build is: `step` counts them across every edition and format.
   */
  onStage?: (stage: string, step?: { done: number; total: number }) => void;
}

export interface BuiltFile {
  path: string;
  edition: EditionTag;
  format: Format;
  bytes: number;
  /** Page count, for the formats that have pages. */
  pages?: number;
  ms: number;
}

/** One embedded face of one edition, for the build's font report. */
export interface FontUse {
  edition: EditionTag;
  role: string;
  label: string;
  glyphs: number;
  /**
   * Bytes of the standalone subset embedded in the EPUB. A build with no
   * EPUB or preview makes only the chunked families' subsets (the PDF embeds
   * its own), so only those are listed.
   */
  subsetBytes: number;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  outputs: BuiltFile[];
  fonts: FontUse[];
}

export interface PreparedEdition {
  book: Book;
  plan: FontPlan;
}

export interface PreparedBook {
  diagnostics: Diagnostics;
  editions: PreparedEdition[];
  formats: Format[];
  /** book.yaml `print:`, for the print PDF and its cover. */
  print?: PrintSettings;
}

/**
 * Load → parse once → source transforms → per edition: transforms and font
 * plan. Shared by `build` and `check`; writes nothing. Throws BuildError when
 * the manuscript has errors, with every diagnostic gathered so far.
 */
export function prepareBook(options: BuildOptions): PreparedBook {
  const diagnostics = new Diagnostics();
  const stop = () => {
    if (diagnostics.hasErrors) throw new BuildError(diagnostics.items);
  };
  try {
    options.onStage?.('load');
    const config = loadConfig(options.chaptersDir);
    const files = loadManuscript(config, diagnostics, options.cache?.decoded);
    options.onStage?.('parse');
    const sourceContext = { edition: 'zh-Hans' as const, manuscriptDir: config.dir, appendices: config.appendices };
    // Each chapter goes through the source transforms' chapter steps as it is parsed,
    // so a watch session keeps the normalised chapter, not just the parsed one.
    const finishChapter = (chapter: Chapter, own: Diagnostics) => {
      for (const t of SOURCE_TRANSFORMS) t.chapter?.(chapter, { ...sourceContext, diagnostics: own });
      lintBrackets(chapter, own);
    };
    const modified = modifiedDate(options.sourceDateEpoch, config.book.modified);
    const source = parseBook(files, config, diagnostics, modified, { cache: options.cache?.chapters, finishChapter });
    stop();
    for (const t of SOURCE_TRANSFORMS) t.book?.(source, { ...sourceContext, diagnostics });
    // The author's own cover serves every edition; without one, build() draws each edition's.
    if (config.cover) source.cover = readCoverAsset(config.cover);

    const editions = (options.editions ?? config.editions).map((edition) => {
      options.onStage?.(`transform ${edition}`);
      const book: Book = edition === 'zh-Hans' ? source : { ...structuredClone(source), edition };
      for (const t of editionTransforms(edition)) runTransform(t, book, { edition, diagnostics, manuscriptDir: config.dir });
      options.onStage?.(`fonts ${edition}`);
      const plan = planFonts(book, fontChains(edition, config.fonts), diagnostics);
      reportMissingGlyphs(plan, diagnostics, options.allowMissingGlyphs ?? false);
      return { book, plan };
    });
    stop();
    return { diagnostics, editions, formats: options.formats ?? config.formats, print: config.print };
  } catch (e) {
    // Keep what earlier stages reported alongside the error that stopped the build.
    if (e instanceof BuildError) throw new BuildError([...diagnostics.items, ...e.diagnostics.filter((d) => !diagnostics.items.includes(d))]);
    throw e;
  }
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  if ((options.workers ?? 1) > 1) {
    const editions = options.editions ?? loadConfig(options.chaptersDir).editions;
    if (editions.length > 1) return (await import('./parallel/build-parallel.ts')).buildInParallel(options, editions, options.workers!);
  }
  const prepared = prepareBook(options);
  if (options.strict && prepared.diagnostics.count('warning') > 0) throw new BuildError(prepared.diagnostics.items);
  const outputs: BuiltFile[] = [];
  const fontUse: FontUse[] = [];
  const total = prepared.editions.length * (1 + prepared.formats.length);
  let done = 0;
  for (const { book, plan } of prepared.editions) {
    // Subset once per edition: the EPUB embeds these, the PDF draws chunked families from them.
    options.onStage?.(`subset fonts ${book.edition}`, { done: done++, total });
    // Every renderer reads the cover from the model; drawn per edition, in its script and fonts,
    // on the thread pool while this thread subsets the book's fonts.
    const cover = book.cover ? undefined : drawCover(book, plan);
    // Awaited below; until then a failure must not count as unhandled.
    cover?.catch(() => undefined);
    // Standalone subsets cost a second per large face: made only when an EPUB or the preview embeds them.
    const embedsWebFonts = prepared.formats.some((f) => f === 'epub' || f === 'html');
    const fonts = await webFonts(plan, { chunkedOnly: !embedsWebFonts });
    for (const f of fonts) fontUse.push({ edition: book.edition, role: f.role, label: f.label, glyphs: f.glyphs, subsetBytes: f.data.length });
    if (cover) book.cover = await cover;
    for (const format of prepared.formats) {
      const started = performance.now();
      options.onStage?.(`${format} ${book.edition}`, { done: done++, total });
      if (format === 'html') {
        // A folder, not a file: <slug>.<edition>/index.html and its pages, swapped in whole.
        const dir = join(options.outDir, `${book.meta.slug}.${book.edition}`);
        const { renderHtml } = await import('./render/html/html.ts');
        const bytes = writeDirAtomic(dir, renderHtml({ book, plan, fonts }));
        outputs.push({ path: join(dir, 'index.html'), edition: book.edition, format, bytes, ms: performance.now() - started });
        continue;
      }
      const path = join(options.outDir, `${book.meta.slug}.${book.edition}.${format === 'print' ? 'print.pdf' : format}`);
      const rendered = await renderFormat(format, book, plan, fonts, prepared.diagnostics, prepared.print, format === 'epub' ? options.cache?.deflateCacheFor(path) : undefined);
      // One file per format, except print: the book block and its cover, both rendered before either is written.
      const files = Buffer.isBuffer(rendered) ? [{ path, bytes: rendered, pages: undefined }] : rendered.map((f) => ({ ...f, path: join(options.outDir, `${book.meta.slug}.${book.edition}.${f.name}`) }));
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
): Promise<Rendered> {
  // Each renderer is loaded when a build first asks for its format: the PDF engine and
  // pdfkit take a third of a second to load, which an EPUB-only build need not wait for.
  switch (format) {
    case 'epub':
      return (await import('./render/epub/epub.ts')).renderEpub({ book, plan, fonts, deflateCache });
    case 'pdf':
      return (await import('./render/pdf/pdf.ts')).renderPdf({ book, plan, webFonts: fonts, diagnostics });
    case 'print': {
      // The cover's spine is as thick as the interior's page count makes it.
      const { renderPrint } = await import('./render/pdf/print.ts');
      const out = await renderPrint({ book, plan, webFonts: fonts, diagnostics, print });
      return [
        { name: 'print.pdf', bytes: out.interior, pages: out.pages },
        { name: 'cover.pdf', bytes: out.cover, pages: 1 },
      ];
    }
  }
}

/** SOURCE_DATE_EPOCH wins, then book.yaml's `modified`, then now. */
function modifiedDate(epoch: string | undefined, configured: string | undefined): Date {
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/u.test(epoch)) {
      throw new BuildError([{ severity: 'error', rule: 'build:bad-epoch', message: `SOURCE_DATE_EPOCH must be whole seconds since 1970, got '${epoch}'` }]);
    }
    return new Date(Number(epoch) * 1000);
  }
  if (configured) return new Date(configured.length === 10 ? `${configured}T00:00:00Z` : configured);
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}
