import { readFileSync } from 'node:fs';

/** A node of pdf.js's per-page structure tree (page.getStructTree()). */
export interface StructNode {
  role?: string;
  alt?: string;
  lang?: string;
  type?: 'content' | 'object' | 'annotation';
  id?: string;
  children?: StructNode[];
}

/** What pdf.js reads of one page: its structure branches, and its text with the marked content around it. */
export interface PdfjsPage {
  n: number;
  tree: StructNode | null;
  /** Text by MCID content id (`p<obj>R_mc<n>`). */
  textById: Map<string, string>;
  /** Text inside an Artifact, one string per Artifact sequence. */
  artifacts: string[];
  /** Text in no marked content at all. */
  untagged: string;
}

export interface PdfjsDoc {
  pages: PdfjsPage[];
  marked: boolean;
  language: string | undefined;
  dcTitle: string | undefined;
}

/**
 * Reads a PDF with pdf.js (pdfjs-dist 4.x, legacy build, which runs on
 * Node 20): an independent reader of the structure tree and of marked
 * content, as Firefox's accessibility tree is built from them.
 */
export async function readWithPdfjs(path: string): Promise<PdfjsDoc> {
  // pdf.js prints on console.log, while it loads, that it cannot polyfill what only rendering needs.
  const log = console.log;
  const warn = console.warn;
  console.log = console.warn = () => undefined;
  let pdfjs: typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  try {
    pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  } finally {
    console.log = log;
    console.warn = warn;
  }
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0, isEvalSupported: false }).promise;
  const pages: PdfjsPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const tree = (await page.getStructTree()) as StructNode | null;
    const tc = await page.getTextContent({ includeMarkedContent: true });
    const textById = new Map<string, string>();
    const artifacts: string[] = [];
    let untagged = '';
    const stack: Array<{ tag: string; id: string | null; text: string }> = [];
    for (const item of tc.items as Array<Record<string, unknown>>) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
        stack.push({ tag: String(item.tag), id: (item.id as string | null | undefined) ?? null, text: '' });
      } else if (item.type === 'endMarkedContent') {
        const m = stack.pop()!;
        if (m.tag === 'Artifact') artifacts.push(m.text);
        if (m.id) textById.set(m.id, (textById.get(m.id) ?? '') + m.text);
        if (stack.length) stack[stack.length - 1].text += m.text;
      } else if (typeof item.str === 'string') {
        if (stack.length) stack[stack.length - 1].text += item.str;
        else untagged += item.str;
      }
    }
    pages.push({ n, tree, textById, artifacts, untagged });
  }
  const markInfo = await pdf.getMarkInfo();
  const meta = await pdf.getMetadata();
  const info = meta.info as Record<string, unknown>;
  const dcTitle = meta.metadata?.get('dc:title') ?? undefined;
  await pdf.destroy();
  return { pages, marked: markInfo?.Marked === true, language: info.Language as string | undefined, dcTitle: dcTitle ?? undefined };
}

/** Every element of a page's tree, with its text (from the content ids under it) and its ancestors' roles. */
export interface Elem {
  role: string;
  alt?: string;
  text: string;
  path: string[];
  kids: string[];
  page: number;
  node: StructNode;
}

export function elements(doc: PdfjsDoc): Elem[] {
  const out: Elem[] = [];
  for (const p of doc.pages) {
    const walk = (node: StructNode, path: string[]): string => {
      let text = '';
      const kids: string[] = [];
      for (const k of node.children ?? []) {
        if (k.type === 'content') text += p.textById.get(k.id!) ?? '';
        else if (k.role) {
          kids.push(k.role);
          text += walk(k, node.role && node.role !== 'Root' ? [...path, node.role] : path);
        }
      }
      if (node.role && node.role !== 'Root') out.push({ role: node.role, alt: node.alt, text, path, kids, page: p.n, node });
      return text;
    };
    if (p.tree) walk(p.tree, []);
  }
  return out;
}

/** The MCID content ids a page's tree refers to. */
export function contentIds(node: StructNode | null): string[] {
  if (!node) return [];
  return [...(node.type === 'content' && node.id ? [node.id] : []), ...(node.children ?? []).flatMap(contentIds)];
}

/**
 * What breaks the rules of marked content on each page (PDF/UA 7.1-1…3),
 * read from pdf.js's operator lists: anything painted (text, paths, images)
 * that is neither in an Artifact nor in tagged content, an Artifact inside
 * tagged content or the reverse, an MCID used twice, and an MCID drawn
 * that the page's structure tree does not name, or the reverse.
 */
export async function markedContentProblems(path: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { OPS } = pdfjs;
  const paint = new Set([
    OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText,
    OPS.fill, OPS.eoFill, OPS.stroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeStroke, OPS.closeFillStroke, OPS.closeEOFillStroke,
    OPS.paintImageXObject, OPS.paintImageMaskXObject, OPS.paintInlineImageXObject, OPS.shadingFill,
  ]);
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0, isEvalSupported: false }).promise;
  const problems: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const ol = await page.getOperatorList();
    const stack: Array<{ tag: string; mcid: number | null }> = [];
    const used = new Set<number>();
    ol.fnArray.forEach((fn, i) => {
      const args = ol.argsArray[i] as unknown[];
      if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) {
        const tag = typeof args[0] === 'string' ? args[0] : (args[0] as { name: string }).name;
        const mcid = fn === OPS.beginMarkedContentProps && Number.isInteger(args[1]) ? (args[1] as number) : null;
        if (tag === 'Artifact' && stack.some((m) => m.mcid !== null)) problems.push(`page ${n}: an Artifact inside tagged content`);
        if (mcid !== null && stack.some((m) => m.tag === 'Artifact')) problems.push(`page ${n}: MCID ${mcid} inside an Artifact`);
        if (mcid !== null && used.has(mcid)) problems.push(`page ${n}: MCID ${mcid} used twice`);
        if (mcid !== null) used.add(mcid);
        stack.push({ tag, mcid });
      } else if (fn === OPS.endMarkedContent) stack.pop();
      else if (paint.has(fn) && !stack.some((m) => m.tag === 'Artifact' || m.mcid !== null)) problems.push(`page ${n}: operator ${fn} painted neither as an Artifact nor tagged`);
    });
    const named = new Set(contentIds((await page.getStructTree()) as StructNode | null).map((id) => Number(id.split('_mc')[1])));
    for (const m of used) if (!named.has(m)) problems.push(`page ${n}: MCID ${m} has no structure element`);
    for (const m of named) if (!used.has(m)) problems.push(`page ${n}: the structure names MCID ${m}, which is not drawn`);
  }
  await pdf.destroy();
  return problems;
}
