// Image files an author can get wrong: a target that names no file or a folder, a file that cannot be
// read, a PNG or JPEG cut off in a copy or otherwise damaged, a picture too large to load. Each is a
// diagnostic where the chapter (or book.yaml) names it, found by check as by build, never a trace.
import * as fs from 'node:fs';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareBook } from '../src/build/prepare.ts';
import { BuildError, type Diagnostic } from '../src/diagnostics.ts';
import { runCli } from './helpers/cli.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';

// A file the user may not read: root reads every file whatever its mode, so the test makes the read
// fail as it fails for an author without permission, with EACCES from readFileSync.
const locked = new Set<string>();
const reads: string[] = [];
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof path === 'string') {
      reads.push(path);
      if (locked.has(basename(path))) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    }
    return (real.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readFileSync;
  return { ...real, readFileSync, default: { ...real, readFileSync } };
});

afterEach(() => {
  locked.clear();
  reads.length = 0;
});

const META = '<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\n- 技术事件：某事\n- 核心意义：某义\n-->\n';
/** A chapter whose body starts at line 12. */
const chapter = (body: string) => `# 第一章：测试\n\n${META}\n${body}\n`;
interface Found {
  file: string;
  line?: number;
  severity: string;
  rule: string;
  message: string;
}

/** What check reports about the manuscript's images and book.yaml, as the CLI's check runs it, in process. */
function findings(files: Record<string, string | Buffer>): Found[] {
  const dir = writeManuscript(files);
  let diagnostics: Diagnostic[];
  try {
    diagnostics = prepareBook({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'], pendingReview: true }).diagnostics.items;
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    diagnostics = e.diagnostics;
  }
  return diagnostics
    .filter((d) => /^(asset|config):/u.test(d.rule))
    .map((d) => ({ file: basename(d.file ?? ''), ...(d.line === undefined ? {} : { line: d.line }), severity: d.severity, rule: d.rule, message: d.message }));
}

describe('a book.yaml that cannot be read', () => {
  it('a folder of that name is an error at book.yaml, not a crash', () => {
    const dir = writeManuscript({ '01.md': chapter('正文。') });
    mkdirSync(join(dir, 'book.yaml'));
    const r = runCli(['check', '--chapters', '.'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^book\.yaml error book\.yaml is a folder; the settings go in a file of that name \[config:unreadable\]$/mu);
  });

  it('one the user may not read is an error at book.yaml', () => {
    locked.add('book.yaml');
    expect(findings({ 'book.yaml': 'title: 书\nauthor: 某人\n', '01.md': chapter('正文。') })).toEqual([
      { file: 'book.yaml', severity: 'error', rule: 'config:unreadable', message: 'book.yaml cannot be read: permission denied' },
    ]);
  });
});
