// The CPU-heavy part of a review (reading every card and artifact, the rules, the report), in
// slices that leave the event loop free between them. One App process reviews many pull
// requests at once; a pull request with dozens of models takes long enough to parse and check
// that, run in one go, it would hold up every other review (and the server's answers to
// deliveries) for that long. The core does that work in steps (generators that pause after each
// card or model: filesToFetchInSteps, evaluateInSteps); this runs them, giving the event loop a
// turn whenever a slice has run for SLICE_MS. The result is the one the same steps give run in
// one go (filesToFetch, evaluate): only the time between steps differs.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { evaluateInSteps, type Evaluation } from '../../core/engine/evaluate.ts';
import { filesToFetchInSteps, type FilesToFetch } from '../../core/engine/files-to-fetch.ts';
import type { Snapshot } from '../../core/engine/snapshot.ts';
import type { LoadedPolicy } from '../../core/policy/load.ts';
import type { Policy } from '../../core/policy/types.ts';

/** Longest stretch of work between two turns of the event loop (one step may run past it). */
export const SLICE_MS = 10;

/** Runs a core generator to its end, taking a turn of the event loop every `sliceMs`. */
export async function runInSlices<T>(steps: Generator<void, T, void>, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/** A turn of the event loop between two pieces of work that are not steps of the core's. */
export const yieldToEventLoop = (): Promise<void> => nextTurn();

export const evaluateInSlices = (snapshot: Snapshot, loaded: LoadedPolicy): Promise<Evaluation> => runInSlices(evaluateInSteps(snapshot, loaded));

export const filesToFetchInSlices = (snapshot: Snapshot, policy: Policy): Promise<FilesToFetch> => runInSlices(filesToFetchInSteps(snapshot, policy));
