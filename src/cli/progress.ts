/**
 * Build progress on stderr: a bar redrawn in place on a terminal, plain lines
 * when the output is a file or a CI log (where carriage returns make noise).
 * Each build is timed from its own first stage: under --watch, a rebuild's
 * clock starts at zero, not at the start of the session.
 */
export interface Progress {
  stage(name: string, step?: { done: number; total: number }): void;
  /** Clears the bar so that what follows starts on a clean line. */
  end(): void;
}

export function createProgress(stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>, env: NodeJS.ProcessEnv): Progress {
  const live = stream.isTTY === true && !env.CI;
  let started = performance.now();
  /** Set by end(): the next stage is the first of another build. */
  let between = false;
  let drawn = false;
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    stage(name, step) {
      if (between) {
        started = performance.now();
        between = false;
      }
      if (!live) {
        stream.write(step ? `[${step.done}/${step.total}] ${name} (${elapsed()})\n` : `… ${name}\n`);
        return;
      }
      const width = 24;
      const filled = step && step.total > 0 ? Math.min(width, Math.max(0, Math.round((step.done / step.total) * width))) : 0;
      const bar = step ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${step.done}/${step.total}` : '[preparing]';
      // The cursor waits on the line below the bar, which each redraw goes up to: a build
      // stopped by Ctrl-C ends by the signal, and the shell's prompt then starts a line of its own.
      stream.write(`${drawn ? UP : ''}\r\x1b[2K${bar} ${name} ${elapsed()}\n`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write(`${UP}\r\x1b[2K`);
      drawn = false;
      between = true;
    },
  };
}

/** Cursor up one line. */
const UP = '\x1b[1A';
