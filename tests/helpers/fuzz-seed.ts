/**
 * The seed every fast-check property starts from. Fixed, so that each run of
 * the suite tries the same cases and a failure is there again on the next run;
 * `FC_SEED=<n> npx vitest run <file>` tries another set, or replays one printed
 * by a failure. Run counts are fixed by each property, never by the clock.
 */
export const FC_SEED = parseSeed(process.env.FC_SEED);

function parseSeed(value: string | undefined): number {
  if (value === undefined || value === '') return 20_261_204;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`FC_SEED must be an integer, not ${JSON.stringify(value)}`);
  return n;
}

/** fast-check's options for a property: the suite's seed and its own run count. */
export function fcOptions(numRuns: number): { seed: number; numRuns: number } {
  return { seed: FC_SEED, numRuns };
}

/** Printed by each file with properties, so a log always says which cases ran. */
export function announceSeed(file: string): void {
  console.info(`${file}: fast-check seed ${FC_SEED} (FC_SEED=${FC_SEED} replays it)`);
}
