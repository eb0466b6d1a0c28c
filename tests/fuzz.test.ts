// Issue 8: no manuscript, however broken, crashes or hangs the build or slips
// a script into a book. Every run ends in outputs or in a BuildError with
// diagnostics (the command line's exit 0 or 1), never another exception.
//
// The seed is fixed (tests/helpers/fuzz-seed.ts) and printed; replay or vary it with
// FC_SEED=<n> npx vitest run tests/fuzz.test.ts
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditionTag } from '../src/config/editions.ts';
import type { Diagnostic } from '../src/diagnostics.ts';
import { openFace } from '../src/fonts/registry.ts';
import { defaultFonts } from '../src/fonts/sources.ts';
import { GuardedBuilder, type BuildOutcome } from './helpers/guarded-build.ts';
import { epubcheckAsync } from './helpers/epub.ts';
import { markupEntries, pdfLinkTargets, pdfProblems, zipProblems } from './helpers/outputs.ts';
import { announceSeed, FC_SEED, fcOptions } from './helpers/fuzz-seed.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

/** A small book builds in well under a second once fonts are loaded; this is a hang. */
const RUN_LIMIT_MS = 30_000;
/** FUZZ_SCALE=10 for a longer search than CI's time allows. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
/**
 * The warm-up, a property's fixed number of runs and fast-check's report fit
 * inside this on a slow, shared machine (a few minutes when the machine is
 * free); the runs are never cut short by the clock, so a seed always tries the
 * same cases.
 */
const PROPERTY_TIMEOUT_MS = 600_000 * SCALE;
const assertOptions = (numRuns: number) => fcOptions(Math.round(numRuns * SCALE));
announceSeed('tests/fuzz.test.ts');

/** What XML 1.0 cannot hold, DEL and C1, the direction marks and overrides, and U+FEFF inside the text: kept here on purpose rather than imported from src. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/u;

const builders: GuardedBuilder[] = [];
/** Manuscripts and outputs of every run, removed when the file is done (fast-check prints a failing case). */
const scratch: string[] = [];

/** A build thread with fonts and converters loaded, outside any run's time limit. */
async function warmBuilder(): Promise<GuardedBuilder> {
  const builder = new GuardedBuilder();
  builders.push(builder);
  const r = await builder.run({ chaptersDir: writeManuscript({ '01.md': '# 第一章：热身\n\n正文。\n' }), outDir: tempDir(), editions: ['zh-Hans'], formats: ['epub', 'pdf'], sourceDateEpoch: '0' }, 120_000);
  expect(r.kind, JSON.stringify(r)).toBe('ok');
  return builder;
}

type Files = Record<string, string | Buffer>;

/** EPUBs kept for epubcheck: per kind of manuscript the biggest built (FUZZ_SCALE of them in a longer search). */
const sampled = new Map<string, Array<{ path: string; size: number }>>();
const keep = (kind: string, path: string, max: number, size = 0) => {
  const list = [...(sampled.get(kind) ?? []), { path, size }].sort((a, b) => b.size - a.size);
  sampled.set(kind, list.slice(0, max));
};
const sizeOf = (files: Files) => Object.values(files).reduce((n, f) => n + f.length, 0);

interface Checked {
  outcome: BuildOutcome;
  epub?: string;
}

/**
 * Builds a manuscript (EPUB and PDF) on the guarded builder and checks what
 * every run must satisfy, whatever the input: no crash, no hang; a refusal
 * carries at least one error; outputs open as a zip and in MuPDF, and no
 * markup holds a control character.
 */
async function buildAndCheck(builder: GuardedBuilder, files: Files, edition: EditionTag, allowMissingGlyphs = false): Promise<Checked> {
  const dir = writeManuscript(files);
  const outDir = tempDir('fuzz-out-');
  scratch.push(dir, outDir);
  const outcome = await builder.run(
    { chaptersDir: dir, outDir, editions: [edition], formats: ['epub', 'pdf'], sourceDateEpoch: '0', allowMissingGlyphs },
    RUN_LIMIT_MS,
  );
  if (outcome.kind === 'crash') throw new Error(`the build crashed (a bug, not a BuildError):\n${outcome.error}`);
  if (outcome.kind === 'timeout') throw new Error(`the build did not finish within ${RUN_LIMIT_MS / 1000} s`);
  if (outcome.kind === 'rejected') {
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length, 'a refused build names at least one error').toBeGreaterThan(0);
    for (const d of errors) expect(d.rule).toMatch(/^[a-z0-9-]+:[a-z0-9-]+$/u);
    return { outcome };
  }
  const epub = outcome.outputs.find((o) => o.format === 'epub')!.path;
  const pdf = outcome.outputs.find((o) => o.format === 'pdf')!.path;
  expect(await zipProblems(epub, { unzip: false })).toEqual([]);
  expect(pdfProblems(pdf)).toEqual([]);
  for (const { name, text } of await markupEntries(epub)) {
    expect(CONTROL.exec(text)?.[0].codePointAt(0), `control character in ${name}`).toBeUndefined();
  }
  return { outcome, epub };
}

/** Where the loader must report the first control character of a file: its line and column in code points. */
function firstControl(text: string): { line: number; column: number; count: number } | undefined {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
  let count = 0;
  let first: { line: number; column: number } | undefined;
  lines.forEach((l, i) => {
    const cps = [...l];
    cps.forEach((c, k) => {
      if (!CONTROL.test(c)) return;
      count++;
      first ??= { line: i + 1, column: k + 1 };
    });
  });
  return first && { ...first, count };
}

// ---------------------------------------------------------------- alphabets

/** Han characters and marks of the sample book, which every default face covers. */
function coveredAlphabet(): { han: string[]; all: string[] } {
  const text = readdirSync(SAMPLE)
    .filter((n) => n.endsWith('.md'))
    .map((n) => readFileSync(join(SAMPLE, n), 'utf8'))
    .join('');
  const candidates = new Set([...text].filter((c) => /[\p{Script=Han}\u3000-\u303f\uff01-\uff5e“”‘’…—·]/u.test(c)));
  for (let c = 0x20; c < 0x7f; c++) candidates.add(String.fromCharCode(c));
  const chains = defaultFonts('zh-Hans');
  const faces = [chains.body[0], chains.bold[0], chains.heading[0], chains.poem[0]].map(openFace);
  const all = [...candidates].filter((c) => faces.every((f) => f.has(c.codePointAt(0)!))).sort();
  return { han: all.filter((c) => /\p{Script=Han}/u.test(c)), all };
}

const range = (from: number, to: number) => fc.integer({ min: from, max: to }).map((cp) => String.fromCodePoint(cp));

// ---------------------------------------------------------------- arbitraries

function markdownArbitraries(alphabet: { han: string[]; all: string[] }) {
  const han = fc.string({ unit: fc.constantFrom(...alphabet.han), minLength: 1, maxLength: 30 });
  // Any covered character, ASCII punctuation included: half-open *, [, `, <, | and & make broken Markdown.
  const loose = fc.string({ unit: fc.constantFrom(...alphabet.all), maxLength: 40 });
  const { inline } = fc.letrec<{ inline: string }>((tie) => ({
    inline: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: han },
      { weight: 3, arbitrary: loose },
      tie('inline').map((s) => `*${s}*`),
      tie('inline').map((s) => `**${s}**`),
      fc.tuple(tie('inline'), fc.constantFrom('https://example.com/a', 'mailto:a@example.com', '#c001', 'javascript:alert(1)', '../up.html')).map(([t, href]) => `[${t}](${href})`),
      han.map((s) => `\`${s}\``),
      fc.constantFrom('"', "'", '......', '...', '。。。', '--', '*', '**', '_', '[', ']', '`', '``', '[^1]', '[^注]', '\\', '<', '&', '&amp;', '&#x4e00;', '  \n', '\n', '~~', '|'),
      fc.array(tie('inline'), { minLength: 2, maxLength: 4 }).map((parts) => parts.join('')),
    ),
  }));

  /** Deep nesting of one construct, beyond markdown-it's own nesting limit. */
  const deep = fc.tuple(fc.constantFrom('quote', 'list', 'ordered', 'emphasis', 'strong', 'brackets', 'links', 'html', 'backticks'), fc.integer({ min: 8, max: 400 }), han).map(([kind, n, t]) => {
    switch (kind) {
      case 'quote':
        return `${'>'.repeat(n)} ${t}`;
      case 'list':
        return Array.from({ length: Math.min(n, 150) }, (_, i) => `${'  '.repeat(i)}- ${t}`).join('\n');
      case 'ordered':
        return Array.from({ length: Math.min(n, 150) }, (_, i) => `${'   '.repeat(i)}1. ${t}`).join('\n');
      case 'emphasis':
        return `${'*'.repeat(n)}${t}${'*'.repeat(n)}`;
      case 'strong':
        return `${'**'.repeat(n)}${t}${'**'.repeat(Math.floor(n / 2))}`;
      case 'brackets':
        return `${'['.repeat(n)}${t}${']'.repeat(n)}(https://example.com)`;
      case 'links':
        return `${'[a]('.repeat(n)}${t}${')'.repeat(n)}`;
      case 'html':
        return `${'<span>'.repeat(n)}${t}${'</span>'.repeat(n - 1)}`;
      default:
        return `${'`'.repeat(n)}${t}${'`'.repeat(n - 1)}`;
    }
  });

  const { block } = fc.letrec<{ block: string }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: inline },
      fc.tuple(fc.integer({ min: 1, max: 7 }), inline).map(([n, t]) => `${'#'.repeat(n)} ${t}`),
      inline.map((t) => `**【${t}】**`),
      inline.map((t) => `${t}\n${'='.repeat(3)}`),
      tie('block').map((b) => b.split('\n').map((l) => `> ${l}`).join('\n')),
      fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((items) => items.map((b) => `- ${b.replace(/\n/gu, '\n  ')}`).join('\n')),
      fc.array(inline, { minLength: 1, maxLength: 3 }).map((items) => items.map((t, i) => `${i + 3}. ${t}`).join('\n')),
      fc.tuple(loose, fc.boolean()).map(([t, closed]) => `\`\`\`\n${t}${closed ? '\n```' : ''}`),
      fc.array(fc.array(inline, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((rows) =>
        [`| ${rows[0].join(' | ')} |`, `|${rows[0].map(() => ' --- ').join('|')}|`, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n'),
      ),
      fc.constantFrom('---', '***', '* * *', '___'),
      inline.map((t) => `[^1]: ${t}`),
      han.map((t) => `<!-- ${t} -->`),
      fc.array(han, { minLength: 1, maxLength: 4 }).map((ls) => `**【开篇诗词】**\n\n${ls.map((l) => `> ${l}  `).join('\n')}`),
      fc.tuple(han, han).map(([a, b]) => `<!--\n元信息标注：\n- 时间：${a}\n- 地点：${b}\n- 主要人物：${a}、${b}\n- 技术事件：${b}\n-->`),
      { weight: 2, arbitrary: deep },
    ),
  }));

  const chapter = fc
    .record({
      heading: fc.option(fc.tuple(fc.integer({ min: 1, max: 120 }), inline), { nil: undefined }),
      blocks: fc.array(block, { maxLength: 8 }),
      separator: fc.constantFrom('\n\n', '\n', '\n\n\n'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      bom: fc.boolean(),
    })
    .map(({ heading, blocks, separator, eol, bom }) => {
      const text = [heading ? `# 第${heading[0]}章：${heading[1]}` : '', ...blocks].join(separator);
      return (bom ? '\uFEFF' : '') + text.replace(/\n/gu, eol) + eol;
    });
  return { han, inline, block, chapter };
}

function chapterFiles(chapters: string[]): Files {
  return Object.fromEntries(chapters.map((c, i) => [`${String(i + 1).padStart(2, '0')}.md`, c]));
}

// ---------------------------------------------------------------- tests

describe('fuzzing the whole build', () => {
  let alphabet: ReturnType<typeof coveredAlphabet>;
  let md: ReturnType<typeof markdownArbitraries>;

  /** For the fixed cases; each property has its own thread, so that the three run side by side. */
  let builder: GuardedBuilder;

  beforeAll(async () => {
    alphabet = coveredAlphabet();
    md = markdownArbitraries(alphabet);
    expect(alphabet.han.length).toBeGreaterThan(500);
    builder = await warmBuilder();
  });
  afterAll(async () => {
    await Promise.all(builders.map((b) => b.close()));
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  it.concurrent('manuscripts of covered characters and broken, deeply nested Markdown build in at least 90% of runs', async () => {
    const builder = await warmBuilder();
    const tally = { ok: 0, rejected: 0, rules: new Map<string, number>() };
    const manuscript = fc.record({
      chapters: fc.array(md.chapter, { minLength: 1, maxLength: 3 }),
      edition: fc.constantFrom<EditionTag>('zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK'),
      yaml: fc.option(fc.tuple(md.han, md.han).map(([t, a]) => `title: "${t}"\nauthor: "${a}"\n`), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(manuscript, async ({ chapters, edition, yaml }) => {
        const files = chapterFiles(chapters);
        if (yaml) files['book.yaml'] = yaml;
        const { outcome, epub } = await buildAndCheck(builder, files, edition);
        if (outcome.kind === 'ok') {
          tally.ok++;
          keep('covered', epub!, SCALE, sizeOf(files));
        } else if (outcome.kind === 'rejected') {
          tally.rejected++;
          for (const d of outcome.diagnostics.filter((x) => x.severity === 'error')) tally.rules.set(d.rule, (tally.rules.get(d.rule) ?? 0) + 1);
        }
      }),
      assertOptions(30),
    );
    const runs = tally.ok + tally.rejected;
    console.info(`covered characters: built ${tally.ok} of ${runs}; refusals by rule: ${JSON.stringify(Object.fromEntries(tally.rules))}`);
    expect(tally.ok / runs, `built ${tally.ok} of ${runs} (FC_SEED=${FC_SEED}); refusals: ${JSON.stringify([...tally.rules])}`).toBeGreaterThanOrEqual(0.9);
  }, PROPERTY_TIMEOUT_MS);

  it.concurrent('random Unicode (astral, combining marks, controls, RTL) never crashes; control characters are reported and dropped', async () => {
    const builder = await warmBuilder();
    const pieces = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.string({ unit: fc.constantFrom(...alphabet.han), maxLength: 20 }),
      // Combining marks, alone and after Han and Latin letters.
      fc.string({ unit: fc.oneof(range(0x300, 0x36f), range(0x1ab0, 0x1aff), range(0x20d0, 0x20ff), range(0xfe20, 0xfe2f), fc.constantFrom('中', 'a')), maxLength: 12 }),
      // C0 (tab and LF too), DEL, C1, U+FFFE and U+FFFF.
      fc.string({ unit: fc.oneof(range(0x0, 0x1f), range(0x7f, 0x9f), fc.constantFrom('\ufffe', '\uffff')), minLength: 1, maxLength: 6 }),
      // Hebrew, Arabic, Syriac and the bidirectional controls.
      fc.string({ unit: fc.oneof(range(0x590, 0x5ff), range(0x600, 0x6ff), range(0x700, 0x74f), fc.constantFrom('\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069')), maxLength: 12 }),
      // Astral: emoji, Ext-B ideographs, mathematical letters, tags, private use, variation selectors.
      fc.string({ unit: fc.oneof(range(0x1f300, 0x1faff), range(0x20000, 0x2a6df), range(0x1d400, 0x1d7ff), range(0xe0000, 0xe007f), range(0xf0000, 0xf00ff), range(0xe0100, 0xe01ef)), maxLength: 8 }),
      // Zero-width characters, the converter's own private-use placeholder, and U+FFFD.
      fc.string({ unit: fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\ue000', '\ufffd', '\u00ad'), maxLength: 4 }),
      fc.constantFrom('\n', '\n\n', '# ', '> ', '- ', '*', '`', '[', '](', ')', '!', '<', '|', '&#', ';', '\\', '\t', '第一章：'),
    );
    const chapter = fc.array(pieces, { minLength: 1, maxLength: 25 }).map((p) => p.join(''));
    const manuscript = fc.record({
      chapters: fc.array(chapter, { minLength: 1, maxLength: 2 }),
      edition: fc.constantFrom<EditionTag>('zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK'),
      // Mostly on, so that characters no font has reach the renderers.
      allowMissingGlyphs: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      glossary: fc.boolean(),
    });
    let built = 0;
    await fc.assert(
      fc.asyncProperty(manuscript, async ({ chapters, edition, allowMissingGlyphs, glossary }) => {
        const files = chapterFiles(chapters);
        if (glossary && edition !== 'zh-Hans') files[`glossary.${edition}.tsv`] = '正文\t本文\n图灵\t圖靈\n';
        const { outcome, epub } = await buildAndCheck(builder, files, edition, allowMissingGlyphs);
        if (outcome.kind === 'ok') {
          built++;
          keep('unicode', epub!, SCALE, sizeOf(files));
        }
        // Each control character is reported with its file:line:column and code point, and none reaches the book.
        const diagnostics = (outcome as { diagnostics: Diagnostic[] }).diagnostics;
        Object.entries(files).forEach(([name, text]) => {
          const expected = typeof text === 'string' && name.endsWith('.md') ? firstControl(text) : undefined;
          const reported = diagnostics.filter((d) => d.rule === 'load:control-char' && d.file?.endsWith(`/${name}`));
          if (!expected) {
            expect(reported, name).toEqual([]);
            return;
          }
          expect(reported[0], name).toMatchObject({ severity: 'warning', line: expected.line, column: expected.column });
          expect(reported[0].message).toMatch(/U\+[0-9A-F]{4}/u);
          expect(reported.length, name).toBe(expected.count <= 20 ? expected.count : 21);
        });
      }),
      assertOptions(24),
    );
    expect(built, 'some runs should get through to the renderers').toBeGreaterThan(5);
  }, PROPERTY_TIMEOUT_MS);

  it.concurrent('raw HTML and scripts never reach the EPUB or the PDF', async () => {
    const builder = await warmBuilder();
    const HTML = [
      '<script>alert(1)</script>',
      '<SCRIPT SRC="http://example.com/x.js"></SCRIPT>',
      '<script>',
      '</script>',
      '<script>document.write("<p>x</p>")',
      '<style>body{display:none}</style>',
      '<img src="x" onerror="alert(1)">',
      '<img src=x onerror=alert(1)//',
      '<a href="javascript:alert(1)">点我</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD4=">点</a>',
      '<iframe src="https://example.com"></iframe>',
      '<svg onload="alert(1)"><script>alert(1)</script></svg>',
      '<object data="x.swf"></object>',
      '<embed src="x">',
      '<form action="https://example.com"><input name="p"></form>',
      '<base href="https://example.com/">',
      '<meta http-equiv="refresh" content="0;url=https://example.com">',
      '<div onclick="x()">文字</div>',
      '<scr<script>ipt>alert(1)</scr</script>ipt>',
      '<<script>script>alert(1)<</script>/script>',
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '<![CDATA[<script>alert(1)</script>]]>',
      '<?xml version="1.0"?>',
      '<!DOCTYPE html>',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
      '<textarea><script>alert(1)</script></textarea>',
      '<math><mi>x</mi></math>',
      '<b>粗</b>',
      '<span style="color:red">红</span>',
      '<br>',
      '<div>',
      '</div>',
      '<!-- 注释 -->',
      '[链接](javascript:alert(1))',
      '[链接](JaVaScRiPt:alert(1))',
      '<javascript:alert(1)>',
      '<https://example.com>',
      '&#60;script&#62;',
    ];
    const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HTML) }, md.inline, fc.constantFrom('\n', '\n\n', ' '));
    const chapter = fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => `# 第一章：网页\n\n${p.join('')}\n`);
    let built = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(chapter, { minLength: 1, maxLength: 2 }), fc.constantFrom<EditionTag>('zh-Hans', 'zh-Hant-TW'), async (chapters, edition) => {
        const { outcome, epub } = await buildAndCheck(builder, chapterFiles(chapters), edition);
        if (outcome.kind !== 'ok') return;
        built++;
        keep('html', epub!, SCALE, chapters.join('').length);
        for (const { name, text } of await markupEntries(epub!)) {
          if (!/\.(x?html|opf|ncx)$/u.test(name)) continue;
          expect(text, name).not.toMatch(/<\s*(script|iframe|object|embed|form|base|noscript|textarea|style)\b/iu);
          expect(text, name).not.toMatch(/<[^>]*\son[a-z]+\s*=/iu);
          expect(text, name).not.toMatch(/\s(href|src|xlink:href|action|data)\s*=\s*["']?\s*(javascript|data|vbscript):/iu);
          expect(text, name).not.toMatch(/http-equiv/iu);
        }
        const pdf = (outcome as Extract<BuildOutcome, { kind: 'ok' }>).outputs.find((o) => o.format === 'pdf')!.path;
        for (const uri of pdfLinkTargets(pdf)) expect(uri).toMatch(/^(https?:|mailto:|#)/u);
        expect(readFileSync(pdf).toString('latin1')).not.toMatch(/\/(JavaScript|JS|Launch|SubmitForm)\b/u);
      }),
      assertOptions(15),
    );
    expect(built).toBeGreaterThan(7);
  }, PROPERTY_TIMEOUT_MS);

  it.each([
    ['an empty file', { '01.md': '' }, 'load:no-chapters'],
    ['a whitespace-only file', { '01.md': ' \n\t\n\u3000\n' }, 'load:no-chapters'],
    ['a BOM and line ends only', { '01.md': '\uFEFF\r\n\r\n' }, 'load:no-chapters'],
    ['only control characters', { '01.md': '\u0000\u0001\u007f\n' }, 'load:no-chapters'],
    ['a file that is not UTF-8', { '01.md': Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]) }, 'load:not-utf8'],
    ['an empty book.yaml and one empty chapter', { 'book.yaml': '', '01.md': '' }, 'config:missing-key'],
  ])('%s is refused with a diagnostic', async (_what, files, rule) => {
    const { outcome } = await buildAndCheck(builder, files as Files, 'zh-Hans');
    expect(outcome.kind).toBe('rejected');
    expect((outcome as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.rule)).toContain(rule);
  });

  // Found by the properties above; each once crashed the PDF renderer or gave an EPUB epubcheck refused.
  it.each([
    ['an empty section heading', '## \n', 'parse:empty-heading'],
    ['an empty 【】 heading', '**【 】**\n', 'parse:empty-heading'],
    ['a heading of removed HTML only', '## <span></span>\n', 'parse:empty-heading'],
    ['a link to an id in another chapter', '正文[回](#c001)。\n', 'parse:link-target'],
    ['a link to a relative path', '正文[上](../up.html)与[共享](smb://host/x)。\n', 'parse:link-target'],
  ])('%s builds, with a warning, into a valid EPUB and PDF', async (_what, body, rule) => {
    const files = { '01.md': '# \n\n正文。\n', '02.md': `# 第二章：乙\n\n${body}\n正文。\n` };
    const { outcome, epub } = await buildAndCheck(builder, files, 'zh-Hans');
    expect(outcome.kind, JSON.stringify(outcome)).toBe('ok');
    expect((outcome as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.rule)).toContain(rule);
    keep(`regression ${rule}`, epub!, 1);
    const pdf = (outcome as Extract<BuildOutcome, { kind: 'ok' }>).outputs.find((o) => o.format === 'pdf')!.path;
    for (const uri of pdfLinkTargets(pdf)) expect(uri).toMatch(/^(https?:|mailto:|#nameddest=c\d+)/u);
  });

  it('an empty chapter beside a good one is a warning, and the book builds', async () => {
    const { outcome } = await buildAndCheck(builder, { '01.md': '# 第一章：有\n\n正文。\n', '02.md': '\n \n' }, 'zh-Hant-TW');
    expect(outcome).toMatchObject({ kind: 'ok' });
    expect((outcome as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.rule)).toContain('load:empty-chapter');
  });

  it('reports each control character at file:line:column with its code point, drops it, and keeps the text around it', async () => {
    // 02.md starts with a BOM written twice: the second U+FEFF is the line's first character.
    // U+202E (right-to-left override) comes with a paste from a web page, and reorders the text after it.
    const files = { '01.md': '# 第一章：控\n\n甲\u0001乙\r\n丙丁\u007f戊\u0085己\u202e\n\u0000', '02.md': '\uFEFF\uFEFF\uFFFF# 第二章：又\n' };
    const { outcome, epub } = await buildAndCheck(builder, files, 'zh-Hans');
    expect(outcome.kind).toBe('ok');
    const found = (outcome as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.rule === 'load:control-char');
    expect(found.map((d) => `${d.file!.split('/').pop()}:${d.line}:${d.column} ${d.severity} ${d.message}`)).toEqual([
      '01.md:3:2 warning control character U+0001 dropped',
      '01.md:4:3 warning control character U+007F dropped',
      '01.md:4:5 warning control character U+0085 dropped',
      '01.md:4:7 warning control character U+202E dropped',
      '01.md:5:1 warning control character U+0000 dropped',
      '02.md:1:1 warning control character U+FEFF dropped',
      '02.md:1:2 warning control character U+FFFF dropped',
    ]);
    const chapter = (await markupEntries(epub!)).find((e) => /c\d+\.xhtml$/u.test(e.name))!.text;
    expect(chapter).toContain('甲乙');
    expect(chapter).toContain('丙丁戊己');
    expect(CONTROL.test(chapter)).toBe(false);
  });

  it('one paragraph of 1 MB builds whole, and does not hang', async () => {
    // Every character here takes three bytes in UTF-8.
    const chars: string[] = [];
    for (let i = 0; chars.length * 3 < 1 << 20; i++) chars.push(i % 37 === 36 ? '，' : alphabet.han[(i * 7919) % alphabet.han.length]);
    const paragraph = chars.join('');
    expect(Buffer.byteLength(paragraph)).toBeGreaterThanOrEqual(1 << 20);
    const dir = writeManuscript({ '01.md': `# 第一章：长段\n\n${paragraph}。\n` });
    const outDir = tempDir('fuzz-huge-');
    scratch.push(dir, outDir);
    const outcome = await builder.run({ chaptersDir: dir, outDir, editions: ['zh-Hans'], formats: ['epub', 'pdf'], sourceDateEpoch: '0' }, 150_000);
    expect(outcome.kind, outcome.kind === 'crash' ? outcome.error : '').toBe('ok');
    const { outputs } = outcome as Extract<BuildOutcome, { kind: 'ok' }>;
    const epub = outputs.find((o) => o.format === 'epub')!.path;
    expect(await zipProblems(epub)).toEqual([]);
    expect((await markupEntries(epub)).some((e) => e.text.includes(`${paragraph}。`))).toBe(true);
    expect(pdfProblems(outputs.find((o) => o.format === 'pdf')!.path)).toEqual([]);
  }, 200_000);

  it('the sampled EPUBs pass epubcheck with no errors', { timeout: 200_000 * SCALE }, async () => {
    const paths = [...sampled.values()].flat().map((s) => s.path);
    expect(paths.length).toBeGreaterThanOrEqual(3);
    const results: Array<{ path: string; output: string; errors: number }> = [];
    // A handful of JVMs at once is as fast as the machine goes; more only use memory.
    for (let i = 0; i < paths.length; i += 5) results.push(...(await Promise.all(paths.slice(i, i + 5).map(async (path) => ({ path, ...(await epubcheckAsync(path)) })))));
    for (const r of results) expect(r.errors, `${r.path}\n${r.output}`).toBe(0);
  });
});
