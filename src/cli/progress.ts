/**
 * Build progress on stderr: a bar redrawn in place on a terminal, plain lines
 * when the output is a file or a CI log (where carriage returns make noise).
 */
export interface Progress {
  stage(name: string, step?: { done: number; total: number }): void;
  /** Clears the bar so that what follows starts on a clean line. */
  end(): void;
}

export function createProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Progress {
  const live = stream.isTTY === true && !env.CI;
  const started = performance.now();
  let drawn = false;
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    stage(name, step) {
      if (!live) {
        stream.write(step ? `[${step.done}/${step.total}] ${name} (${elapsed()})\n` : `… ${name}\n`);
        return;
      }
      const width = 24;
      const filled = step && step.total > 0 ? Math.min(width, Math.max(0, Math.round((step.done / step.total) * width))) : 0;
      const bar = step ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${step.done}/${step.total}` : '[preparing]';
      stream.write(`\r\x1b[2K${bar} ${name} ${elapsed()}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
