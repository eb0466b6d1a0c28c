import { join } from 'node:path';
import { loadConfig } from './config/load.ts';
import type { EditionTag, Format } from './config/editions.ts';
import { BuildError, Diagnostics, type Diagnostic } from './diagnostics.ts';
import { planFonts, reportMissingGlyphs, type FontPlan } from './fonts/coverage.ts';
import { fontChains } from './fonts/sources.ts';
import { webFonts, type WebFont } from './fonts/subset.ts';
import { lintBrackets } from './lint/brackets.ts';
import { loadManuscript } from './load/manuscript.ts';
import type { Book } from './model/book.ts';
import { writeFileAtomic } from './output/atomic-write.ts';
import type { ChapterCache } from './parse/chapter-cache.ts';
import { parseBook } from './parse/parse-book.ts';
import { renderEpub } from './render/epub/epub.ts';
import { renderPdf } from './render/pdf/pdf.ts';
import { editionTransforms, SOURCE_TRANSFORMS } from './transforms/index.ts';

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
  /** Parsed chapters kept between the builds of a watch session. */
  chapterCache?: ChapterCache;
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
  /** Bytes of the standalone subset embedded in the EPUB. */
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
    const files = loadManuscript(config, diagnostics);
    options.onStage?.('parse');
    const source = parseBook(files, config, diagnostics, modifiedDate(options.sourceDateEpoch, config.book.modified), options.chapterCache);
    stop();
    for (const t of SOURCE_TRANSFORMS) t.run(source, { edition: 'zh-Hans', diagnostics });
    lintBrackets(source, diagnostics);

    const editions = (options.editions ?? config.editions).map((edition) => {
      options.onStage?.(`transform ${edition}`);
      const book: Book = edition === 'zh-Hans' ? source : { ...structuredClone(source), edition };
      for (const t of editionTransforms(edition)) t.run(book, { edition, diagnostics, manuscriptDir: config.dir });
      options.onStage?.(`fonts ${edition}`);
      const plan = planFonts(book, fontChains(edition, config.fonts), diagnostics);
      reportMissingGlyphs(plan, diagnostics, options.allowMissingGlyphs ?? false);
      return { book, plan };
    });
    stop();
    return { diagnostics, editions, formats: options.formats ?? config.formats };
  } catch (e) {
    // Keep what earlier stages reported alongside the error that stopped the build.
    if (e instanceof BuildError) throw new BuildError([...diagnostics.items, ...e.diagnostics.filter((d) => !diagnostics.items.includes(d))]);
    throw e;
  }
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const prepared = prepareBook(options);
  if (options.strict && prepared.diagnostics.count('warning') > 0) throw new BuildError(prepared.diagnostics.items);
  const outputs: BuiltFile[] = [];
  const fontUse: FontUse[] = [];
  const total = prepared.editions.length * (1 + prepared.formats.length);
  let done = 0;
  for (const { book, plan } of prepared.editions) {
    // Subset once per edition: the EPUB embeds these, the PDF draws chunked families from them.
    options.onStage?.(`subset fonts ${book.edition}`, { done: done++, total });
    const fonts = await webFonts(plan);
    for (const f of fonts) fontUse.push({ edition: book.edition, role: f.role, label: f.label, glyphs: f.glyphs, subsetBytes: f.data.length });
    for (const format of prepared.formats) {
      const started = performance.now();
      options.onStage?.(`${format} ${book.edition}`, { done: done++, total });
      const path = join(options.outDir, `${book.meta.slug}.${book.edition}.${format === 'print' ? 'print.pdf' : format}`);
      const bytes = await renderFormat(format, book, plan, fonts, prepared.diagnostics);
      writeFileAtomic(path, bytes);
      outputs.push({ path, edition: book.edition, format, bytes: bytes.length, ms: performance.now() - started });
    }
  }
  options.onStage?.('done', { done: total, total });
  return { diagnostics: prepared.diagnostics.items, outputs, fonts: fontUse };
}

async function renderFormat(format: Format, book: Book, plan: FontPlan, fonts: WebFont[], diagnostics: Diagnostics): Promise<Buffer> {
  switch (format) {
    case 'epub':
      return renderEpub({ book, plan, fonts });
    case 'pdf':
      return renderPdf({ book, plan, webFonts: fonts, diagnostics });
    case 'print':
      throw new BuildError([{ severity: 'error', rule: 'build:unavailable', message: `format '${format}' is not built by this version yet` }]);
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
