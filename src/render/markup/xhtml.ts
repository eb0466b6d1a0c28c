import type { Block, Book, Chapter, Inline } from '../../model/book.ts';
import { inlineText, noteCalls } from '../../model/walk.ts';
import { isHan, UPRIGHT_DIGITS } from '../../text/chars.ts';
import { BACKLINK_ARROW, uiStrings } from '../../config/ui-strings.ts';
import { KEPT_LINK } from '../../model/link-target.ts';
import { escapeXml } from '../../text/escape-xml.ts';

/* The book model as XHTML fragments, shared by the EPUB and any HTML output. */

export interface XhtmlOptions {
  /** Where images live relative to the chapter document. */
  imageDir: string;
  /** True when the font plan sets this verse-face block in a fallback face (the Kai face lacks a character). */
  poemInFallback?: (block: Block) => boolean;
  /** Characters no font has (built with --allow-missing-glyphs): marked so a reader sees the gap. */
  missing?: ReadonlySet<number>;
  /** The vertical layout: runs of one or two digits are set upright side by side (縱中橫). */
  uprightDigits?: boolean;
}

/**
 * One or two digits standing alone: a year or a longer number, or a digit
 * inside a Latin word or joined to other digits (GPT-4, 2024-01-05,
 * 978-626-7000-00-7, 2:1, 1/2), turns with the Latin, as the PDF turns it.
 * With the space typed either side, which is left out beside a Han character
 * (2016 年 3 月): 縱中橫 is set as an ideograph, with no gap, as the PDF sets it.
 */
const SHORT_NUMBER = /(?<![0-9A-Za-z.,:/-])( ?)([0-9]{1,2})( ?)(?![0-9A-Za-z.,:/-])/gu;

/**
 * The middle dot of a name (艾伦·图灵, or a Traditional edition's 艾倫‧圖靈)
 * with the Han character before it:
 * kept together, as the PDF's line breaker keeps them, where a reader would
 * start a line with the dot (it is no non-starter to Unicode); and upright
 * in a column (vertical.css), where a reader turns it as a Latin mark, off
 * the column's centre.
 */
const HAN_BEFORE_MIDDLE_DOT = /\p{Script=Han}[·‧]/gu;

/**
 * The one-em dash of a span of years with the number before it (1912—1954):
 * kept together, as the PDF's line breaker keeps them, where a reader would
 * start a line with the dash (Unicode lets a line break before it).
 */
const NUMBER_BEFORE_RANGE_DASH = /(?<![—0-9])[0-9]+—(?=[0-9])/gu;

/**
 * The character a footnote call follows, when a reader may break between
 * them: a Han character or a mark (UAX #14 lets a line break between an
 * ideograph and a digit, and after 。). Kept together, the call never starts
 * a line, with the 。 after it. A Latin letter or digit holds on to the
 * call by itself.
 */
const NOTE_GLUE = /[^\s0-9A-Za-z]$/u;

/** Characters of a verse line a phone's page holds at a reader's usual size (360 px, 18 px to an em, its margins). */
const PHONE_VERSE = 16;

const writtenChapters = new WeakMap<Chapter, { key: string; body: string }>();

export class XhtmlWriter {
  /** Footnote references seen, so that a second reference gets its own id. */
  private refCount = new Map<string, number>();
  /** The chapter's notes' calls: a note's backlinks are written after its text, the calls in notes perhaps not yet. */
  private noteCalls = new Map<string, number>();
  /** Whether the chapter has had a section (##) yet: a subsection before one is an h2, as the tagged PDF's H2. */
  private sectionSeen = false;
  /** A subsection since the last section: a run-in heading after it is a level below it. */
  private subsectionSeen = false;

  constructor(
    private readonly book: Book,
    private readonly options: XhtmlOptions,
  ) {}

  chapterBody(ch: Chapter): string {
    // A frozen chapter is one a watch session shares between builds: written again only when what it depends on changes.
    if (!Object.isFrozen(ch)) return this.writeChapter(ch);
    const key = this.signature(ch);
    const known = writtenChapters.get(ch);
    if (known?.key === key) return known.body;
    const body = this.writeChapter(ch);
    writtenChapters.set(ch, { key, body });
    return body;
  }

  /** Everything besides the chapter itself that its XHTML depends on. */
  private signature(ch: Chapter): string {
    const fallbacks: boolean[] = [];
    const visit = (blocks: Block[]) => {
      for (const b of blocks) {
        if (b.kind === 'poem' || b.kind === 'closing') fallbacks.push(this.options.poemInFallback?.(b) ?? false);
        else if (b.kind === 'recap' || b.kind === 'note' || b.kind === 'quote') visit(b.blocks);
        else if (b.kind === 'list') b.items.forEach(visit);
      }
    };
    visit(ch.blocks);
    ch.footnotes.forEach((fn) => visit(fn.blocks));
    return JSON.stringify([this.book.edition, this.options.imageDir, this.options.uprightDigits ?? false, [...(this.options.missing ?? [])], fallbacks]);
  }

  private writeChapter(ch: Chapter): string {
    this.refCount.clear();
    this.noteCalls = noteCalls(ch);
    this.sectionSeen = false;
    this.subsectionSeen = false;
    // The separator is text, not only style: a screen reader, Ace's outline and
    // Calibre's chapter detection read "第七章　脸书派的挑战", not "第七章脸书派的挑战".
    const head =
      `<header class="chapter-head"><h1 class="chapter-heading" id="${ch.id}">` +
      (ch.label ? `<span class="chapter-label">${escapeXml(ch.label)}</span>` : '') +
      (ch.label && ch.title ? `<span class="chapter-separator">\u3000</span>` : '') +
      (ch.title ? `<span class="chapter-title">${escapeXml(ch.title)}</span>` : '') +
      `</h1></header>`;
    const body = this.blocks(ch.blocks);
    // Notes stand bare at the chapter's end, with no wrapper: a reader that pops
    // notes up hides each aside, and a wrapper would be left behind as an empty,
    // ruled block (and often a blank page). A linear reader reaches them in order.
    const notes = ch.footnotes.map((fn) => `<aside class="footnote" epub:type="footnote" role="doc-footnote" id="${fn.id}">${this.noteBody(fn)}</aside>\n`).join('');
    const [type, role] = ch.appendix ? ['appendix', 'doc-appendix'] : ['chapter', 'doc-chapter'];
    return `<section class="chapter" epub:type="${type}" role="${role}" aria-labelledby="${ch.id}">\n${head}\n${body}\n${notes}</section>`;
  }

  /**
   * A note's blocks, its label (the link back to the call) opening the first
   * paragraph: inline, it stands beside the text in every reader, where a
   * floated label sat on a line of its own in MuPDF, which has no floats.
   * A note that opens with something else keeps its label as a paragraph.
   */
  private noteBody(fn: Chapter['footnotes'][number]): string {
    const [first, ...rest] = fn.blocks;
    // A backlink (DPUB-ARIA): read aloud as where it goes, not as a bare number.
    const ui = uiStrings(this.book.edition);
    const calls = this.noteCalls.get(fn.id) ?? 1;
    const back = (k: number) => `${ui.backToText} ${escapeXml(fn.label)}${calls > 1 ? `（${ui.nthCall(k)}）` : ''}`;
    // A note cited more than once links back to each call: the label to the first, ↑第2处, ↑第3处 … to the
    // others, so that a reader who came from a later call is not sent to the first. Not ↑2: beside note 1,
    // that reads as a pointer to note 2. In a column the arrow and the digits stand upright.
    const shown = (k: number) => (this.options.uprightDigits ? `<span class="tcy">${BACKLINK_ARROW}</span>${this.withUprightDigits(ui.nthCall(k))}` : `${BACKLINK_ARROW}${ui.nthCall(k)}`);
    const more = Array.from({ length: calls - 1 }, (_, i) => ` <a class="backlink" href="#${fn.id}-ref${i + 2}" role="doc-backlink" aria-label="${back(i + 2)}">${shown(i + 2)}</a>`).join('');
    const link = (cls: string) => `<a${cls} href="#${fn.id}-ref1" role="doc-backlink" aria-label="${back(1)}">${this.noteNumber(fn.label)}</a>${more}`;
    if (first?.kind !== 'paragraph') return `<p class="footnote-label">${link('')}</p>${this.blocks(fn.blocks)}`;
    // A space after the label: MuPDF sets no margin on an inline element.
    const opening = `<p>${link(' class="footnote-label"')} ${this.inlines(first.content)}</p>`;
    return rest.length ? `${opening}\n${this.blocks(rest)}` : opening;
  }

  blocks(blocks: Block[]): string {
    return blocks.map((b) => this.block(b)).join('\n');
  }

  private block(b: Block): string {
    switch (b.kind) {
      case 'paragraph':
        return `<p>${this.inlines(b.content)}</p>`;
      case 'closing':
        return `<p class="${this.options.poemInFallback?.(b) ? 'closing fallback' : 'closing'}">${this.inlines(b.content)}</p>`;
      case 'heading': {
        if (b.role === 'section') {
          this.sectionSeen = true;
          this.subsectionSeen = false;
          return `<h2 class="section" id="${b.id}">${this.inlines(b.content)}</h2>`;
        }
        // Headings never skip a level (Ace: heading-order): under the chapter's h1, the first level down is h2,
        // whatever it looks like; a run-in heading under a subsection is one level below it.
        const level = (this.sectionSeen ? 3 : 2) + (b.role === 'runin' && this.subsectionSeen ? 1 : 0);
        if (b.role === 'subsection') this.subsectionSeen = true;
        return `<h${level} class="${b.role === 'subsection' ? 'subsection' : 'runin'}" id="${b.id}">${this.inlines(b.content)}</h${level}>`;
      }
      case 'poem': {
        // A line a phone cannot hold turns over; such a poem is set flush, where a turnover can show (style.css).
        const long = b.lines.some((l) => Array.from(inlineText(l)).length > PHONE_VERSE) ? ' long-lines' : '';
        return `<div class="${this.options.poemInFallback?.(b) ? 'poem fallback' : 'poem'}${long}">\n${b.lines.map((l) => `<p class="verse">${this.inlines(l)}</p>`).join('\n')}\n</div>`;
      }
      case 'recap':
        return `<div class="recap">\n${this.blocks(b.blocks)}\n</div>`;
      case 'note':
        return `<div class="author-note">\n${this.blocks(b.blocks)}\n</div>`;
      case 'quote':
        return `<blockquote>\n${this.blocks(b.blocks)}\n</blockquote>`;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
        const items = b.items.map((item) => `<li>${this.listItem(item)}</li>`).join('\n');
        return `<${tag}${start}>\n${items}\n</${tag}>`;
      }
      case 'partBreak': {
        const ui = uiStrings(this.book.edition);
        return `<div class="part-break" role="separator" aria-label="${ui.partBreakLabel}">${ui.partBreak}</div>`;
      }
      case 'figure': {
        const asset = this.book.assets.get(b.image.asset);
        if (!asset) return '';
        const src = `${this.options.imageDir}${asset.name}`;
        const caption = b.caption.length ? `<figcaption id="${b.id}-caption">${this.inlines(b.caption)}</figcaption>` : '';
        // An image with a description of its own gets it as alt; one whose only text is
        // its caption gets an empty alt and the figure is labelled by the caption, so a
        // screen reader says the words once.
        if (b.alt) return `<figure class="illustration" id="${b.id}"><img src="${src}" alt="${escapeXml(inlineText(b.alt))}"/>${caption}</figure>`;
        const labelled = caption ? ` aria-labelledby="${b.id}-caption"` : '';
        return `<figure class="illustration" id="${b.id}"${labelled}><img src="${src}" alt=""/>${caption}</figure>`;
      }
      case 'table': {
        const cellAttr = (i: number) => (b.align[i] ? ` style="text-align:${b.align[i]}"` : '');
        // The head row's cells head their columns, said outright for screen readers (WCAG H63), as the PDF's TH says /Scope /Column.
        const head = b.head.map((c, i) => `<th scope="col"${cellAttr(i)}>${this.inlines(c)}</th>`).join('');
        const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cellAttr(i)}>${this.inlines(c)}</td>`).join('')}</tr>`).join('\n');
        // The frame is the page's width to the style sheet's container query (style.css, th).
        return `<div class="table-frame"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table></div>`;
      }
      case 'codeBlock':
        return `<pre><code>${escapeXml(b.text)}</code></pre>`;
    }
  }

  /** A tight list item's lone paragraph is written without <p>, as markdown-it does. */
  private listItem(blocks: Block[]): string {
    if (blocks.length === 1 && blocks[0].kind === 'paragraph') return this.inlines(blocks[0].content);
    return this.blocks(blocks);
  }

  /** Keeps the character (for search and copy) inside a framed span that shows where the font failed. */
  private markMissing(text: string): string {
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      out += this.options.missing!.has(cp)
        ? `<span class="missing-glyph" title="U+${cp.toString(16).toUpperCase().padStart(4, '0')}">${escapeXml(ch)}</span>`
        : escapeXml(ch);
    }
    return out;
  }

  private plainText(text: string): string {
    if (this.options.missing?.size) return this.markMissing(text);
    let escaped = escapeXml(text);
    if (escaped.includes('·') || escaped.includes('‧')) escaped = escaped.replace(HAN_BEFORE_MIDDLE_DOT, '<span class="nobreak">$&</span>');
    // Glued, not .nobreak: in a column .nobreak stands its text upright, as a name's dot should, and a year should not.
    return escaped.includes('—') ? escaped.replace(NUMBER_BEFORE_RANGE_DASH, '<span class="glued">$&</span>') : escaped;
  }

  /** A note's number; in a column, one or two digits stand upright, as the text's do. */
  private noteNumber(label: string): string {
    return this.options.uprightDigits && UPRIGHT_DIGITS.test(label) ? `<span class="tcy">${label}</span>` : escapeXml(label);
  }

  private withUprightDigits(text: string): string {
    let out = '';
    let from = 0;
    for (const m of text.matchAll(SHORT_NUMBER)) {
      const end = m.index + m[0].length;
      const before = m[1] && !isHan(Array.from(text.slice(Math.max(0, m.index - 2), m.index)).at(-1) ?? '') ? ' ' : '';
      const after = m[3] && !isHan(String.fromCodePoint(text.codePointAt(end) ?? 0x20)) ? ' ' : '';
      out += this.plainText(text.slice(from, m.index)) + `${before}<span class="tcy">${m[2]}</span>${after}`;
      from = end;
    }
    return out + this.plainText(text.slice(from));
  }

  private text(text: string): string {
    return this.options.uprightDigits ? this.withUprightDigits(text) : this.plainText(text);
  }

  inlines(inlines: Inline[]): string {
    let s = '';
    /** The character a footnote call that comes next is glued to (NOTE_GLUE). */
    let glue = '';
    inlines.forEach((n, i) => {
      switch (n.kind) {
        case 'text': {
          const last = inlines[i + 1]?.kind === 'footnoteRef' ? NOTE_GLUE.exec(n.text)?.[0] : undefined;
          glue = last ?? '';
          s += this.text(last ? n.text.slice(0, -last.length) : n.text);
          break;
        }
        case 'emphasis':
          s += `<em class="dots">${this.inlines(n.children)}</em>`;
          break;
        case 'strong':
          s += `<strong>${this.inlines(n.children)}</strong>`;
          break;
        case 'code':
          s += `<code>${escapeXml(n.text)}</code>`;
          break;
        case 'link':
          s += KEPT_LINK.test(n.href)
            ? `<a href="${escapeXml(n.href)}">${this.inlines(n.children)}</a>`
            : this.inlines(n.children);
          break;
        case 'footnoteRef': {
          const k = (this.refCount.get(n.id) ?? 0) + 1;
          this.refCount.set(n.id, k);
          const call = `<a class="noteref" epub:type="noteref" role="doc-noteref" id="${n.id}-ref${k}" href="#${n.id}">${this.noteNumber(n.label)}</a>`;
          s += glue ? `<span class="glued">${this.text(glue)}${call}</span>` : call;
          glue = '';
          break;
        }
        case 'lineBreak':
          s += '<br/>';
          break;
      }
    });
    return s;
  }
}
