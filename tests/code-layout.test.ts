import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout's promises, held by a test rather than by memory: the renderers read the model and nothing upstream of it, the typesetting
 * core stays free of the PDF writer (so a second axis or another renderer can
 * use it), it names its axis neutrally, and no source file grows into several
 * jobs. madge, in `npm test`, holds the other promise: no import cycles.
 */
const SRC = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/u.test(e.name) ? [path] : [];
  });
}

const MAX_LINES = 450;

describe('the source layout', () => {
  const files = sourceFiles(SRC);

  it('finds the source', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.includes(join('src', 'typeset')))).toBe(true);
  });

  it(`keeps every file under ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => ({ file: relative(SRC, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('keeps the typesetting core free of pdfkit, the renderers and the output writers', () => {
    const offending: string[] = [];
    for (const f of files.filter((p) => p.includes(join('src', 'typeset')))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/gu)) {
        const spec = m[1];
        if (spec === 'pdfkit' || spec.startsWith('pdfkit/') || /(^|\/)(render|output)\//u.test(spec)) offending.push(`${relative(SRC, f)} imports ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('keeps the renderers reading the model: no renderer loads, parses, transforms or runs a build', () => {
    // The data flow (README: How the code is laid out): load → parse → model → transforms → renderers.
    const offending: string[] = [];
    for (const f of files.filter((p) => p.includes(join('src', 'render')))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/gu)) {
        if (/^\.\.?\/(?:\.\.\/)*(load|parse|transforms|build|cli)\//u.test(m[1])) offending.push(`${relative(SRC, f)} imports ${m[1]}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('keeps the folders in one direction: no folder reaches back to one that imports it', () => {
    // madge finds cycles between files; this finds them between folders (config → load → config through
    // two different files is no file cycle), which is what keeps a folder's job readable on its own.
    const folderOf = (f: string) => relative(SRC, f).split(/[\\/]/u)[0];
    const edges = new Map<string, Map<string, string>>();
    for (const f of files) {
      const from = folderOf(f);
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/gu)) {
        const to = folderOf(join(f, '..', m[1]));
        if (to === from) continue;
        if (!edges.has(from)) edges.set(from, new Map());
        if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, `${relative(SRC, f)} imports ${m[1]}`);
      }
    }
    // Depth-first, each cycle reported once by the import that closes it.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (folder: string, path: string[]) => {
      state.set(folder, 'open');
      for (const [to, where] of edges.get(folder) ?? []) {
        if (state.get(to) === 'open') cycles.push(`${[...path.slice(path.indexOf(to)), folder, to].join(' → ')} (${where})`);
        else if (!state.has(to)) visit(to, [...path, folder]);
      }
      state.set(folder, 'done');
    };
    for (const folder of edges.keys()) if (!state.has(folder)) visit(folder, []);
    expect(edges.size).toBeGreaterThan(10);
    expect(cycles).toEqual([]);
  });

  it('names the typesetting axis neutrally', () => {
    const found = files
      .filter((p) => p.includes(join('src', 'typeset')))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\b(trimLeft|trimRight|drawX)\b/gu)].map((m) => `${relative(SRC, f)}: ${m[1]}`));
    expect(found).toEqual([]);
  });
});
