/**
 * `npm run build`, `npm run check` and `npm run serve` inside this
 * repository: the same commands as the installed `zhanghui`, with this
 * project's sample book as the default (chapters/ into dist/). npm runs
 * scripts from the project root and passes the caller's folder in INIT_CWD,
 * so paths given on the command line are resolved against that folder.
 */
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';
import { exitWith, packageVersion } from './exit.ts';
import { runCli } from './run.ts';

const SCRIPTS = new Set(['build', 'check', 'serve']);

exitWith(
  runCli(process.argv.slice(2), {
    prog: (command) => (SCRIPTS.has(command) ? `npm run ${command} --` : `node --import tsx src/cli/main.ts ${command}`),
    cwd: process.env.INIT_CWD ?? process.cwd(),
    defaultDir: resolve(PROJECT_ROOT, 'chapters'),
    defaultOut: () => resolve(PROJECT_ROOT, 'dist'),
    version: packageVersion(),
  }),
);
