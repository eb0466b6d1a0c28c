import { editionLayouts, loadConfig } from '../config/load.ts';
import type { BuildOptions, BuildResult } from './api.ts';
import { editionSteps } from './steps.ts';

export type { BuildOptions, BuildResult, BuiltFile, FontUse } from './api.ts';

/**
 * The build's entry point: the editions one after another on this thread,
 * or side by side on worker threads. It imports nothing heavy: a parallel
 * build's first thread starts the workers before it loads the pipeline
 * (markdown-it, fontkit, pdfkit, resvg) itself.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  if ((options.workers ?? 1) > 1) {
    const config = loadConfig(options.chaptersDir);
    const editions = options.editions ?? config.editions;
    // Each thread is told the formats, so that every one renders what the whole build counts.
    const formats = options.formats ?? config.formats;
    const steps = editions.reduce((n, e) => n + editionSteps(formats, editionLayouts(config, e, options.layouts)), 0);
    if (editions.length > 1) return (await import('./parallel/build-parallel.ts')).buildInParallel({ ...options, formats }, editions, options.workers!, steps);
  }
  return (await import('./serial.ts')).buildSerial(options);
}
