import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * The runtime tuning `npm run build` has, for the installed command. All are
 * settings of the process itself, fixed before it starts, so the command runs
 * itself again once with them:
 *
 * - MALLOC_MMAP_THRESHOLD_=131072: glibc hands buffers over 128 KiB straight
 *   back to the system instead of growing its heap with them, which keeps a
 *   large build's resident memory down (docs/performance.md);
 * - MALLOC_TRIM_THRESHOLD_=67108864: setting the mmap threshold also pins
 *   glibc's trim threshold at 128 KiB, so freed heap would be handed back and
 *   faulted in again, page by page; keeping 64 MiB of it spares the EPUB path
 *   about a third of its page faults.
 *
 * No V8 flag: V8's own young generation (16 MB semispaces) builds every
 * format as fast or faster than a 64 MB one did, with 50–140 MB less at the
 * peak; a larger one is fresh memory to fault in, which is dear on this
 * machine (docs/performance.md, "Young generation").
 *
 * Only `build` and `serve` pay for the second start (some 40 ms); `check`,
 * `init`, `clean`, `--help` and `--version` run at once.
 */
const MARK = 'ZHANGHUI_TUNED';

/**
 * The tuning itself. package.json's `build` and `serve` scripts write the
 * same values out (and `check` the same flags), as npm scripts cannot import
 * them: tests/tuning.test.ts holds the two to each other.
 */
export const TUNED_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '67108864' };
export const TUNED_FLAGS: readonly string[] = [];

export function needsTuning(argv: string[], env: NodeJS.ProcessEnv): boolean {
  if (env[MARK]) return false;
  if (argv[0] !== 'build' && argv[0] !== 'serve') return false;
  return !argv.includes('--help') && !argv.includes('-h');
}

/** How long a SIGINT to this process waits for the child to have ended of its own Ctrl-C. */
const INTERRUPT_GRACE_MS = 500;

/** Runs `script` again with the tuning and waits for it: its exit code is ours. */
export function runTuned(script: string, argv: string[]): Promise<number> {
  // A value the caller set already is theirs to keep.
  const env: NodeJS.ProcessEnv = { ...process.env, [MARK]: '1' };
  for (const [name, value] of Object.entries(TUNED_ENV)) env[name] ??= value;
  const child = spawn(process.execPath, [...TUNED_FLAGS, ...process.execArgv, script, ...argv], { stdio: 'inherit', env });
  // Ctrl-C reaches the whole process group, the child included: this process gives it half a
  // second to finish (passing SIGINT on at once would make it a watch session's second, which
  // ends it before it has closed). A SIGINT sent to this process alone (kill -INT) is passed on
  // then; SIGTERM and SIGHUP, sent by kill or a test, at once.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  let interrupted: NodeJS.Timeout | undefined;
  const onInt = () => {
    interrupted ??= setTimeout(() => child.kill('SIGINT'), INTERRUPT_GRACE_MS);
  };
  const onTerm = forward('SIGTERM');
  const onHup = forward('SIGHUP');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  return new Promise<number>((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`internal error: cannot start ${process.execPath}: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(interrupted);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
      // Killed by a signal: the shell's 128 + its number (SIGINT 130, SIGTERM 143, SIGHUP 129).
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}
