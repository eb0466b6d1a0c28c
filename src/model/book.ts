/**
 * The typed book model: the contract between the parser, the transforms and
 * every renderer. Renderers only read it; transforms return a new or mutated
 * book in a listed order (src/transforms/index.ts).
 */
import type { EditionTag } from '../config/editions.ts';
import type { EditionIsbns, TocOptions } from '../config/publication.ts';
import type { MetaTextLines } from '../config/meta-texts.ts';

export type Inline =
  | { kind: 'text'; text: string; line: number }
  /** `*x*` in the manuscript: emphasis dots (着重号), never italics. */
  | { kind: 'emphasis'; children: Inline[] }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'code'; text: string; line: number }
  | { kind: 'link'; href: string; children: Inline[] }
  /** A call of a footnote, shown by its number (Footnote.label). */
  | { kind: 'footnoteRef'; id: string; label: string }
  /** A hard line break inside a paragraph (two trailing spaces or a backslash). */
  | { kind: 'lineBreak' };

export type HeadingRole =
  /** `**【…】**` or `##`: in the navigation under its chapter. */
  | 'section'
  /** `###`: in the navigation under its section. */
  | 'subsection'
  /** `**第一层：…**` alone in a paragraph: a bold line, not in the navigation. */
  | 'runin';

export type Block =
  | { kind: 'paragraph'; content: Inline[]; line: number }
  /** The traditional closing formula, 欲知后事如何…下回分解. */
  | { kind: 'closing'; content: Inline[]; line: number }
  /**
   * `routine`: a section every chapter has (the opening poem, the recap, the
   * author's note), kept out of the contents unless book.yaml `toc.routine`.
   */
  | { kind: 'heading'; role: HeadingRole; id: string; content: Inline[]; line: number; routine?: boolean }
  /** Verse: one entry per verse line, whatever the editor did to the trailing spaces. */
  | { kind: 'poem'; lines: Inline[][]; line: number }
  | { kind: 'recap'; blocks: Block[]; line: number }
  /** The author's note: from 【作者注】 to the chapter's end. */
  | { kind: 'note'; blocks: Block[]; line: number }
  | { kind: 'quote'; blocks: Block[]; line: number }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][]; line: number }
  /** `---`: a break between the chapter's parts. */
  | { kind: 'partBreak'; line: number }
  /** An image on its own; its alt text is shown as the caption, so it is story text like any other. */
  /**
   * `alt`: the image's own description (`![alt](src "caption")`). Absent when
   * the Markdown gave only one text: that text is the caption, and the image
   * is labelled by it rather than described twice to a screen reader.
   */
  | { kind: 'figure'; id: string; image: ImageRef; alt?: Inline[]; caption: Inline[]; line: number }
  | { kind: 'table'; align: Array<'left' | 'center' | 'right' | null>; head: Inline[][]; rows: Inline[][][]; line: number }
  | { kind: 'codeBlock'; text: string; line: number };

export interface ImageRef {
  /** Key into Book.assets. */
  asset: string;
}

export interface ChapterMeta {
  time?: string;
  place?: string;
  people: string[];
  event?: string;
  meaning?: string;
  /** Where the comment sits, for diagnostics about its fields. */
  line: number;
}

export interface Footnote {
  id: string;
  /**
   * The mark the note is shown by: its number in the chapter, 1, 2, … in
   * the order of first calls, as Markdown tools number notes. The
   * manuscript's label (`[^bp]`, `[^注一]`) only names it.
   */
  label: string;
  blocks: Block[];
}

export interface Chapter {
  /** Stable, ASCII, zero-padded: used for file names, anchors and PDF destinations. */
  id: string;
  /** Absolute path of the manuscript file. */
  file: string;
  /** 第七章, 楔子 …; absent for a heading without a label. */
  label?: string;
  /** The number read from the label (第十二章 = 12). */
  number?: number;
  title: string;
  headingLine: number;
  meta?: ChapterMeta;
  blocks: Block[];
  footnotes: Footnote[];
  /** Generated back matter (人物谱, 大事年表), not a story chapter. */
  appendix?: boolean;
}

export interface Asset {
  /** Deterministic name inside outputs, e.g. `img-01-2f3a9c1b.png`. */
  name: string;
  mediaType: 'image/png' | 'image/jpeg';
  data: Uint8Array;
  /** Absolute source path, for diagnostics. */
  source: string;
  /** As shown: a JPEG's EXIF orientation turned, as readers and pdfkit turn it. */
  width: number;
  height: number;
  /** A JPEG's EXIF orientation (2–8) when it has one: how the stored pixels turn to be shown. */
  orientation?: number;
  /** A JPEG's colour components: 1 gray, 3 YCbCr or RGB (which the print PDF converts), 4 CMYK. */
  components?: number;
  /** What the image says, for its alt text, when the pipeline drew it (a cover's title, author and edition). */
  alt?: string;
}

export interface BookMeta {
  title: string;
  subtitle?: string;
  author: string;
  publisher?: string;
  description?: string;
  /** The rights statement (book.yaml `rights`), as the copyright pages and dc:rights give it. */
  rights?: string;
  slug: string;
  /** The book's identifier; each edition derives its own from it. */
  identifier: string;
  /** dc:date, ISO date. */
  published?: string;
  /** The moment written into dcterms:modified and every file timestamp. */
  modified: Date;
  /** This edition's ISBNs (book.yaml `isbn`), set when the edition is prepared. */
  isbn?: EditionIsbns;
  /** book.yaml `accessibility`: the summary replacing the derived one, and who evaluated the book. */
  accessibility?: { summary?: string; certifiedBy?: string };
  /** Where book.yaml writes each of its texts: the review's rows point there. */
  textLines?: MetaTextLines;
  /** book.yaml's path, the file `textLines` count in: what a renderer reports about a text points there. */
  textFile?: string;
}

export interface Book {
  meta: BookMeta;
  edition: EditionTag;
  chapters: Chapter[];
  assets: Map<string, Asset>;
  /**
   * The front cover, per edition: the author's image (book.yaml `cover`) or
   * one drawn from templates/cover.svg with the edition's title and fonts.
   * Set by build() before any renderer runs; absent for `check` and fragments.
   */
  cover?: Asset;
  /** book.yaml `toc`: what the contents lists. Absent for fragments (then DEFAULT_TOC). */
  toc?: TocOptions;
}

export function chapterNavTitle(ch: Pick<Chapter, 'label' | 'title'>): string {
  if (ch.label && ch.title) return `${ch.label}\u3000${ch.title}`;
  return ch.label || ch.title;
}
