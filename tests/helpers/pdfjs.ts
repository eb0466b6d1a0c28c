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
