import type { Inline } from '../model/book.ts';

type TextNode = Extract<Inline, { kind: 'text' }>;

/** Stands for a code span, footnote mark or line break: not text, but it separates neighbours. */
export const BOUNDARY = '\uFFFC';

/**
 * A unit's text as one code-point array, each code point remembering which text
 * node it came from. Rules rewrite the array in linear passes and look across
 * node edges (a quote inside **bold** still pairs with one outside); `apply`
 * then writes each node's share back.
 */
export class UnitText {
  chars: string[] = [];
  owners: number[] = [];
  readonly nodes: TextNode[] = [];

  constructor(parts: Inline[][]) {
    walkUnit(
      parts,
      (n) => {
        const idx = this.nodes.push(n) - 1;
        for (const ch of n.text) {
          this.chars.push(ch);
          this.owners.push(idx);
        }
      },
      () => {
        this.chars.push(BOUNDARY);
        this.owners.push(-1);
      },
    );
  }

  /** The unit's text as a UnitText would hold it, boundaries included, without splitting it into code points. */
  static plain(parts: Inline[][]): string {
    let s = '';
    walkUnit(
      parts,
      (n) => (s += n.text),
      () => (s += BOUNDARY),
    );
    return s;
  }

  /** Line of the node that owns position i (or the nearest owned position). */
  lineAt(i: number): number | undefined {
    for (let k = i; k >= 0; k--) if (this.owners[k] >= 0) return this.nodes[this.owners[k]].line;
    for (let k = i; k < this.owners.length; k++) if (this.owners[k] >= 0) return this.nodes[this.owners[k]].line;
    return undefined;
  }

  /**
   * One linear pass. `rule(i)` returns how many code points it consumes and
   * what replaces them, or undefined to copy the code point unchanged.
   */
  pass(rule: (i: number, out: string[]) => { take: number; put: string[] } | undefined): void {
    const chars: string[] = [];
    const owners: number[] = [];
    for (let i = 0; i < this.chars.length; ) {
      const r = rule(i, chars);
      if (!r) {
        chars.push(this.chars[i]);
        owners.push(this.owners[i]);
        i++;
        continue;
      }
      const owner = this.owners.slice(i, i + Math.max(1, r.take)).find((o) => o >= 0) ?? this.owners[i];
      for (const c of r.put) {
        chars.push(c);
        owners.push(owner);
      }
      i += r.take;
    }
    this.chars = chars;
    this.owners = owners;
  }

  apply(): void {
    const texts = this.nodes.map(() => [] as string[]);
    this.chars.forEach((c, i) => {
      const o = this.owners[i];
      if (o >= 0) texts[o].push(c);
    });
    this.nodes.forEach((n, i) => {
      n.text = texts[i].join('');
    });
  }
}

/** A unit's text nodes in reading order, and a boundary where parts join and at every inline that is not text. */
function walkUnit(parts: Inline[][], text: (node: TextNode) => void, boundary: () => void): void {
  const visit = (inlines: Inline[]) => {
    for (const n of inlines) {
      if (n.kind === 'text') text(n);
      else if (n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'link') visit(n.children);
      else boundary();
    }
  };
  parts.forEach((part, p) => {
    if (p > 0) boundary();
    visit(part);
  });
}
