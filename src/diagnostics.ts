/**
 * One shape for every problem any stage reports, modelled on vfile-message:
 * 1-based lines, columns in code points, a rule id a user can look up.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Absolute path of the file the finding is about, when there is one. */
  file?: string;
  line?: number;
  column?: number;
  severity: Severity;
  /** Stable id such as `parse:unclosed-comment`; tests and --strict key on it. */
  rule: string;
  message: string;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];
  /** Counted as they come: a book's thousands of notes are asked "any errors?" after every stage. */
  private errors = 0;

  add(d: Diagnostic): void {
    this.items.push(d);
    if (d.severity === 'error') this.errors++;
  }
  error(rule: string, message: string, at: Location = {}): void {
    this.add({ ...at, severity: 'error', rule, message });
  }
  warn(rule: string, message: string, at: Location = {}): void {
    this.add({ ...at, severity: 'warning', rule, message });
  }
  info(rule: string, message: string, at: Location = {}): void {
    this.add({ ...at, severity: 'info', rule, message });
  }
  count(severity: Severity): number {
    return this.items.filter((d) => d.severity === severity).length;
  }
  get hasErrors(): boolean {
    return this.errors > 0;
  }
}

export interface Location {
  file?: string;
  line?: number;
  column?: number;
}

/**
 * Thrown when a stage cannot go on. The diagnostics it carries are the user's
 * explanation; the CLI prints them instead of a stack trace.
 */
export class BuildError extends Error {
  /** `written`: the outputs a build wrote, each whole, before it stopped (known where --strict stops it). */
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly written?: string[],
  ) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'BuildError';
  }
}

export function fail(rule: string, message: string, at: Location = {}): never {
  throw new BuildError([{ ...at, severity: 'error', rule, message }]);
}
