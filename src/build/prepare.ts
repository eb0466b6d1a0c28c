import { join } from 'node:path';
import { editionLayouts, loadConfig, type BookConfig } from '../config/load.ts';
import { VERTICAL_FORMATS, type EditionTag, type Format, type Layout } from '../config/editions.ts';
import { DEFAULT_PRINT, type PrintSettings } from '../config/print.ts';
import { isbnsFor, type EditionIsbns } from '../config/publication.ts';
import { BuildError, Diagnostics, type Diagnostic } from '../diagnostics.ts';
import { resolveConfigFiles, type ResolvedFiles } from './resolve-config.ts';
import { notePrintChoices } from './print-choices.ts';
import { planFonts, requireGlyphs, type FontPlan } from '../fonts/font-plan.ts';
import { reportMissingGlyphs, type SourceSpan } from '../fonts/report-missing.ts';
import { fontChains, type FontRole, type FontSource } from '../fonts/sources.ts';
import { lintBrackets } from '../lint/brackets.ts';
import { loadManuscript } from '../load/manuscript.ts';
import { sourceLineReader } from '../load/source-line.ts';
import { glossaryFileName } from '../transforms/glossary.ts';
import type { Book, Chapter } from '../model/book.ts';
import { parseBook } from '../parse/parse-book.ts';
import { editionTransforms, SOURCE_TRANSFORMS } from '../transforms/index.ts';
import { runTransform } from '../transforms/transform.ts';
import { collectReview, notePending, type EditionReview } from '../review/collect.ts';
import { reviewFiles as renderReviewFiles, type ReviewFiles } from '../render/review/review-files.ts';
import { copyrightLines, coverPrice } from '../render/copyright-lines.ts';
import type { BuildOptions } from './api.ts';

export interface PreparedEdition {
  book: Book;
  plan: FontPlan;
  /** The review's files, when `review` is built: collected before the edition's transforms, rendered when its renderer asks. */
  reviewFiles?: () => Promise<ReviewFiles>;
  /** The layouts it is built in (`--layout`, book.yaml `layout`), horizontal first. */
  layouts: Layout[];
}

export interface PreparedBook {
  diagnostics: Diagnostics;
  editions: PreparedEdition[];
  formats: Format[];
  /** book.yaml `print:`, for the print PDF and its cover. */
  print?: PrintSettings;
}

/** Called per edition with the converted book and its font chains, before the font plan is made. */
export type BeforePlan = (book: Book, chains: Record<FontRole, FontSource[]>) => void;

/**
 * The manuscript parsed once, before any edition's transforms: what a
 * parallel build's first thread hands its workers (plain data, so it crosses
 * threads by structured clone, far cheaper than a second parse),
 * with what loading and parsing reported.
 */
export interface ParsedSource {
  source: Book;
  diagnostics: Diagnostic[];
}

/**
 * Load → parse once → source transforms. Throws BuildError when the
 * manuscript has errors, with every diagnostic gathered so far.
 */
export function parseSource(options: BuildOptions): ParsedSource {
  const diagnostics = new Diagnostics();
  const source = withEarlierDiagnostics(diagnostics, () => {
    const config = loadConfig(options.chaptersDir);
    return parseWith(options, config, resolveConfigFiles(config, diagnostics), diagnostics);
  });
  return { source, diagnostics: diagnostics.items };
}

/**
 * Load → parse once → source transforms → per edition: transforms and font
 * plan. Shared by `build` and `check`; writes nothing. Throws BuildError when
 * the manuscript has errors, with every diagnostic gathered so far. A
 * parallel build's worker passes the `parsed` source its first thread made.
 */
export function prepareBook(options: BuildOptions, beforePlan?: BeforePlan, parsed?: ParsedSource): PreparedBook {
  const diagnostics = new Diagnostics();
  return withEarlierDiagnostics(diagnostics, () => {
    const config = loadConfig(options.chaptersDir);
    const files = resolveConfigFiles(config, diagnostics);
    const wanted = options.editions ?? config.editions;
    const formats = options.formats ?? config.formats;
    // `check` counts the choices, and writes nothing.
    const writesReviews = formats.includes('review') && !options.pendingReview;
    // The chapters as read, for the review's columns: read again from disk otherwise (a parallel build's workers do).
    const sources = wanted.some((e) => e !== 'zh-Hans') && (options.pendingReview || writesReviews) ? new Map<string, string>() : undefined;
    let source: Book;
    if (parsed) {
      for (const d of parsed.diagnostics) diagnostics.add(d);
      source = parsed.source;
    } else source = parseWith(options, config, files, diagnostics, sources);

    // Read now: an edition may take the source's chapters for its own below.
    const metadata: SourceSpan[] = source.chapters.flatMap((ch) => (ch.meta && !ch.appendix ? [{ file: ch.file, comment: { line: ch.meta.line } }] : []));
    checkVerticalFormats(wanted, formats, config, options.layouts, diagnostics);
    notePrintChoices(config, formats, diagnostics);
    // One converted edition and nothing else here reads the source, and no watch session shares
    // its chapters: the edition takes the source rather than a copy.
    const sourceIsFree = wanted.length === 1 && wanted[0] !== 'zh-Hans' && !options.cache;
    const editions = wanted.map((edition) => {
      options.onStage?.(`transform ${edition}`);
      const shared: Book = edition === 'zh-Hans' ? source : sourceIsFree ? takeSource(source, edition) : { ...structuredClone(source), edition };
      // A fresh meta: the source's is shared with the other editions (and a watch session's next build).
      const book: Book = { ...shared, meta: { ...shared.meta, isbn: config.isbn?.[edition] } };
      // Read before the edition's transforms rewrite the text: the review explains their choices.
      // `check` counts the choices; a build with `review` writes them.
      const converted = edition === 'zh-Hans' ? undefined : edition;
      const writesReview = converted !== undefined && writesReviews;
      const review = converted && (options.pendingReview || writesReview) ? reviewOf(book, converted, config.dir, diagnostics, options.onStage, sources) : undefined;
      // A malformed accepted file stops a build before the edition is converted; `check` goes on to report the rest.
      if (writesReview) stopOnErrors(diagnostics);
      if (review && options.pendingReview) notePending(review, diagnostics);
      // The review has read the whole edition already: the conversion takes its readings.
      const readings = review?.readings;
      for (const t of editionTransforms(edition)) runTransform(t, book, { edition, diagnostics, manuscriptDir: config.dir, readings });
      readings?.clear();
      // Rendered when its renderer asks, with the edition's title as the converted book reads it.
      const reviewFiles = review && writesReview ? async (): Promise<ReviewFiles> => renderReviewFiles(review, book.meta.title) : undefined;
      options.onStage?.(`fonts ${edition}`);
      const chains = fontChains(edition, files.fonts);
      beforePlan?.(book, chains);
      const layouts = [...editionLayouts(config, edition, options.layouts)].sort((a, b) => (a === b ? 0 : a === 'horizontal' ? -1 : 1));
      // The EPUB's copyright page is set from book.yaml, not the manuscript: its characters (each layout's ISBN) join the subsets.
      const imprint = imprintText(edition, book.meta, layouts, config.print ?? DEFAULT_PRINT, 'ebook');
      const plan = planFonts(book, chains, diagnostics, imprint);
      if (formats.includes('print')) requireGlyphs(plan, printOnlyText(edition, book, layouts, config.print ?? DEFAULT_PRINT));
      noteSharedIsbns(edition, book.meta.isbn, layouts, formats, config, diagnostics);
      return { book, plan, reviewFiles, layouts };
    });
    reportMissingGlyphs(
      editions.map((e) => e.plan),
      diagnostics,
      options.allowMissingGlyphs ?? false,
      sourceLineReader(),
      // Where a character on no chapter line may be written: book.yaml, a chapter's metadata, a glossary's target.
      [...(config.file ? [{ file: config.file }] : []), ...metadata, ...editions.map((e) => ({ file: join(config.dir, glossaryFileName(e.book.edition)) }))],
      config.file,
      !options.everyMissingPlace,
    );
    stopOnErrors(diagnostics);
    return { diagnostics, editions, formats, print: config.print };
  });
}

/**
 * What the print edition sets that the model and the EPUB do not: its
 * copyright page (with a placeholder page count: the labels and digits),
 * CIP record, own publisher (print.publisher, on the title page and cover
 * too) and back cover.
 */
function printOnlyText(edition: EditionTag, book: Book, layouts: Layout[], print: PrintSettings): string {
  const meta = { ...book.meta, publisher: print.publisher[edition] ?? book.meta.publisher };
  return [imprintText(edition, meta, layouts, print, 'print'), print.cip[edition] ?? '', coverPrice(edition, print) ?? '', meta.description ?? ''].join('');
}

/** Every line a medium's copyright page sets, in each layout (each states its own ISBN); in print with a placeholder page count, for the labels and digits. */
function imprintText(edition: EditionTag, meta: Book['meta'], layouts: Layout[], print: PrintSettings, medium: 'print' | 'ebook'): string {
  const block = medium === 'print' ? { pages: 0, perPage: 0 } : undefined;
  return layouts.map((layout) => copyrightLines(edition, { ...meta, isbn: isbnsFor(meta.isbn, layout) }, print, medium, block).flat().join('')).join('');
}

/**
 * Both layouts built, and one ISBN for both: right when only one of them is
 * sold, but two products under one number are one to a store and a reading
 * system. Said once per edition and format, with where the other would go.
 */
function noteSharedIsbns(edition: EditionTag, isbns: EditionIsbns | undefined, layouts: Layout[], formats: Format[], config: BookConfig, diagnostics: Diagnostics): void {
  if (!isbns || !layouts.includes('vertical') || !layouts.includes('horizontal')) return;
  for (const format of ['epub', 'print'] as const) {
    if (!formats.includes(format) || !isbns[format] || isbns.vertical?.[format]) continue;
    diagnostics.info(
      'config:isbn-shared',
      `isbn.${edition}.${format} is the ISBN of both the horizontal and the vertical ${format === 'epub' ? 'EPUB' : 'print edition'}; if the vertical one is sold apart, give it its own as isbn.${edition}.vertical.${format}`,
      { file: config.file ?? config.dir },
    );
  }
}

/** What a vertical layout cannot be built as (the preview; a print edition at KDP): said before anything is built. */
function checkVerticalFormats(editions: EditionTag[], formats: Format[], config: BookConfig, override: Layout[] | undefined, diagnostics: Diagnostics): void {
  const vertical = editions.filter((e) => editionLayouts(config, e, override).includes('vertical'));
  const refused = formats.filter((f) => !VERTICAL_FORMATS.includes(f));
  if (vertical.length > 0 && formats.includes('print') && config.print?.printer === 'kdp') {
    // A vertical book is bound on the right; KDP's help pages say nothing of printing one (README, Print edition).
    diagnostics.error(
      'config:printer-binding',
      `print.printer: kdp: the vertical layout of ${vertical.join(', ')} is bound on the right, and no KDP help page says KDP prints right-bound paperbacks; use ingramspark or offset for the vertical print edition, or build it horizontally`,
      config.printerAt ?? { file: config.file ?? config.dir },
    );
  }
  if (vertical.length === 0 || refused.length === 0) return;
  diagnostics.error(
    'config:unavailable',
    `the vertical layout of ${vertical.join(', ')} is not built for ${refused.join(', ')} by this version yet (vertical: ${VERTICAL_FORMATS.join(', ')}); build those formats horizontally in a separate run`,
    { file: config.file ?? config.dir },
  );
}

/**
 * The source as a converted edition's own book. Chapters frozen because they
 * are shared (the appendices, kept for the next build) are copied: the
 * edition's transforms rewrite text in place.
 */
function takeSource(source: Book, edition: Book['edition']): Book {
  return { ...source, edition, chapters: source.chapters.map((c) => (Object.isFrozen(c) ? structuredClone(c) : c)) };
}

/** `sources`, when given, receives each chapter file as read (SourceFile.raw). */
function parseWith(options: BuildOptions, config: BookConfig, named: ResolvedFiles, diagnostics: Diagnostics, sources?: Map<string, string>): Book {
  options.onStage?.('load');
  const files = loadManuscript(config, diagnostics, options.cache?.decoded);
  if (sources) for (const f of files) if (f.raw !== undefined) sources.set(f.path, f.raw);
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
  stopOnErrors(diagnostics);
  for (const t of SOURCE_TRANSFORMS) t.book?.(source, { ...sourceContext, diagnostics });
  // The author's own cover serves every edition; without one, build() draws each edition's.
  if (named.cover) source.cover = named.cover;
  return source;
}

function reviewOf(book: Book, edition: EditionTag, dir: string, diagnostics: Diagnostics, onStage: BuildOptions['onStage'], sources?: ReadonlyMap<string, string>): EditionReview {
  onStage?.(`review ${edition}`);
  return collectReview(book, edition, dir, diagnostics, sources);
}

function stopOnErrors(diagnostics: Diagnostics): void {
  if (diagnostics.hasErrors) throw new BuildError(diagnostics.items);
}

/** Keeps what earlier stages reported alongside the error that stopped the build. */
function withEarlierDiagnostics<T>(diagnostics: Diagnostics, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof BuildError) throw new BuildError([...diagnostics.items, ...e.diagnostics.filter((d) => !diagnostics.items.includes(d))]);
    throw e;
  }
}

/** 9999-12-31T23:59:59Z, in seconds. */
const MAX_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH wins, then book.yaml's `modified`, then now. */
function modifiedDate(epoch: string | undefined, configured: string | undefined): Date {
  if (epoch !== undefined && epoch !== '') {
    // Up to the end of 9999: a later year has no four-digit form for the EPUB's dcterms:modified.
    if (!/^\d+$/u.test(epoch) || Number(epoch) > MAX_EPOCH) {
      throw new BuildError([{ severity: 'error', rule: 'build:bad-epoch', message: `SOURCE_DATE_EPOCH must be whole seconds since 1970, before the year 10000, got '${epoch}'` }]);
    }
    return new Date(Number(epoch) * 1000);
  }
  if (configured) return new Date(configured.length === 10 ? `${configured}T00:00:00Z` : configured);
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}
