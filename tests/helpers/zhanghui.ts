import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.ts';

/*
 * The installed command's entry (src/cli/bin.ts), run from the source under
 * tsx as its own process, from the folder the test gives: no npm, no
 * INIT_CWD, paths relative to that folder as a user's shell has them.
 * tests/cli-install.test.ts runs the compiled copy from a packed tarball.
 */
// tsx named by its file: `--import tsx` would look for the package from the test's own folder.
const ENTRY = ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, join(ROOT, 'src/cli/bin.ts')];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1', ...extra };
  delete env.INIT_CWD;
  return env;
}

export function zhanghui(args: string[], options: { cwd: string; env?: Record<string, string> }): Run {
  const r = spawnSync(process.execPath, [...ENTRY, ...args], { cwd: options.cwd, encoding: 'utf8', env: environment(options.env), timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface Started {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the first stdout match of `pattern`; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startZhanghui(args: string[], options: { cwd: string; env?: Record<string, string> }): Started {
  const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: options.cwd, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    for (const w of waiters) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = stdout.match(pattern);
        if (m) resolve(m);
      };
      waiters.push(check);
      check();
      void exit.then(() => reject(new Error(`ended before printing ${pattern}:\n${stdout}\n${stderr}`)));
    });
  return { child, output: () => ({ stdout, stderr }), waitFor, exit };
}
