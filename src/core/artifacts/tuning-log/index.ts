// The tuning-log parsers, one per format (DESIGN §2.3); each maps its format onto TuningLog.
export { parseTuningJsonl } from './jsonl.ts';
export { parseOptunaJournal } from './optuna-journal.ts';
export { parseOptunaTrialsCsv } from './optuna-csv.ts';
export { parseWandbSweep, type WandbSweepLog } from './wandb.ts';
export { parseNniConfig, parseNniSearchSpace, parseNniTrials, type NniConfigLog } from './nni.ts';
export { parseRayTuneExperimentState } from './ray-tune.ts';
export { tuningLogLineSchema } from './schema.ts';
export { bestTrial, objectiveValue, splitOfMetric } from './common.ts';
