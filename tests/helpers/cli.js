import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from "./paths.js";
/**
 * Runs the command line as `npm run` does: from the project root, with the
 * caller's folder (`cwd`) in INIT_CWD.
 */
export function runCli(args, options = {}) {
    const cwd = options.cwd ?? ROOT;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, INIT_CWD: cwd, CI: '1', ...options.env },
        timeout: 300_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
