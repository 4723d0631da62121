// The engine's public surface for adapters.
export { evaluate, ENGINE_RULE_ID, type Evaluation, type EvaluateOptions, type ExemptedFindings, type ModelEvaluation } from './evaluate.ts';
export { filesToFetch, MAX_FETCH_ROUNDS, type FilesToFetch } from './files-to-fetch.ts';
export { discoverCards, modelPathMatcher, type DiscoveredCard } from './discover.ts';
export type { ChangedFile, FileEntry, PullRequestInfo, RepoState, Snapshot } from './snapshot.ts';
