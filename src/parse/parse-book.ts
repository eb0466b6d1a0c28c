import { basename, join } from 'node:path';
import { CONFIG_FILE } from '../config/config-file.ts';
import type { BookConfig } from '../config/load.ts';
import { bookSlug } from '../config/slug.ts';
import { Diagnostics } from '../diagnostics.ts';
import type { SourceFile } from '../load/manuscript.ts';
import type { Book, BookMeta, Chapter } from '../model/book.ts';
import { AssetStore } from './assets.ts';
import { noteFrontMatter } from './front-matter.ts';
import type { ChapterCache } from './chapter-cache.ts';
import { parseChapterHeading } from './chapter-label.ts';
import { createMarkdown } from './markdown.ts';
import { ChapterConverter } from './to-model.ts';
import { deriveIdentifier } from '../model/identifier.ts';
import { SourceColumns } from './source-columns.ts';

export interface ParseOptions {
  /** Chapters of earlier builds in a watch session. */
  cache?: ChapterCache;
  /**
   * Work on a freshly parsed chapter that depends on it alone (the source
   * transforms' chapter steps, the chapter lints): cached with the parse.
   */
  finishChapter?: (chapter: Chapter, diagnostics: Diagnostics) => void;
}

/** Parses every chapter once into the Simplified (source) book; a cache lets a watch session skip unchanged chapters. */
export function parseBook(files: SourceFile[], config: BookConfig, diagnostics: Diagnostics, modified: Date, options: ParseOptions = {}): Book {
  const { cache, finishChapter } = options;
  const md = createMarkdown();
  const assets = new AssetStore(config.dir);
  const width = Math.max(3, String(files.length).length);
  const buildKey = cache?.buildKey(config);
  const chapters: Chapter[] = files.map((f, index) => {
    const id = `c${String(index + 1).padStart(width, '0')}`;
    const key = buildKey === undefined ? undefined : cache!.key(buildKey, f.path, id);
    const hit = key ? cache!.get(key, f.text) : undefined;
    if (hit) {
      for (const d of hit.diagnostics) diagnostics.add(d);
      for (const a of hit.assets) assets.assets.set(a.name, a);
      return hit.chapter;
    }
    const own = new Diagnostics();
    assets.requested.clear();
    const chapter = parseChapter(md, f, id, assets, own);
    // A chapter whose parse failed is not worth normalising: the build stops after this stage.
    if (finishChapter && !own.hasErrors) finishChapter(chapter, own);
    for (const d of own.items) diagnostics.add(d);
    // A chapter with errors (an image missing, say) is parsed again next time: what it lacked may be there by then.
    if (key && !own.hasErrors) cache!.set(key, f.text, chapter, own.items, [...assets.requested].map((name) => assets.assets.get(name)!));
    return chapter;
  });
  cache?.sweep();
  checkNumbering(chapters, diagnostics);
  return { meta: bookMeta(config, chapters, modified), edition: 'zh-Hans', chapters, assets: assets.assets, toc: config.toc };
}

function parseChapter(md: ReturnType<typeof createMarkdown>, f: SourceFile, id: string, assets: AssetStore, diagnostics: Diagnostics): Chapter {
  const env = { file: f.path, diagnostics, frontMatter: noteFrontMatter(f.text, f.path, diagnostics), columns: new SourceColumns(f.text) };
  const tokens = md.parse(f.text, env);
  const converted = new ChapterConverter(tokens, env, assets, id).convert();
  const heading = converted.heading;
  if (!heading) {
    // A heading typed with the input method's full-width ＃ is a paragraph to Markdown.
    const wide = /^[ \t\u3000]*＃/mu.exec(f.text);
    const hint = wide ? ` (line ${f.text.slice(0, wide.index).split('\n').length} starts with a full-width ＃: a heading starts with an ASCII #)` : '';
    diagnostics.warn('parse:no-heading', `chapter has no '# 第N章：标题' heading; its file name is used as the title${hint}`, { file: f.path, line: 1 });
  }
  const label = parseChapterHeading(heading?.text ?? basename(f.path, '.md'));
  if (!converted.meta) {
    diagnostics.warn('meta:missing', 'chapter has no 元信息标注 comment; its people and events are left out of the appendices', {
      file: f.path,
      line: heading?.line ?? 1,
    });
  }
  return {
    id,
    file: f.path,
    ...label,
    headingLine: heading?.line ?? 1,
    meta: converted.meta,
    blocks: converted.blocks,
    footnotes: converted.footnotes,
  };
}

/** Duplicates and numbers that go backwards are warnings; gaps are not, since one chapter may be built alone. */
function checkNumbering(chapters: Chapter[], diagnostics: Diagnostics): void {
  const seen = new Map<number, Chapter>();
  let previous: Chapter | undefined;
  for (const ch of chapters) {
    if (ch.number === undefined) continue;
    const at = { file: ch.file, line: ch.headingLine };
    const dup = seen.get(ch.number);
    if (dup) diagnostics.warn('chapter:duplicate-number', `${ch.label} repeats the number of ${basename(dup.file)}`, at);
    else if (previous?.number !== undefined && ch.number < previous.number) {
      // The book's order is the files' (or book.yaml's `order`), never the labels': say how to set it.
      diagnostics.warn('chapter:out-of-order', `${ch.label} comes after ${previous.label} (${basename(previous.file)}): the book follows its files (by name, or as book.yaml's order: lists them), not their labels; number the files 01-…, 02-…, or list them under order:`, at);
    }
    seen.set(ch.number, ch);
    previous = ch;
  }
}

function bookMeta(config: BookConfig, chapters: Chapter[], modified: Date): BookMeta {
  const b = config.book;
  const title = b.title ?? (chapters[0].title || chapters[0].label || '无题');
  const author = b.author ?? '佚名';
  return {
    title,
    subtitle: b.subtitle,
    author,
    publisher: b.publisher,
    description: b.description,
    rights: b.rights,
    slug: bookSlug(config),
    identifier: b.identifier ?? deriveIdentifier(`${title}\u0000${author}`),
    published: b.published,
    modified,
    ...(b.accessibility ? { accessibility: { ...b.accessibility } } : {}),
    ...(config.textLines ? { textLines: config.textLines, textFile: join(config.dir, CONFIG_FILE) } : {}),
  };
}
