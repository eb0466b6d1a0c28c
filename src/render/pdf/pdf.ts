import PDFDocument from 'pdfkit';
import type { Diagnostics } from '../../diagnostics.ts';
import type { FontPlan } from '../../fonts/coverage.ts';
import type { WebFont } from '../../fonts/subset.ts';
import { chapterNavTitle, type Book, type Inline } from '../../model/book.ts';
import { uiStrings } from '../../text/ui-strings.ts';
import { inlineAtoms, type PunctuationStyle } from './atoms.ts';
import { baselineIn, BlockLayout, type LayoutContext } from './block-layout.ts';
import { paginate, type DrawOp, type FlowBox, type LaidPage } from './flow.ts';
import { GlyphWriter } from './glyph-writer.ts';
import { composeParagraph, type ComposedLine } from './line-breaker.ts';
import { pdfFontSet } from './pdf-fonts.ts';
import { loadTheme, type Theme } from './theme.ts';

export interface PdfInput {
  book: Book;
  plan: FontPlan;
  webFonts: WebFont[];
  diagnostics: Diagnostics;
  theme?: Theme;
}

export function punctuationStyle(edition: Book['edition']): PunctuationStyle {
  return edition === 'zh-Hant-TW' ? 'tw' : edition === 'zh-Hant-HK' ? 'hk' : 'sc';
}

interface TocEntry {
  id: string;
  title: string;
  level: number;
}

/**
 * Book model → screen PDF: a title page and a table of contents (front
 * matter, numbered i, ii …), then every chapter from a fresh page, with
 * running heads, folios, an outline and working links.
 */
export async function renderPdf(input: PdfInput): Promise<Buffer> {
  const { book, plan, diagnostics } = input;
  const theme = input.theme ?? loadTheme();
  const fonts = pdfFontSet(plan, input.webFonts);
  const ctx: LayoutContext = { book, plan, fonts, theme, style: punctuationStyle(book.edition), diagnostics };
  const textHeight = theme.pitch * theme.body.lines;

  const layout = new BlockLayout(ctx);
  const bodyPages = paginate(book.chapters.flatMap((ch) => layout.chapterBoxes(ch)), textHeight);

  const toc = tocEntries(book);
  const titlePage = titlePageBoxes(layout, book, theme);
  // Lay the contents out once with placeholder numbers to learn how many pages it takes.
  const tocPagesCount = paginate(tocBoxes(ctx, toc, new Map()), textHeight).length;
  const frontCount = 1 + tocPagesCount;
  const pageOf = new Map<string, number>();
  bodyPages.forEach((p, i) => {
    for (const op of p.ops) if (op.op === 'anchor' && !pageOf.has(op.id)) pageOf.set(op.id, i + 1);
  });
  const tocPages = paginate(tocBoxes(ctx, toc, pageOf), textHeight);
  if (tocPages.length !== tocPagesCount) throw new Error('table of contents changed length between passes');

  const pages: Array<LaidPage & { folio?: string; front: boolean }> = [
    { ...paginate(titlePage, textHeight)[0], front: true },
    ...tocPages.map((p, i) => ({ ...p, folio: roman(i + 2), front: true })),
    ...bodyPages.map((p, i) => ({ ...p, folio: String(i + 1), front: false })),
  ];

  const modified = book.meta.modified;
  const doc = new PDFDocument({
    size: [theme.pageWidth, theme.pageHeight],
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    lang: book.edition,
    displayTitle: true,
    compress: true,
    info: {
      Title: book.meta.title,
      Author: book.meta.author,
      Subject: book.meta.description ?? book.meta.subtitle ?? '',
      Creator: 'suanfa-jianghu book pipeline',
      Producer: 'pdfkit',
      CreationDate: modified,
      ModDate: modified,
    },
  } as PDFKit.PDFDocumentOptions);
  escapeXmp(doc);
  const writer = new GlyphWriter(doc as never);
  const chapterTitle = new Map(book.chapters.map((c) => [c.id, chapterNavTitle(c)]));
  const outline = new OutlineBuilder(doc);
  const left = (theme.pageWidth - theme.measureWidth) / 2;
  const top = theme.page.marginTop;

  for (const page of pages) {
    doc.addPage({ size: [theme.pageWidth, theme.pageHeight], margin: 0 });
    for (const op of page.ops) drawOp(op);
    furniture(page);
  }
  (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.PageLabels = {
    Nums: [0, { S: 'r' }, frontCount, { S: 'D', St: 1 }],
  };
  return finish(doc);

  function drawOp(op: DrawOp): void {
    switch (op.op) {
      case 'text':
        writer.line(op.line, left + op.x, top + op.baseline);
        decorations(op.line, left + op.x, top + op.baseline);
        break;
      case 'rule':
        doc.save().lineWidth(op.width).moveTo(left + op.x1, top + op.y1).lineTo(left + op.x2, top + op.y2);
        if (op.dotted) doc.lineCap('round').dash(0.01, { space: op.width * 3 });
        doc.stroke('black').restore();
        break;
      case 'link':
        doc.goTo(left + op.x, top + op.y, op.width, op.height, op.dest);
        break;
      case 'image':
        doc.image(Buffer.from(op.asset.data), left + op.x, top + op.y, { width: op.width, height: op.height });
        break;
      case 'dest':
        doc.addNamedDestination(op.name, 'XYZ', 0, top + op.y - theme.pitch, null);
        break;
      case 'outline':
        outline.add(op.level, op.title, top + op.y - theme.pitch);
        break;
      case 'anchor':
        break;
    }
  }

  /** Emphasis dots under characters and link areas over linked text. */
  function decorations(line: ComposedLine, x: number, baseline: number): void {
    for (const p of line.placed) {
      const a = p.atom;
      const x0 = x + line.offset + p.x;
      if (a.style.emphasis && a.kind !== 'space' && a.kind !== 'punct') {
        doc.circle(x0 + p.advance / 2, baseline + a.size * 0.3, a.size * 0.07).fill('black');
      }
      if (a.style.link && a.kind !== 'space') {
        const h = a.size;
        if (a.style.link.startsWith('#')) doc.goTo(x0, baseline - h * 0.88, p.advance, h, a.style.link.slice(1));
        else doc.link(x0, baseline - h * 0.88, p.advance, h, a.style.link);
      }
    }
  }

  function furniture(page: (typeof pages)[number]): void {
    if (!page.folio) return;
    const size = theme.furniture.size;
    const foot = top + textHeight + theme.pitch * 1.5;
    drawCentred(page.folio, foot, size);
    if (!theme.furniture.runningHeads || page.opening || page.front) return;
    const even = Number(page.folio) % 2 === 0;
    const head = even ? book.meta.title : page.chapterId ? chapterTitle.get(page.chapterId) : undefined;
    if (head) drawCentred(head, top - theme.pitch * 1.2, size);
  }

  function drawCentred(text: string, baseline: number, size: number): void {
    const atoms = inlineAtoms([{ kind: 'text', text, line: 0 }], { fonts, role: 'body', size, style: ctx.style });
    const [line] = composeParagraph({ atoms, measure: theme.measureWidth, firstIndent: 0, restIndent: 0, align: 'center', em: size });
    if (line) writer.line(line, left, baseline);
  }
}

function tocEntries(book: Book): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const ch of book.chapters) {
    entries.push({ id: ch.id, title: chapterNavTitle(ch), level: 1 });
    const visit = (blocks: typeof ch.blocks) => {
      for (const b of blocks) {
        if (b.kind === 'heading' && b.role === 'section') entries.push({ id: b.id, title: inlineTextOf(b.content), level: 2 });
        else if (b.kind === 'note' || b.kind === 'recap' || b.kind === 'quote') visit(b.blocks);
      }
    };
    visit(ch.blocks);
  }
  return entries;
}

function inlineTextOf(inlines: Inline[]): string {
  return inlines.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : 'children' in n ? inlineTextOf(n.children) : '')).join('');
}

function titlePageBoxes(layout: BlockLayout, book: Book, theme: Theme): FlowBox[] {
  const size = theme.body.size;
  const line = (text: string, scale: number, role: 'heading' | 'body') =>
    layout.textBoxes([{ kind: 'text', text, line: 0 }], { role, size: size * scale, inset: 0, firstIndent: 0, restIndent: 0, align: 'center', pitch: Math.max(theme.pitch, size * scale * 1.6) });
  return [
    { height: theme.pitch * 6, ops: [] },
    ...line(book.meta.title, 2.2, 'heading'),
    ...(book.meta.subtitle ? line(book.meta.subtitle, 1.2, 'body') : []),
    { height: theme.pitch * 3, ops: [] },
    ...line(book.meta.author, 1.2, 'body'),
    ...(book.meta.publisher ? [{ height: theme.pitch * 6, ops: [] }, ...line(book.meta.publisher, 1, 'body')] : []),
  ].map((b) => ({ ...b, keepWithNext: true }));
}

function tocBoxes(ctx: LayoutContext, entries: TocEntry[], pageOf: Map<string, number>): FlowBox[] {
  const { theme, fonts, style } = ctx;
  const size = theme.body.size;
  const numberWidth = size * 3;
  const heading = composeParagraph({
    atoms: inlineAtoms([{ kind: 'text', text: uiStrings(ctx.book.edition).contents, line: 0 }], { fonts, role: 'heading', size: size * 1.4, style }),
    measure: theme.measureWidth,
    firstIndent: 0,
    restIndent: 0,
    align: 'center',
    em: size * 1.4,
  });
  const boxes: FlowBox[] = [
    { height: theme.pitch * 3, ops: heading.map((l) => ({ op: 'text', line: l, x: 0, baseline: theme.pitch * 1.5 + size * 0.5 }) as DrawOp), keepWithNext: true },
  ];
  for (const e of entries) {
    const indent = e.level === 1 ? 0 : 2 * size;
    const atoms = inlineAtoms([{ kind: 'text', text: e.title, line: 0 }], { fonts, role: e.level === 1 ? 'bold' : 'body', size, style });
    const lines = composeParagraph({ atoms, measure: theme.measureWidth - numberWidth, firstIndent: indent, restIndent: indent + size, align: 'left', em: size });
    const page = pageOf.get(e.id);
    const num = composeParagraph({
      atoms: inlineAtoms([{ kind: 'text', text: page === undefined ? '000' : String(page), line: 0 }], { fonts, role: 'body', size, style }),
      measure: numberWidth,
      firstIndent: 0,
      restIndent: 0,
      align: 'left',
      em: size,
    })[0];
    lines.forEach((l, k) => {
      const ops: DrawOp[] = [{ op: 'text', line: l, x: 0, baseline: baselineIn(theme.pitch, size) }];
      if (k === lines.length - 1) {
        ops.push({ op: 'text', line: num, x: theme.measureWidth - num.width, baseline: baselineIn(theme.pitch, size) });
        // Dotted leader between the title and its page number.
        const from = l.offset + l.width + size * 0.5;
        const to = theme.measureWidth - num.width - size * 0.5;
        const y = baselineIn(theme.pitch, size) - size * 0.1;
        if (to > from) ops.push({ op: 'rule', x1: from, y1: y, x2: to, y2: y, width: 0.8, dotted: true });
      }
      ops.push({ op: 'link', x: 0, y: 0, width: theme.measureWidth, height: theme.pitch, dest: e.id });
      boxes.push({ height: theme.pitch, ops });
    });
  }
  return boxes;
}

/** Outline items nest by level under the last item of the level above. */
class OutlineBuilder {
  private readonly stack: Array<{ level: number; item: OutlineItem }> = [];

  constructor(private readonly doc: InstanceType<typeof PDFDocument>) {}

  add(level: number, title: string, y: number): void {
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    const parent = (this.stack.length ? this.stack[this.stack.length - 1].item : this.doc.outline) as OutlineItem;
    const item = parent.addItem(title, { expanded: level === 1 });
    const page = (this.doc as unknown as { page: { dictionary: unknown; height: number } }).page;
    // pdfkit's own XYZ destination jumps to the page's right edge; point at the heading instead.
    item.outlineData.Dest = [page.dictionary, 'XYZ', 0, page.height - Math.max(0, y), null];
    this.stack.push({ level, item });
  }
}

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  outlineData: Record<string, unknown>;
}

/** pdfkit writes Title and Author into XMP unescaped; escape them there, and only there. */
function escapeXmp(doc: InstanceType<typeof PDFDocument>): void {
  const d = doc as unknown as { _addInfo(): void; info: Record<string, unknown> };
  const original = d._addInfo.bind(d);
  const esc = (v: unknown) => (typeof v === 'string' ? v.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;') : v);
  d._addInfo = () => {
    const raw = d.info;
    d.info = { ...raw, Title: esc(raw.Title), Author: esc(raw.Author), Subject: esc(raw.Subject), Creator: esc(raw.Creator), Keywords: esc(raw.Keywords) };
    try {
      original();
    } finally {
      d.info = raw;
    }
  };
}

function finish(doc: InstanceType<typeof PDFDocument>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function roman(n: number): string {
  const table: Array<[number, string]> = [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let s = '';
  for (const [v, r] of table) while (n >= v) {
    s += r;
    n -= v;
  }
  return s;
}
