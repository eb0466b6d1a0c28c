import type { Token } from 'markdown-it';
import type { Block, ChapterMeta, Footnote, HeadingRole, Inline } from '../model/book.ts';
import { inlineText } from '../model/walk.ts';
import { expandTabs } from '../text/expand-tabs.ts';
import type { ParseEnv } from './env.ts';
import { isMetadataComment, parseMetadata } from './metadata.ts';
import { sanitizeHtml } from './sanitize-html.ts';
import { convertInlines, plainTextOfTokens, trimEdges, warnHtml } from './inline-to-model.ts';
import type { AssetStore } from './assets.ts';
import { groupNote, markClosingFormula, markRoutineSections, quoteKind } from './genre.ts';
import { locatedAt } from './source-columns.ts';

export interface ConvertedChapter {
  heading?: { text: string; line: number };
  meta?: ChapterMeta;
  blocks: Block[];
  footnotes: Footnote[];
}

/**
 * Turns one chapter's markdown-it tokens into the typed model. Every character
 * of story text ends up in some block; anything unsupported becomes plain text
 * with a warning (manuscript-format.md), never nothing.
 */
export class ChapterConverter {
  private i = 0;
  private sectionCount = 0;
  private minorHeadingCount = 0;
  private figureCount = 0;
  private lastSectionTitle = '';
  private readonly footnotes: Footnote[] = [];
  private heading?: { text: string; line: number };
  private meta?: ChapterMeta;

  constructor(
    private readonly tokens: Token[],
    private readonly env: ParseEnv,
    private readonly assets: AssetStore,
    private readonly chapterId: string,
  ) {}

  convert(): ConvertedChapter {
    const top = this.blocks(null);
    // A break before anything is set would be a scene break right under the chapter title.
    if (top[0]?.kind === 'partBreak') {
      if (!(this.env.frontMatter && top[0].line === 1)) this.env.diagnostics.info('parse:leading-break', "'---' right under the chapter title separates nothing; it is left out", { file: this.env.file, line: top[0].line });
      top.shift();
    }
    const blocks = groupNote(markClosingFormula(markRoutineSections(top)));
    return { heading: this.heading, meta: this.meta, blocks, footnotes: this.footnotes };
  }

  private at(tok: Token) {
    return { file: this.env.file, line: (tok.map?.[0] ?? 0) + 1 };
  }

  /** Reads blocks until the token of type `until` (consumed) or the end. */
  private blocks(until: string | null): Block[] {
    const out: Block[] = [];
    while (this.i < this.tokens.length) {
      const tok = this.tokens[this.i];
      if (until && tok.type === until) {
        this.i++;
        return out;
      }
      this.block(tok, out);
    }
    return out;
  }

  private block(tok: Token, out: Block[]): void {
    const line = (tok.map?.[0] ?? 0) + 1;
    switch (tok.type) {
      case 'heading_open':
        return this.headingBlock(tok, out);
      case 'paragraph_open': {
        const inline = this.tokens[this.i + 1];
        this.i += 3;
        return this.paragraph(inline, line, out);
      }
      case 'blockquote_open': {
        this.i++;
        return this.blockquote(line, out);
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        this.i++;
        const ordered = tok.type === 'ordered_list_open';
        const start = Number(tok.attrGet('start') ?? 1);
        const items: Block[][] = [];
        const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
        while (this.i < this.tokens.length && this.tokens[this.i].type !== close) {
          if (this.tokens[this.i].type === 'list_item_open') {
            this.i++;
            items.push(this.blocks('list_item_close'));
          } else this.i++;
        }
        this.i++;
        out.push({ kind: 'list', ordered, start, items, line });
        return;
      }
      case 'hr':
        this.i++;
        out.push({ kind: 'partBreak', line });
        return;
      case 'fence':
      case 'code_block':
        this.i++;
        out.push({ kind: 'codeBlock', text: expandTabs(tok.content.replace(/\n$/, '')), line });
        return;
      case 'table_open':
        return this.table(line, out);
      case 'comment_block':
        this.i++;
        return this.comment(tok, line, out);
      case 'html_block':
        this.i++;
        return this.htmlBlock(tok, line, out);
      case 'footnote_block_open':
        this.i++;
        return this.footnoteBlock();
      default:
        // A token type we do not model: never expected from our markdown-it
        // configuration, but its text must not vanish if it appears.
        this.i++;
        if (tok.content) {
          this.env.diagnostics.warn('parse:unsupported', `unsupported construct '${tok.type}' set as plain text`, this.at(tok));
          out.push({ kind: 'paragraph', content: [{ kind: 'text', text: tok.content, line }], line });
        }
    }
  }

  private headingBlock(open: Token, out: Block[]): void {
    const inline = this.tokens[this.i + 1];
    this.i += 3;
    const line = (open.map?.[0] ?? 0) + 1;
    const content = this.inlines(inline?.children ?? [], line);
    const level = Number(open.tag.slice(1));
    // `## ` or `**【 】**`: an empty entry in the navigation is invalid EPUB, and there is no line to set.
    if (inlineText(content).trim() === '') {
      this.env.diagnostics.warn('parse:empty-heading', 'heading has no text; it is left out', this.at(open));
      return;
    }
    if (level === 1 && !this.heading) {
      this.heading = { text: inlineText(content), line };
      return;
    }
    const metaRole = (open.meta as { role?: HeadingRole } | null)?.role;
    const role: HeadingRole = metaRole ?? (level <= 2 ? 'section' : level === 3 ? 'subsection' : 'runin');
    if (level === 1) {
      this.env.diagnostics.warn('parse:second-h1', 'a second # heading in one chapter is set as a section', this.at(open));
    }
    if (role === 'section') {
      this.sectionCount++;
      this.lastSectionTitle = inlineText(content);
    }
    const id =
      role === 'section'
        ? `${this.chapterId}-s${String(this.sectionCount).padStart(2, '0')}`
        : `${this.chapterId}-h${String(++this.minorHeadingCount).padStart(2, '0')}`;
    out.push({ kind: 'heading', role, id, content, line });
  }

  private paragraph(inline: Token, line: number, out: Block[]): void {
    // An image splits its paragraph: the figure stands on its own, text before and after is kept.
    let run: Token[] = [];
    let runLine = line;
    let lineNow = line;
    const flush = () => {
      const content = convertInlines(run, runLine, this.env, this.chapterId);
      if (content.some((c) => c.kind !== 'text' || c.text.trim() !== '')) {
        out.push({ kind: 'paragraph', content: trimEdges(content), line: runLine });
      }
      run = [];
    };
    for (const child of inline.children ?? []) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') lineNow++;
      if (child.type === 'image') {
        flush();
        const src = String(child.attrGet('src') ?? '');
        const alt = plainTextOfTokens(child.children ?? []);
        const title = String(child.attrGet('title') ?? '').trim();
        const place = locatedAt(this.env.file, lineNow, this.env.columns.column(lineNow, `![${alt}](`, '!['));
        const asset = this.assets.image(src, place, this.env.diagnostics);
        const textOf = (t: string): Inline[] => (t ? [{ kind: 'text', text: t, line: lineNow }] : []);
        // `![alt](src "caption")` says two things; `![text](src)` says one, and it is the caption.
        const figure = title ? { alt: textOf(alt), caption: textOf(title) } : { caption: textOf(alt) };
        const id = `${this.chapterId}-f${String(++this.figureCount).padStart(2, '0')}`;
        if (asset && !alt && !title) {
          // Set as decoration (alt=""): a reader who cannot see it is told nothing, which may not be what the author meant.
          this.env.diagnostics.warn('parse:image-no-text', 'image has neither a description nor a caption: a reader who cannot see it learns nothing of it; write ![说明](…) or ![描述](… "图注")', place);
        }
        if (asset) out.push({ kind: 'figure', id, image: { asset }, ...figure, line: lineNow });
        else if (alt || title) out.push({ kind: 'paragraph', content: textOf(title || alt), line: lineNow });
        runLine = lineNow;
        continue;
      }
      run.push(child);
    }
    flush();
  }

  private blockquote(line: number, out: Block[]): void {
    const start = this.i;
    const inner = this.blocks('blockquote_close');
    const kind = quoteKind({
      sectionTitle: this.isRightAfterSection(out) ? this.lastSectionTitle : undefined,
      inner,
      everyLineHardBroken: () => this.allLinesHardBroken(start),
    });
    if (kind === 'poem') out.push({ kind: 'poem', lines: this.verseLines(start), line });
    else out.push({ kind, blocks: inner, line });
  }

  /** True when the last block (ignoring part breaks) is the section heading just read. */
  private isRightAfterSection(out: Block[]): boolean {
    for (let k = out.length - 1; k >= 0; k--) {
      const b = out[k];
      if (b.kind === 'partBreak') continue;
      return b.kind === 'heading' && b.role === 'section';
    }
    return false;
  }

  /** Each source line of each paragraph in the quote is one verse line. */
  private verseLines(from: number): Inline[][] {
    const lines: Inline[][] = [];
    for (let k = from; k < this.i; k++) {
      const tok = this.tokens[k];
      if (tok.type !== 'inline') continue;
      let current: Token[] = [];
      let lineNo = (tok.map?.[0] ?? 0) + 1;
      let startLine = lineNo;
      const push = () => {
        const content = this.inlines(current, startLine);
        if (content.length) lines.push(content);
        current = [];
      };
      for (const c of tok.children ?? []) {
        if (c.type === 'softbreak' || c.type === 'hardbreak') {
          push();
          lineNo++;
          startLine = lineNo;
        } else current.push(c);
      }
      push();
    }
    return lines;
  }

  private allLinesHardBroken(from: number): boolean {
    let lines = 0;
    for (let k = from; k < this.i; k++) {
      const tok = this.tokens[k];
      if (tok.type !== 'inline') continue;
      for (const c of tok.children ?? []) {
        if (c.type === 'softbreak') return false;
        if (c.type === 'hardbreak') lines++;
      }
    }
    return lines >= 1;
  }

  private table(line: number, out: Block[]): void {
    this.i++;
    const align: Array<'left' | 'center' | 'right' | null> = [];
    const head: Inline[][] = [];
    const rows: Inline[][][] = [];
    let inHead = false;
    let row: Inline[][] | null = null;
    // A body cell's inline token has no line of its own; its row's does.
    let rowLine = line;
    while (this.i < this.tokens.length && this.tokens[this.i].type !== 'table_close') {
      const t = this.tokens[this.i];
      if (t.type === 'thead_open') inHead = true;
      else if (t.type === 'thead_close') inHead = false;
      else if (t.type === 'tr_open') {
        row = [];
        rowLine = (t.map?.[0] ?? line - 1) + 1;
      } else if (t.type === 'tr_close' && row) {
        if (!inHead) rows.push(row);
        row = null;
      } else if (t.type === 'th_open' || t.type === 'td_open') {
        const style = String(t.attrGet('style') ?? '');
        const a = /text-align:(left|center|right)/.exec(style)?.[1] as 'left' | 'center' | 'right' | undefined;
        if (inHead) align.push(a ?? null);
        const inline = this.tokens[this.i + 1];
        const cell = this.inlines(inline.children ?? [], inline.map ? inline.map[0] + 1 : rowLine);
        if (inHead) head.push(cell);
        else row?.push(cell);
      }
      this.i++;
    }
    this.i++;
    out.push({ kind: 'table', align, head, rows, line });
  }

  private comment(tok: Token, line: number, out: Block[]): void {
    const meta = tok.meta as { text: string; unclosed: boolean; trailing?: string };
    if (meta.unclosed) return; // already an error; the build stops
    if (isMetadataComment(meta.text)) {
      if (this.meta) {
        this.env.diagnostics.warn('meta:duplicate', 'a second metadata comment; only the first is used', { file: this.env.file, line });
      } else {
        this.meta = parseMetadata(meta.text, line, this.env);
      }
    } else {
      this.env.diagnostics.info('parse:comment', 'comment is not shown in the book', { file: this.env.file, line });
    }
    if (meta.trailing) {
      // What follows --> was part of markdown-it's HTML block: raw HTML there is removed as anywhere else.
      const endLine = tok.map?.[1] ?? line;
      const clean = sanitizeHtml(meta.trailing);
      warnHtml(this.env, clean.tags, clean.droppedScript, { file: this.env.file, line: endLine });
      const text = clean.text.trim();
      if (text) out.push({ kind: 'paragraph', content: [{ kind: 'text', text, line: endLine }], line: endLine });
    }
  }

  private htmlBlock(tok: Token, line: number, out: Block[]): void {
    const clean = sanitizeHtml(tok.content);
    warnHtml(this.env, clean.tags, clean.droppedScript, { file: this.env.file, line });
    clean.text
      .split(/\n\s*\n/u)
      .map((p) => p.trim())
      .filter(Boolean)
      .forEach((p) => out.push({ kind: 'paragraph', content: [{ kind: 'text', text: p.replace(/\s*\n\s*/gu, ''), line }], line }));
  }

  private footnoteBlock(): void {
    while (this.i < this.tokens.length && this.tokens[this.i].type !== 'footnote_block_close') {
      const t = this.tokens[this.i];
      if (t.type === 'footnote_open') {
        const m = t.meta as { id: number; label?: string };
        this.i++;
        const blocks = this.blocks('footnote_close');
        this.footnotes.push({ id: `${this.chapterId}-fn${m.id + 1}`, label: String(m.id + 1), blocks });
      } else this.i++;
    }
    this.i++;
  }

  /** A run of inline tokens as the model's inlines, the spaces at its two edges trimmed. */
  private inlines(tokens: Token[], line: number): Inline[] {
    return trimEdges(convertInlines(tokens, line, this.env, this.chapterId));
  }
}
