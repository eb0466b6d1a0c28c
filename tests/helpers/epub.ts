import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';

export interface EpubContents {
  zip: JSZip;
  names: string[];
  text(name: string): Promise<string>;
  /** The XHTML content documents listed in the OPF spine, in reading order. */
  spineDocuments(): Promise<Array<{ name: string; xhtml: string }>>;
  /** The XHTML of the spine document whose name ends in `file` (c001.xhtml); throws when the spine has none. */
  spineDocument(file: string): Promise<string>;
}

export async function openEpub(path: string): Promise<EpubContents> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const names = Object.keys(zip.files);
  const text = (name: string) => zip.file(name)!.async('string');
  const contents: EpubContents = {
    zip,
    names,
    text,
    async spineDocuments() {
      const container = await text('META-INF/container.xml');
      const opfPath = /full-path="([^"]+)"/u.exec(container)![1];
      const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
      const opf = await text(opfPath);
      const hrefs = new Map([...opf.matchAll(/<item [^>]*id="([^"]+)" href="([^"]+)"/gu)].map((m) => [m[1], m[2]]));
      const refs = [...opf.matchAll(/<itemref idref="([^"]+)"/gu)].map((m) => hrefs.get(m[1])!);
      return Promise.all(refs.map(async (href) => ({ name: base + href, xhtml: await text(base + href) })));
    },
    async spineDocument(file: string) {
      const found = (await contents.spineDocuments()).find((d) => d.name.endsWith(`/${file}`) || d.name === file);
      if (!found) throw new Error(`no spine document ${file}`);
      return found.xhtml;
    },
  };
  return contents;
}

/** The text a reader sees or hears: tags removed (an image's alt text kept), entities decoded, whitespace between blocks kept. */
export function visibleText(xhtml: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/u.exec(xhtml)?.[1] ?? '';
  return body
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gu, '')
    .replace(/<img\b[^>]*?\balt="([^"]*)"[^>]*>/gu, '$1')
    .replace(/<[^>]+>/gu, '')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#(\d+);/gu, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/giu, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/gu, '&');
}

export interface EpubcheckResult {
  errors: number;
  warnings: number;
  output: string;
}

const EPUBCHECK = ['-jar', '/usr/share/java/epubcheck.jar'];
const EPUBCHECK_TIMEOUT_MS = 120_000;

function epubcheckSummary(path: string, output: string): EpubcheckResult {
  const m = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/u.exec(output);
  if (!m) throw new Error(`epubcheck gave no summary for ${path}:\n${output}`);
  return { errors: Number(m[1]) + Number(m[2]), warnings: Number(m[3]), output };
}

export function epubcheck(path: string): EpubcheckResult {
  const r = spawnSync('java', [...EPUBCHECK, path], { encoding: 'utf8', timeout: EPUBCHECK_TIMEOUT_MS });
  return epubcheckSummary(path, `${r.stdout}\n${r.stderr}`);
}

/** epubcheck in a child process of its own, so that several can run at once; killed if it hangs. */
export function epubcheckAsync(path: string): Promise<EpubcheckResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', [...EPUBCHECK, path], { timeout: EPUBCHECK_TIMEOUT_MS, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(epubcheckSummary(path, output));
      } catch (e) {
        reject(e);
      }
    });
  });
}
