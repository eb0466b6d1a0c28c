#!/usr/bin/env node
/**
 * The command line: a thin shell over build() and prepareBook(). It turns
 * argv into options, prints diagnostics, and maps the outcome to the
 * documented exit codes (0 ok, 1 manuscript or build error, 2 usage).
 */
import { availableParallelism } from 'node:os';
import { PROJECT_ROOT } from '../paths.ts';
import { relative, resolve } from 'node:path';
import { build, type BuildOptions } from '../build/build.ts';
import { watchBuild } from '../build/watch.ts';
import { BuildError, type Diagnostic } from '../diagnostics.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';
import { createProgress } from './progress.ts';
import { formatDiagnostic, summaryLine, summaryTable } from './report.ts';


async function main(argv: string[]): Promise<number> {
  // npm runs scripts from the project root and passes the caller's folder in INIT_CWD.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options: BuildOptions = {
    chaptersDir: args.chapters ? resolve(cwd, args.chapters) : resolve(PROJECT_ROOT, 'chapters'),
    outDir: args.out ? resolve(cwd, args.out) : resolve(PROJECT_ROOT, 'dist'),
    editions: args.editions,
    formats: args.formats,
    layouts: args.layouts,
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
    allowMissingGlyphs: args.allowMissingGlyphs,
    strict: args.strict,
    // Editions build side by side on the machine's cores; the files are the same as a serial build's.
    workers: args.watch ? 1 : Math.min(availableParallelism(), 4),
  };
  const progress = createProgress(process.stderr, process.env);
  if (args.command === 'build') options.onStage = (stage, step) => progress.stage(stage, step);
  const print = (diagnostics: Diagnostic[]) => {
    progress.end();
    const shown = diagnostics.filter((d) => d.severity !== 'info' || args.verbose || args.command === 'check');
    for (const d of shown) process.stderr.write(`${formatDiagnostic(d, cwd)}\n`);
    process.stderr.write(`${summaryLine(diagnostics)}\n`);
  };
  const strictFailure = (diagnostics: Diagnostic[]) => args.strict && diagnostics.some((d) => d.severity === 'warning');

  if (args.watch) {
    const watching = watchBuild(options, ({ result, error, ms }) => {
      print(result?.diagnostics ?? error?.diagnostics ?? []);
      if (result) process.stdout.write(summaryTable(result, cwd));
      process.stdout.write(`${error ? 'build failed' : 'built'} in ${(ms / 1000).toFixed(2)} s; watching ${relative(cwd, options.chaptersDir) || '.'} for changes\n`);
    });
    // Runs until interrupted; Ctrl-C is the normal way out. The watcher is closed so the
    // process can end (a build under way finishes and writes its files whole first).
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    watching.close();
    return 0;
  }
  try {
    if (args.command === 'check') {
      const { prepareBook } = await import('../build/prepare.ts');
      const prepared = prepareBook({ ...options, pendingReview: true });
      print(prepared.diagnostics.items);
      return strictFailure(prepared.diagnostics.items) ? 1 : 0;
    }
    const result = await build(options);
    print(result.diagnostics);
    process.stdout.write(summaryTable(result, cwd));
    return strictFailure(result.diagnostics) ? 1 : 0;
  } catch (e) {
    if (e instanceof BuildError) {
      print(e.diagnostics);
      return 1;
    }
    // A bug of ours, not the user's: say so plainly, with the trace for the report.
    process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
