#!/usr/bin/env node
/**
 * `zhanghui`, the installed command. Paths are resolved against the folder it
 * is run from; the manuscript folder defaults to `.` and the outputs to
 * `<folder>/dist`.
 *
 * It loads nothing of the pipeline until a command needs it, so `--version`
 * and `--help` answer at once.
 */
import { resolve } from 'node:path';
import { exitWith, packageVersion } from './exit.ts';

const argv = process.argv.slice(2);

async function main(): Promise<number> {
  const version = packageVersion();
  if (argv[0] === '--version' || argv[0] === '-V') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const { runCli } = await import('./run.ts');
  const cwd = process.cwd();
  return runCli(argv, { prog: (command) => `zhanghui ${command}`, cwd, defaultDir: resolve(cwd, '.'), defaultOut: (dir) => resolve(dir, 'dist'), version });
}

exitWith(main());
