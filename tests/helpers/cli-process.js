import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from "./paths.js";
/**
 * Starts the command line as its own process (no npm in between, so a signal
 * reaches the build itself), from the project root with the caller's folder in
 * INIT_CWD, as runCli does. `exit` settles when it ends, however it ends.
 */
export function startCli(args, options = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
        cwd: ROOT,
        env: { ...process.env, INIT_CWD: options.cwd ?? ROOT, CI: '1', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        // As runCli's: a hung build is killed rather than left behind.
        timeout: 300_000,
        killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    const exit = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, exit };
}
export const runCliAsync = (args, options = {}) => startCli(args, options).exit;
