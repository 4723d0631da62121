// The engine's entry point: a snapshot and a loaded policy in, every finding out (DESIGN §3, §8).
// It runs the registered rules; `options.rules` replaces them (tests inject a throwing rule to
// prove crash isolation). The work itself lives in pipeline.ts, which takes rules explicitly.
import type { LoadedPolicy } from '../policy/load.ts';
import type { Rule } from '../rules/define.ts';
import { rules as registeredRules } from '../rules/index.ts';
import { evaluateWithRules, evaluationSteps, type Evaluation } from './pipeline.ts';
import type { OnProgress, Snapshot } from './snapshot.ts';

export type { Evaluation, ModelEvaluation } from './pipeline.ts';
export type { ExemptedFindings } from './exemptions.ts';
export { ENGINE_RULE_ID } from './run-rules.ts';

export interface EvaluateOptions {
  rules?: readonly Rule<any>[];
  /** Called after the rules have run on each touched model. */
  onProgress?: OnProgress;
}

export function evaluate(snapshot: Snapshot, loaded: LoadedPolicy, options: EvaluateOptions = {}): Evaluation {
  return evaluateWithRules(snapshot, loaded, options.rules ?? registeredRules, options.onProgress);
}

/**
 * evaluate() in steps, for an adapter that must not hold its event loop for the whole of a large
 * pull request: each `next()` does a bounded piece (the cards, one model built, the rules of one
 * model) and the last returns the Evaluation evaluate() returns.
 */
export function evaluateInSteps(snapshot: Snapshot, loaded: LoadedPolicy, options: EvaluateOptions = {}): Generator<void, Evaluation, void> {
  return evaluationSteps(snapshot, loaded, options.rules ?? registeredRules, options.onProgress);
}
