// The adapter's side of the read loop: which file contents the evaluation still needs.
// Round 1 asks for the cards (and READMEs that may be cards), round 2 for the artifacts the
// touched models' cards name, round 3 for files those artifacts name (an NNI search space).
// Adapters call this, fetch, merge the contents into the snapshot and call again until both
// lists are empty (at most 3 rounds; evaluate fails closed on anything still missing).
import type { Policy } from '../policy/types.ts';
import { collectSteps } from './models.ts';
import type { OnProgress, Snapshot } from './snapshot.ts';

export interface FilesToFetch {
  head: string[];
  base: string[];
}

export const MAX_FETCH_ROUNDS = 3;

/** `onProgress` follows the models read (every card is, each round). */
export function filesToFetch(snapshot: Snapshot, policy: Policy, onProgress?: OnProgress): FilesToFetch {
  const steps = filesToFetchInSteps(snapshot, policy, onProgress);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** filesToFetch in steps (one card or model at a time), for an adapter that must not hold its event loop for all of them. */
export function* filesToFetchInSteps(snapshot: Snapshot, policy: Policy, onProgress?: OnProgress): Generator<void, FilesToFetch, void> {
  const collected = yield* collectSteps(snapshot, policy, onProgress);
  const head = [...collected.head.missing].sort();
  const wanted = new Set(head);
  // A base blob equal to a head blob being fetched arrives with it: the base reader borrows it.
  const base = [...(collected.base?.missing ?? [])]
    .filter((path) => {
      const sha = snapshot.base?.files[path]?.sha;
      return !(sha !== undefined && wanted.has(path) && snapshot.head.files[path]?.sha === sha);
    })
    .sort();
  return { head, base };
}
