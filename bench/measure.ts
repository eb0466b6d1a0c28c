/**
 * Runs a command as a fresh process and measures wall time and peak RSS.
 * Peak RSS comes from GNU time's %M (the kernel's ru_maxrss, exact) when
 * /usr/bin/time is there (Debian package `time`); otherwise from polling
 * VmHWM in /proc/<pid>/status, which may miss a rise in the last few ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The median of a bench's rounds; with an even count, the lower of the middle two (a run that happened). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export interface ProcessRun {
  wallS: number;
  peakMB: number;
  /** The process's own CPU seconds (user + system), when GNU time is there. */
  cpuS?: number;
  /** CPU seconds the whole machine was busy, and the hypervisor took, over the run (Linux /proc/stat). */
  machine?: { busyS: number; stolenS: number };
  stdout: string;
  stderr: string;
}

export const GNU_TIME = (() => {
  if (!existsSync('/usr/bin/time')) return undefined;
  // BusyBox and BSD time lack -f/-o; only GNU time answers --version.
  const r = spawnSync('/usr/bin/time', ['--version'], { encoding: 'utf8' });
  return /GNU/u.test(`${r.stdout}${r.stderr}`) ? '/usr/bin/time' : undefined;
})();

export const RSS_METHOD = GNU_TIME ? 'GNU time %M (ru_maxrss)' : '/proc VmHWM polled every 10 ms';

/** USER_HZ: /proc/stat counts in hundredths of a second on every Linux Node runs on. */
const TICK_S = 0.01;

/** Busy and stolen CPU seconds of all cores since boot, or undefined off Linux. */
function machineCpu(): { busyS: number; stolenS: number } | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/u).slice(1).map(Number);
    return { busyS: (user + nice + system + irq + softirq) * TICK_S, stolenS: steal * TICK_S };
  } catch {
    return undefined;
  }
}

export async function measure(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const timeFile = join(scratch, 'time.txt');
  const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const cpuBefore = machineCpu();
  const started = process.hrtime.bigint();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let polledKB = 0;
  const poll = GNU_TIME
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/u.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) polledKB = Math.max(polledKB, Number(m[1]));
        } catch {
          // The process has exited between two polls.
        }
      }, 10);
  const code = await new Promise<number>((done, fail) => {
    child.on('error', fail);
    child.on('close', (c) => done(c ?? -1));
  });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = machineCpu();
  if (poll) clearInterval(poll);
  // GNU time's last line (a failing command's line comes first); "%M %U %S".
  const timed = GNU_TIME ? /(\d+) ([\d.]+) ([\d.]+)\s*$/u.exec(readFileSync(timeFile, 'utf8')) : null;
  const peakKB = timed ? Number(timed[1]) : polledKB;
  const cpuS = timed ? Number(timed[2]) + Number(timed[3]) : undefined;
  const machine = cpuBefore && cpuAfter ? { busyS: cpuAfter.busyS - cpuBefore.busyS, stolenS: cpuAfter.stolenS - cpuBefore.stolenS } : undefined;
  rmSync(scratch, { recursive: true, force: true });
  if (code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${stderr.split('\n').slice(-15).join('\n')}`);
  }
  return { wallS, peakMB: peakKB / 1024, cpuS, machine, stdout, stderr };
}
