import type { Diagnostics } from '../diagnostics.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import type { FontRole } from '../fonts/sources.ts';
import { chapterNavTitle, type Block, type Book, type Chapter, type Inline } from '../model/book.ts';
import { inlineText } from '../model/walk.ts';
import { uiStrings } from '../config/ui-strings.ts';
import { inlineAtoms, lineAt, type Atom, type LineStarts, type PunctuationStyle } from './atoms.ts';
import type { Axis } from './axis.ts';
import { baselineIn } from './em-box.ts';
import { keep, keepFirstLines, keepOrnamentWithWhatCloses, keepSoftly, leadsIn, openingSink, space } from './flow-keeps.ts';
import type { DrawOp, FlowBox, NoteSetting } from './flow.ts';
import { noteCallers, repeatedNote } from './page-notes.ts';
import { composeParagraph, type ComposedLine } from './line-breaker.ts';
import type { LayoutFace, LayoutFontSet } from './layout-face.ts';
import { structElem, type StructElem } from './structure.ts';
import { startOfColumn, turnedOver, type TextStyle } from './text-style.ts';
import type { Theme } from './theme.ts';

export interface LayoutContext {
  book: Book;
  plan: FontPlan;
  fonts: LayoutFontSet;
  axis: Axis;
  theme: Theme;
  style: PunctuationStyle;
  diagnostics: Diagnostics;
  /** The output being laid out, named in what the layout reports. */
  output?: string;
}

/** Where the structure elements of what is being laid out go, and the heading level last used. */
interface StructPlace {
  parent: StructElem;
  /** A subsection before any section is an H2: headings never skip a level (PDF/UA 7.4.2). */
  sectionSeen: boolean;
}

/**
 * Turns a chapter's blocks into flow boxes: composed lines with the keep
 * rules that pagination honours (clreq §1.5, §1.8).
 */
export class BlockLayout {
  private readonly size: number;
  private readonly pitch: number;
  private chapter!: Chapter;
  private place!: StructPlace;

  constructor(private readonly ctx: LayoutContext) {
    this.size = ctx.theme.body.size;
    this.pitch = ctx.theme.pitch;
  }

  /** The chapter's boxes; their text, images and links are tagged under `sect`, in reading order. */
  chapterBoxes(ch: Chapter, sect: StructElem = structElem('Sect')): FlowBox[] {
    this.chapter = ch;
    this.place = { parent: sect, sectionSeen: false };
    const h1 = structElem('H1', sect);
    const t = this.ctx.theme;
    const boxes: FlowBox[] = [];
    const headingOps: DrawOp[] = [
      { op: 'dest', name: ch.id, block: 0 },
      { op: 'outline', level: 1, title: chapterNavTitle(ch), block: 0 },
      { op: 'anchor', id: ch.id },
    ];
    boxes.push({ blockSize: this.pitch * 3, ops: headingOps, pageBreakBefore: true, keepWithNext: true, chapterId: ch.id });
    const heading: FlowBox[] = [];
    if (ch.label) {
      const size = this.size * t.headings.chapterLabelScale;
      heading.push(...this.textBoxes([{ kind: 'text', text: ch.label, line: ch.headingLine }], this.startOfColumn(this.display('heading', size, 1.6), 1), h1).map(keep));
    }
    if (ch.title) {
      const size = this.size * t.headings.chapterTitleScale;
      heading.push(...this.textBoxes([{ kind: 'text', text: ch.title, line: ch.headingLine }], this.startOfColumn(this.display('heading', size, 1.6), 1), h1).map(keep));
    }
    // Label and title take whole line pitches, so that the text after them is on the page's line grid.
    boxes.push(...heading, { blockSize: this.pitch * 2 + this.toGrid(heading), ops: [], keepWithNext: true, chapterId: ch.id });
    const text = this.blocks(ch.blocks, 0);
    const textFrom = boxes.push(...text) - text.length;
    if (ch.footnotes.length) boxes.push(...this.footnotes(ch, boxes));
    // Measured once the notes hang on the lines that call them: a note called in the first lines stands on the opening page too.
    boxes[0].blockSize = this.pitch * openingSink(3, this.pitch, boxes.slice(0, textFrom), text, t.pitch * t.body.lines, this.noteSetting().rule.blockSize);
    for (const b of boxes) b.chapterId = ch.id;
    return boxes;
  }

  /** What the boxes lack of a whole number of line pitches. */
  private toGrid(boxes: FlowBox[]): number {
    const extent = boxes.reduce((sum, b) => sum + b.blockSize, 0);
    const rest = Math.ceil(extent / this.pitch - 1e-6) * this.pitch - extent;
    return rest > 1e-6 ? rest : 0;
  }

  private display(role: FontRole, size: number, pitchScale = 1, face?: LayoutFace): TextStyle {
    return { role, size, inset: 0, firstIndent: 0, restIndent: 0, align: 'center', balance: true, pitch: Math.max(this.pitch, size * pitchScale), face };
  }

  private startOfColumn(style: TextStyle, level: number): TextStyle {
    return startOfColumn(style, this.ctx.axis, this.size, level);
  }

  private verseStyle(lines: Inline[][], style: TextStyle): TextStyle {
    const room = this.ctx.theme.measureLength - 2 * style.inset;
    return turnedOver(style, this.size, () => lines.some((l) => this.naturalLength(l, style) > room + 1e-6));
  }

  /** The half line closing a block set off by half a line each side; on the page's grid only at body size (paginate.ts, regrid). */
  private closingHalf(pitch: number): FlowBox {
    return { ...space(pitch * 0.5), regrid: Math.abs(pitch - this.pitch) < 0.01 ? pitch : undefined };
  }

  private body(inset = 0, size = this.size): TextStyle {
    const indent = this.ctx.theme.body.indent * size;
    return { role: 'body', size, inset, firstIndent: indent, restIndent: 0, align: 'justify', pitch: size * this.ctx.theme.body.lineHeight };
  }

  /** Lays out blocks with their elements under `parent`. */
  private within<T>(parent: StructElem, f: () => T): T {
    const outer = this.place.parent;
    this.place.parent = parent;
    try {
      return f();
    } finally {
      this.place.parent = outer;
    }
  }

  private elem(type: Parameters<typeof structElem>[0], props?: Parameters<typeof structElem>[2]): StructElem {
    return structElem(type, this.place.parent, props);
  }

  private blocks(blocks: Block[], inset: number, size = this.size): FlowBox[] {
    const out: FlowBox[] = [];
    blocks.forEach((b, k) => {
      const boxes = this.block(b, inset, size);
      // A heading keeps at least two lines of what follows on its page, or the whole of something shorter.
      if (out.length && out[out.length - 1].heading) keepFirstLines(boxes, 2);
      if (k > 0 && leadsIn(blocks[k - 1], b)) keepSoftly(out);
      // ＊＊＊ closes what came before (a recap, a scene): rather not the first thing on a page, cut
      // off from it. A soft keep, which gives way before a page would end more than three lines short.
      if (b.kind === 'partBreak') keepOrnamentWithWhatCloses(out);
      out.push(...boxes);
    });
    return out;
  }

  private block(b: Block, nested: number, size: number): FlowBox[] {
    const inset = this.fit(nested);
    const pitch = size * this.ctx.theme.body.lineHeight;
    switch (b.kind) {
      case 'paragraph':
        return this.textBoxes(b.content, this.body(inset, size), this.elem('P'));
      case 'closing': {
        const face = this.blockFace('poem', b);
        return [space(pitch), ...this.textBoxes(b.content, { ...this.display('poem', size, this.ctx.theme.body.lineHeight, face) }, this.elem('P'))];
      }
      case 'heading': {
        const t = this.ctx.theme.headings;
        if (b.role === 'runin') {
          // Not in the outline, so not a heading: a paragraph set in bold.
          const style: TextStyle = { ...this.body(inset, size), role: 'bold', align: 'left' };
          const lines = this.textBoxes(b.content, style, this.elem('P')).map(keep);
          return lines.map((l) => ({ ...l, keepWithNext: true, heading: true }));
        }
        const scale = b.role === 'section' ? t.sectionScale : t.subsectionScale;
        const title = inlineText(b.content);
        const marks: DrawOp[] = [
          { op: 'dest', name: b.id, block: 0 },
          { op: 'outline', level: b.role === 'section' ? 2 : 3, title, block: 0 },
          { op: 'anchor', id: b.id },
        ];
        const type = b.role === 'section' || !this.place.sectionSeen ? 'H2' : 'H3';
        if (b.role === 'section') this.place.sectionSeen = true;
        const lines = this.textBoxes(b.content, this.startOfColumn(this.display('heading', size * scale, 1.5, this.blockFace('heading', b)), b.role === 'section' ? 2 : 3), this.elem(type));
        // A heading with no text lays out to no line; the parser drops those, but never index into nothing.
        if (lines[0]) lines[0].ops.unshift(...marks);
        // A blank line before it, and whole line pitches for it, so that the text after it stays on the grid.
        const rest = this.toGrid(lines);
        const kept = lines.map((l) => ({ ...l, keepWithNext: true, heading: true }));
        return [space(pitch), ...kept, ...(rest > 0 ? [{ blockSize: rest, ops: [], keepWithNext: true, heading: true }] : [])];
      }
      case 'poem': {
        const face = this.blockFace('poem', b);
        const div = this.elem('Div');
        const style = this.verseStyle(b.lines, this.startOfColumn(this.display('poem', size, this.ctx.theme.body.lineHeight, face), 2));
        const lines = b.lines.flatMap((l) => this.textBoxes(l, style, structElem('P', div)));
        // A poem is never split across pages.
        return [space(pitch * 0.5), ...lines.map((l, i) => (i < lines.length - 1 ? keep(l) : l)), this.closingHalf(pitch)];
      }
      case 'recap':
        return [space(pitch * 0.5), ...this.within(this.elem('Div'), () => this.blocks(b.blocks, inset + 2 * size, size)), this.closingHalf(pitch)];
      case 'quote':
        return this.within(this.elem('BlockQuote'), () => this.blocks(b.blocks, inset + 2 * size, size));
      case 'note': {
        const noteSize = size * this.ctx.theme.note.scale;
        const rule: FlowBox = { blockSize: pitch, ops: [{ op: 'rule', from: { inline: inset, block: pitch / 2 }, to: { inline: this.ctx.theme.measureLength - inset, block: pitch / 2 }, weight: 0.4 }] };
        // An author's note, not a footnote: a Note in Tagged PDF is a foot- or endnote.
        return [rule, ...this.within(this.elem('Div'), () => this.blocks(b.blocks, inset, noteSize))];
      }
      case 'list':
        return this.within(this.elem('L'), () => this.list(b, inset, size, 0));
      case 'partBreak': {
        const ornament = [{ kind: 'text', text: uiStrings(this.ctx.book.edition).partBreak, line: b.line } as Inline];
        // Untagged: an ornament is drawn as an artifact.
        return [keep(space(pitch * 0.5)), ...this.textBoxes(ornament, this.display('body', size, this.ctx.theme.body.lineHeight)), this.closingHalf(pitch)];
      }
      case 'figure':
        return this.figure(b, inset, size);
      case 'table':
        return this.table(b, inset, size);
      case 'codeBlock': {
        const p = this.elem('P');
        const measure = this.ctx.theme.measureLength - 2 * (inset + 2 * size);
        // Half a line above and below sets it off from the prose and keeps the text after it on the line grid.
        const lines = b.text.split('\n').flatMap((l) => {
          // The composer drops a line's leading spaces (the parser made its tabs spaces), and with them the code's nesting: they become its indent, half an em a column (a Latin figure's width in the serif), a line that wraps an em further in.
          const columns = /^ */u.exec(l)![0].length;
          const rest = l.slice(columns);
          const indent = Math.min(columns * 0.5 * size, measure / 2);
          return this.textBoxes([{ kind: 'text', text: rest || ' ', line: b.line }], { ...this.body(inset + 2 * size, size), firstIndent: indent, restIndent: indent + size, align: 'left' }, p);
        });
        return [keep(space(pitch * 0.5)), ...lines, this.closingHalf(pitch)];
      }
    }
  }

  /** Quotations or lists nested past a third of the measure each side go no further in: their text keeps room, never none. */
  private fit(inset: number): number {
    return Math.min(inset, this.ctx.theme.measureLength / 3);
  }

  private list(b: Extract<Block, { kind: 'list' }>, nested: number, size: number, depth: number): FlowBox[] {
    const inset = this.fit(nested);
    const out: FlowBox[] = [];
    // ・ (a full-width dot that reads as a bullet in CJK text); inside it ▪, not ◦, which in a
    // Traditional edition, where 。 stands centred, reads as a full stop opening the line.
    // Down a column a number takes 、 (1、), its one or two digits upright: "1." would turn on its side with the Latin.
    const markers = b.items.map((_, k) => (b.ordered ? `${b.start + k}${this.ctx.axis.writingMode === 'vertical-rl' ? '、' : '.'}` : depth % 2 === 0 ? '・' : '▪'));
    const markerLine = (marker: string, measure: number, line: number) =>
      composeParagraph({ atoms: this.atoms([{ kind: 'text', text: marker, line }], { ...this.body(inset, size), align: 'left' }), measure, firstIndent: 0, restIndent: 0, align: 'left', em: size })[0];
    // The markers hang in two ems; a number wider than that (1995., 1000.) widens the hang for the
    // whole list, with half an em before the text: set in two ems it would break, and lose its end.
    let widest = 0;
    if (b.ordered) for (const m of markers) widest = Math.max(widest, markerLine(m, Number.MAX_SAFE_INTEGER, b.line).inlineSize);
    const hang = widest <= 2 * size + 0.001 ? 2 * size : Math.ceil((widest + 0.5 * size) / (0.5 * size)) * 0.5 * size;
    let lastFrom = 0;
    b.items.forEach((item, k) => {
      if (k === b.items.length - 1) lastFrom = out.length;
      const marker = markers[k];
      const li = this.elem('LI');
      const lbl = structElem('Lbl', li);
      const body = structElem('LBody', li);
      item.forEach((blk, j) => {
        if (blk.kind === 'list') {
          out.push(...this.within(structElem('L', body), () => this.list(blk, inset + hang, size, depth + 1)));
          return;
        }
        if (blk.kind !== 'paragraph') {
          out.push(...this.within(body, () => this.block(blk, inset + hang, size)));
          return;
        }
        const style: TextStyle = { ...this.body(inset, size), firstIndent: hang, restIndent: hang };
        // An item of one paragraph is its LBody's content: no P between, one object fewer per item of a long book.
        const lines = this.textBoxes(blk.content, style, item.filter((x) => x.kind === 'paragraph').length === 1 ? body : structElem('P', body));
        if (j === 0 && lines[0]) {
          // The marker hangs in the indent, before the item's first line.
          // A bullet's em box ends half an em before the text, its dot about an em from it; a number sits in the hang.
          const at = b.ordered ? inset : inset + hang - 1.5 * size;
          // Drawn after the item's first line, yet read first: the Lbl comes before the LBody in the structure.
          lines[0].ops.push({ op: 'text', line: markerLine(marker, hang, blk.line), inline: at, baseline: baselineIn(style.pitch, size), tag: lbl });
        }
        // An item that opens a nested list heads it, as a heading does its text: rather not last on a page.
        if (item[j + 1]?.kind === 'list' && lines.length) keepSoftly(lines);
        out.push(...lines);
      });
    });
    // A last item of one line, alone at the head of a page, is a list's widow: kept softly with the item before.
    if (b.items.length > 2 && out.length - lastFrom === 1) keepSoftly(out, lastFrom - 1);
    return out;
  }

  private figure(b: Extract<Block, { kind: 'figure' }>, inset: number, size: number): FlowBox[] {
    const asset = this.ctx.book.assets.get(b.image.asset);
    if (!asset) return [];
    const t = this.ctx.theme;
    const maxInline = t.measureLength - 2 * inset;
    const maxBlock = t.pitch * t.body.lines * 0.6;
    // Upright on the page either way: down a column (直排), the image's height runs along the line.
    const [along, across] = this.ctx.axis.writingMode === 'vertical-rl' ? [asset.height, asset.width] : [asset.width, asset.height];
    const scale = Math.min(maxInline / along, maxBlock / across, 1.5);
    const inlineSize = along * scale;
    const blockSize = across * scale;
    // Round the figure up to whole line pitches so text after it stays on the grid.
    const boxSize = Math.ceil(blockSize / this.pitch - 0.01) * this.pitch;
    // The image's own description, else the caption that labels it.
    const figure = this.elem('Figure', { alt: inlineText(b.alt?.length ? b.alt : b.caption) || asset.name });
    const image: FlowBox = {
      blockSize: boxSize,
      ops: [{ op: 'image', asset, inline: inset + (maxInline - inlineSize) / 2, block: (boxSize - blockSize) / 2, inlineSize, blockSize, tag: figure }],
      keepWithNext: true,
    };
    const caption = b.caption.length ? this.textBoxes(b.caption, this.display('body', size * 0.9, t.body.lineHeight), this.elem('Caption')) : [];
    // Set off by half a line each side, as a table is, so that a caption never reads as the next paragraph's first line; the half lines move with it.
    return [{ ...space(this.pitch * 0.5), float: true, keepWithNext: true }, image, ...caption.map(keep), { ...this.closingHalf(this.pitch), regridAtLeastLine: true }];
  }

  private table(b: Extract<Block, { kind: 'table' }>, inset: number, size: number): FlowBox[] {
    const measure = this.ctx.theme.measureLength - 2 * inset;
    const pad = size * 0.5;
    const rows = [b.head, ...b.rows];
    const cols = Math.max(...rows.map((r) => r.length));
    const natural = Array.from({ length: cols }, (_, c) =>
      Math.max(size * 2, ...rows.map((r, ri) => this.naturalLength(r[c] ?? [], { ...this.body(0, size), role: ri === 0 ? 'bold' : 'body' }) + 2 * pad)),
    );
    const total = natural.reduce((s, w) => s + w, 0);
    const sizes = total > measure ? natural.map((w) => (w / total) * measure) : natural;
    const start = inset + (measure - sizes.reduce((s, w) => s + w, 0)) / 2;
    const rule = (i1: number, b1: number, i2: number, b2: number): DrawOp => ({ op: 'rule', from: { inline: i1, block: b1 }, to: { inline: i2, block: b2 }, weight: 0.4 });
    const small = rows.length <= SMALL_TABLE;
    // A small table moves as a figure does, with the half lines that set it off: left behind, they would open a line's gap in the text that fills the page.
    const boxes: FlowBox[] = [{ ...space(this.pitch * 0.5), float: small, keepWithNext: small }];
    const table = this.elem('Table');
    let head: FlowBox | undefined;
    rows.forEach((row, ri) => {
      let at = start;
      const tr = structElem('TR', table);
      const cells = sizes.map((cellSize, c) => {
        // The head row's cells head their columns (PDF/UA 7.5: a TH says its scope).
        const tag = ri === 0 ? structElem('TH', tr, { scope: 'Column' }) : structElem('TD', tr);
        const style: TextStyle = { ...this.body(0, size), role: ri === 0 ? 'bold' : 'body', firstIndent: 0, align: b.align[c] === 'center' ? 'center' : 'left' };
        const starts: LineStarts = { atoms: [], lines: [] };
        const lines = composeParagraph({ atoms: this.atoms(row[c] ?? [], style, starts), measure: cellSize - 2 * pad, firstIndent: 0, restIndent: 0, align: style.align, em: size, onWarn: this.warn, lineOf: (i) => lineAt(starts, i) });
        const cell = { at, size: cellSize, lines, tag };
        at += cellSize;
        return cell;
      });
      const rowLines = Math.max(1, ...cells.map((c) => c.lines.length));
      const rowSize = rowLines * this.pitch;
      const ops: DrawOp[] = [];
      for (const cell of cells) {
        cell.lines.forEach((line, li) => {
          const toEnd = b.align[cells.indexOf(cell)] === 'right';
          const shift = toEnd ? cell.size - 2 * pad - line.inlineSize : 0;
          ops.push({ op: 'text', line, inline: cell.at + pad + shift, baseline: li * this.pitch + baselineIn(this.pitch, size), tag: cell.tag });
        });
        ops.push(rule(cell.at, 0, cell.at, rowSize));
      }
      ops.push(rule(at, 0, at, rowSize));
      // Each row closes itself: where a page break falls between rows, the part before it is ruled off, not left open.
      ops.push(rule(start, 0, at, 0), rule(start, rowSize, at, rowSize));
      // The head stays with the first row, the last row is never alone on a page, and a small table is whole, its closing half line with it.
      const box: FlowBox = { blockSize: rowSize, ops, keepWithNext: ri === 0 || small || (ri === rows.length - 2 && rows.length > 2) };
      // A row that opens a page is read under its table's head, drawn again there.
      if (ri === 0) head = { blockSize: rowSize, ops: ops.filter((op) => op.op === 'text' || op.op === 'rule').map((op) => (op.op === 'text' ? { ...op, tag: undefined } : op)) };
      else box.repeat = head;
      boxes.push(box);
    });
    boxes.push({ ...this.closingHalf(this.pitch), regridAtLeastLine: true });
    return boxes;
  }

  /** How a page sets its footnotes: under a short rule a third of the measure long, in a line's space; a note continued from the page before leaves two lines for the text. */
  noteSetting(): NoteSetting {
    const rule: DrawOp = { op: 'rule', from: { inline: 0, block: this.pitch / 2 }, to: { inline: this.ctx.theme.measureLength / 3, block: this.pitch / 2 }, weight: 0.4 };
    return { rule: { blockSize: this.pitch, ops: [rule] }, minBody: 2 * this.pitch, pitch: this.pitch };
  }

  /**
   * Each footnote set small, its lines attached to the line that first calls
   * it, to stand at the foot of that line's page; a line that calls it again
   * carries a copy, set again where that line's page lacks the note. A note
   * no line calls (its call is in another note, so its number comes last)
   * follows the chapter's last note; in a chapter with no other, it follows
   * the text, under the same rule.
   */
  private footnotes(ch: Chapter, body: FlowBox[]): FlowBox[] {
    const size = this.size * this.ctx.theme.note.scale;
    const calls = noteCallers(body);
    const uncalled: FlowBox[] = [];
    for (const fn of ch.footnotes) {
      const first = fn.blocks[0];
      const note = structElem('Note', this.place.parent, { id: fn.id });
      const lead: Inline[] = [{ kind: 'text', text: `${fn.label}　`, line: first?.line ?? 0 }];
      const lines = fn.blocks.flatMap((blk, i) => {
        const content = blk.kind === 'paragraph' ? (i === 0 ? [...lead, ...blk.content] : blk.content) : null;
        return content ? this.textBoxes(content, { ...this.body(0, size), firstIndent: 0 }, structElem('P', note)) : this.within(note, () => this.block(blk, 0, size));
      });
      for (const line of lines) line.noteOf = fn.id;
      const copy = repeatedNote(lines);
      if (lines[0]) lines[0].ops.unshift({ op: 'dest', name: fn.id, block: 0 });
      const [caller, ...later] = calls.get(fn.id) ?? [];
      if (caller) (caller.notes ??= []).push(...lines);
      else uncalled.push(...lines);
      for (const box of later) (box.recalls ??= []).push(copy);
    }
    const last = body.findLast((b) => b.notes?.length);
    if (last && uncalled.length) last.notes!.push(...uncalled);
    return uncalled.length && !last ? [space(this.pitch), { ...this.noteSetting().rule, keepWithNext: true }, ...uncalled] : [];
  }

  private blockFace(role: FontRole, b: Block): LayoutFace | undefined {
    const index = this.ctx.plan.blockFace.get(b);
    if (index === undefined) return undefined;
    const wanted = this.ctx.plan.chains[role][index];
    return wanted && this.ctx.fonts.face(role, wanted);
  }

  private warn = (rule: string, message: string, line?: number) => {
    this.ctx.diagnostics.warn(rule, this.ctx.output ? `${message} (in ${this.ctx.output})` : message, { file: this.chapter?.file, line });
  };

  /** `starts`, when given, is filled with each text's source line, for the line breaker's warnings. */
  private atoms(inlines: Inline[], style: TextStyle, starts?: LineStarts): Atom[] {
    return inlineAtoms(inlines, { fonts: this.ctx.fonts, axis: this.ctx.axis, role: style.role, size: style.size, style: this.ctx.style, face: style.face, lineStarts: starts });
  }

  private naturalLength(inlines: Inline[], style: TextStyle): number {
    const lines = composeParagraph({ atoms: this.atoms(inlines, style), measure: 1e6, firstIndent: 0, restIndent: 0, align: 'left', em: style.size });
    return Math.max(0, ...lines.map((l) => l.inlineSize));
  }

  /** Composes inline content into one box per line, with widow and orphan keeps. */
  textBoxes(inlines: Inline[], style: TextStyle, tag?: StructElem): FlowBox[] {
    // A whole number of characters per line at this size; what is left over is split between the margins.
    const room = this.ctx.theme.measureLength - 2 * style.inset;
    const measure = style.align === 'justify' ? Math.floor(room / style.size + 1e-6) * style.size : room;
    const start = style.inset + (room - measure) / 2;
    const starts: LineStarts = { atoms: [], lines: [] };
    const lines: ComposedLine[] = composeParagraph({
      atoms: this.atoms(inlines, style, starts),
      measure,
      firstIndent: style.firstIndent,
      restIndent: style.restIndent,
      align: style.align,
      balance: style.balance,
      em: style.size,
      onWarn: this.warn,
      lineOf: (i) => lineAt(starts, i),
    });
    const n = lines.length;
    return lines.map((line, k) => ({
      blockSize: style.pitch,
      ops: [{ op: 'text', line, inline: start, baseline: baselineIn(style.pitch, style.size), tag }],
      // Rather no single line of a paragraph alone at a page's foot (orphan) or head (widow).
      keepSoft: n > 1 && (k === 0 || k === n - 2),
    }));
  }
}

/** A table of this many rows or fewer, its head counted, is kept on one page. */
const SMALL_TABLE = 6;
