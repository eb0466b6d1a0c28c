/**
 * The commands, a thin shell over build(), prepareBook() and the init, serve
 * and clean helpers: argv in, diagnostics printed, an exit code out (0 ok,
 * 1 manuscript or build error, 2 usage). Two entries call it: the installed
 * command (bin.ts), and `npm run build` / `npm run check` in this repository
 * (main.ts), which differ only in their defaults and the folder paths are
 * resolved against.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import type { BuildOptions } from '../build/api.ts';
import { BuildError, fail, type Diagnostic } from '../diagnostics.ts';
import { parseInvocation, UsageError, type CliArgs } from './args.ts';
import { commandHelp, generalHelp, type Invoke } from './help.ts';
import { createProgress } from './progress.ts';
import { formatDiagnostic, inReadingOrder, summaryLine, summaryTable, withRepeatedNotesCounted } from './report.ts';

export interface CliContext {
  /** How help texts spell a command: `zhanghui build`, or `npm run build --`. */
  prog: Invoke;
  /** The folder relative paths are resolved against. */
  cwd: string;
  /** The manuscript folder when none is given (absolute). */
  defaultDir: string;
  /** The output folder when --out is not given, for a manuscript folder (absolute). */
  defaultOut(dir: string): string;
  version: string;
}

export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const { cwd } = context;
  let invocation;
  try {
    invocation = parseInvocation(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${e.command ? commandHelp(e.command, context.prog) : generalHelp(context.prog)}\n`);
      return 2;
    }
    throw e;
  }
  if (invocation.kind === 'version') {
    process.stdout.write(`${context.version}\n`);
    return 0;
  }
  if (invocation.kind === 'help') {
    process.stdout.write(`${invocation.command ? commandHelp(invocation.command, context.prog) : generalHelp(context.prog)}\n`);
    return 0;
  }
  const args = invocation.args;
  const chaptersDir = args.dir === undefined ? context.defaultDir : resolve(cwd, args.dir);
  const options: BuildOptions = {
    chaptersDir,
    outDir: args.out ? resolve(cwd, args.out) : context.defaultOut(chaptersDir),
    editions: args.editions,
    formats: args.formats,
    layouts: args.layouts,
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
    allowMissingGlyphs: args.allowMissingGlyphs,
    strict: args.strict,
    // Editions build side by side on the machine's cores; the files are the same as a serial build's
    // (but a build --strict stops, each thread at its own warning: see build-parallel.ts).
    workers: args.watch || args.command === 'serve' ? 1 : Math.min(availableParallelism(), 4),
  };
  const progress = createProgress(process.stderr, process.env);
  if (args.command === 'build') options.onStage = (stage, step) => progress.stage(stage, step);
  const print = (diagnostics: Diagnostic[]) => {
    progress.end();
    const ordered = inReadingOrder(diagnostics.filter((d) => d.severity !== 'info' || args.verbose || args.command === 'check'));
    // `check` prints notes unasked, a few of a kind per file; --verbose, every one.
    const shown = args.command === 'check' && !args.verbose ? withRepeatedNotesCounted(ordered) : ordered;
    for (const d of shown) process.stderr.write(`${formatDiagnostic(d, cwd)}\n`);
    process.stderr.write(`${summaryLine(diagnostics)}\n`);
  };
  const strictFailure = (diagnostics: Diagnostic[]) => args.strict && diagnostics.some((d) => d.severity === 'warning');

  try {
    switch (args.command) {
      case 'init':
        return await init(chaptersDir, cwd, context.prog);
      case 'clean':
        return await clean(options, args, cwd);
      case 'serve':
        return await serveUntilStopped(options, args, cwd, print);
      case 'check': {
        const { prepareBook } = await import('../build/prepare.ts');
        const prepared = prepareBook({ ...options, pendingReview: true });
        print(prepared.diagnostics.items);
        return strictFailure(prepared.diagnostics.items) ? 1 : 0;
      }
      case 'build': {
        if (args.watch) return await watchUntilStopped(options, cwd, print);
        const { build } = await import('../build/build.ts');
        const result = await build(options);
        print(result.diagnostics);
        process.stdout.write(summaryTable(result, cwd));
        return strictFailure(result.diagnostics) ? 1 : 0;
      }
    }
  } catch (e) {
    if (e instanceof BuildError) {
      print(e.diagnostics);
      if (args.command === 'build' && args.strict && !e.diagnostics.some((d) => d.severity === 'error')) process.stderr.write(`${strictStop(e.written, cwd)}\n`);
      return 1;
    }
    throw e;
  }
}

/** Resolves at Ctrl-C or SIGTERM: the normal end of a watch or serve session. */
function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function watchUntilStopped(options: BuildOptions, cwd: string, print: (d: Diagnostic[]) => void): Promise<number> {
  const { watchBuild } = await import('../build/watch.ts');
  const watching = watchBuild(options, ({ result, error, ms }) => {
    print(result?.diagnostics ?? error?.diagnostics ?? []);
    if (result) process.stdout.write(summaryTable(result, cwd));
    process.stdout.write(`${error ? 'build failed' : 'built'} in ${(ms / 1000).toFixed(2)} s; watching ${relative(cwd, options.chaptersDir) || '.'} for changes\n`);
  });
  // Runs until interrupted; the watcher is closed so the process can end (a build
  // under way finishes and writes its files whole first).
  await untilStopped();
  watching.close();
  return 0;
}

async function serveUntilStopped(options: BuildOptions, args: CliArgs, cwd: string, print: (d: Diagnostic[]) => void): Promise<number> {
  const { serve } = await import('./serve.ts');
  const host = args.host ?? '127.0.0.1';
  let serving;
  try {
    serving = await serve(options, {
      port: args.port ?? 3000,
      host,
      open: args.open,
      report: ({ result, error, ms }) => {
        print(result?.diagnostics ?? error?.diagnostics ?? []);
        process.stdout.write(`${error ? 'build failed; the preview keeps the last good pages' : 'preview built'} in ${(ms / 1000).toFixed(2)} s\n`);
      },
      describe: (error) => `${summaryLine(error.diagnostics)}\n${inReadingOrder(error.diagnostics).map((d) => formatDiagnostic(d, cwd)).join('\n')}`,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      const why = code === 'EADDRINUSE' ? 'the port is in use (try another --port, or --port 0 for a free one)' : code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : 'no such address on this machine';
      fail('serve:listen', `cannot listen on ${host}:${args.port ?? 3000}: ${why}`);
    }
    throw e;
  }
  process.stdout.write(`serving ${serving.url} (Ctrl-C stops)\n`);
  await untilStopped();
  await serving.close();
  return 0;
}

async function init(dir: string, cwd: string, prog: Invoke): Promise<number> {
  const { initBook } = await import('./init.ts');
  const shown = relative(cwd, dir) || '.';
  let outcome;
  try {
    outcome = initBook(dir, (f) => process.stdout.write(`created ${relative(cwd, resolve(dir, f))}\n`));
  } catch (e) {
    const why = fileProblem(e);
    if (why === undefined) throw e;
    fail('init:write-failed', `cannot write the new book here: ${why}`, { file: dir });
  }
  if ('existing' in outcome) fail('init:existing-files', `already has ${outcome.existing.join(', ')}; init writes nothing over existing files`, { file: dir });
  if (outcome.ownChapters.length) {
    const named = outcome.ownChapters.length > 3 ? `${outcome.ownChapters.slice(0, 3).join(', ')} and ${outcome.ownChapters.length - 3} more` : outcome.ownChapters.join(', ');
    process.stdout.write(`${shown} holds chapters already (${named}): the sample chapters and their image are left out\n`);
  }
  const arg = shown === '.' ? '' : ` ${shown.includes(' ') ? JSON.stringify(shown) : shown}`;
  process.stdout.write(`\nNext: ${prog('check')}${arg} --strict, then ${prog('serve')}${arg} or ${prog('build')}${arg}\n`);
  return 0;
}

async function clean(options: BuildOptions, args: CliArgs, cwd: string): Promise<number> {
  const [{ loadConfig }, { bookSlug }, { buildOutputs, removeOutput }] = await Promise.all([
    import('../config/load.ts'),
    import('../config/slug.ts'),
    import('./clean.ts'),
  ]);
  // Without its folder the book's slug would be the default one, and the outputs cleaned another book's.
  if (!statSync(options.chaptersDir, { throwIfNoEntry: false })?.isDirectory()) fail('load:missing-folder', `manuscript folder not found: ${options.chaptersDir}`);
  // The slug names the outputs; a book.yaml that does not load is reported like check reports it.
  const slug = bookSlug(loadConfig(options.chaptersDir));
  const shown = relative(cwd, options.outDir) || '.';
  let names: string[];
  try {
    names = buildOutputs(options.outDir, slug);
  } catch (e) {
    const why = fileProblem(e);
    if (why === undefined) throw e;
    fail('clean:unreadable', `cannot clean this folder: ${why}`, { file: options.outDir });
  }
  // Each deletion is told as it happens: a failure half-way leaves the user knowing what went.
  for (const n of names) {
    const path = relative(cwd, resolve(options.outDir, n));
    if (!args.dryRun) {
      try {
        removeOutput(options.outDir, n);
      } catch (e) {
        const why = fileProblem(e);
        if (why === undefined) throw e;
        fail('clean:delete-failed', `cannot delete it: ${why}`, { file: resolve(options.outDir, n) });
      }
    }
    process.stdout.write(`${args.dryRun ? 'would delete' : 'deleted'} ${path}\n`);
  }
  if (names.length === 0) process.stdout.write(`nothing to clean in ${shown}\n`);
  return 0;
}

/**
 * A file-system failure the user can cause (a file where a folder should be,
 * a folder they may not change, a full disk), in words; undefined for
 * anything else, which is a bug of ours and keeps its trace.
 */
function fileProblem(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return undefined;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file stands where a folder should be';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  if (code === 'ENOENT') return 'the folder cannot be made there';
  return code;
}

/** What a build --strict stopped at a warning has left: nothing, or the outputs written whole before the warning. */
function strictStop(written: string[] | undefined, cwd: string): string {
  const head = 'build stopped: --strict fails it at a warning';
  if (written === undefined) return head;
  if (written.length === 0) return `${head}; nothing was written`;
  return `${head}; written before it, each whole: ${written.map((p) => relative(cwd, p) || p).join(', ')}`;
}
