import { describe, expect, it } from 'vitest';
import { detectFormat, formatFromName, frontMatterKeys, isDiscoverableArtifact } from '../../../src/core/artifacts/detect.ts';
import type { ArtifactFormat } from '../../../src/core/artifacts/types.ts';

const hfCard = '---\nlicense: mit\npipeline_tag: text-classification\n---\n\n# Model\n';
const lineage = 'version: 1\ndatasets:\n  - name: tx\n';
const studyLine = '{"type":"study","method":"random","seed":1}\n{"type":"trial","id":0,"state":"complete","params":{}}\n';
const journal = '{"op_code": 0, "worker_id": "w", "study_name": "s", "directions": [1]}\n';
const optunaCsv = 'number,value,datetime_start,datetime_complete,duration,params_x,state\n0,0.5,2024-01-01,2024-01-01,0 days,1.0,COMPLETE\n';
const sweep = 'method: bayes\nmetric:\n  name: loss\n  goal: minimize\nparameters:\n  lr:\n    min: 0.001\n    max: 0.1\n';
const nniConfig = 'searchSpaceFile: search_space.json\ntrialCommand: python3 mnist.py\ntuner:\n  name: TPE\n';
const nniSpace = '{"lr": {"_type": "choice", "_value": [0.1, 0.01]}}';
const nniTrials = '[{"parameter": {"C": 0.1}, "value": 0.6}]';
const mct = '{"schema_version": "0.0.2", "model_details": {"name": "m"}}';
const runEvent = '{"eventType": "START", "eventTime": "2021-11-03T10:53:52", "run": {"runId": "r"}, "job": {"namespace": "n", "name": "j"}, "producer": "p"}';
const datasetEvent = '{"eventTime": "2021-11-03T10:53:52", "dataset": {"namespace": "n", "name": "d"}, "producer": "p", "schemaURL": "u"}';
const rayState = '{"checkpoints": [], "runner_data": {"_metric": null}, "stats": {"best": -Infinity}}';
const dvcPipeline = 'stages:\n  train:\n    cmd: python train.py\n    deps: [data.csv]\n';
const dvcLock = "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n";

const cases: Array<[file: string, text: string, expected: ArtifactFormat]> = [
  // names that settle the format
  ['models/churn/MODEL_CARD.md', '# Churn\n', 'hf-model-card'],
  ['models/churn/README.md', hfCard, 'hf-model-card'],
  ['notes.markdown', 'plain text', 'hf-model-card'],
  ['models/churn/model_card.json', '{}', 'mct-model-card'],
  ['models/churn/lineage.yaml', 'anything: at all\n', 'modelgate-lineage'],
  ['models/churn/lineage.yml', lineage, 'modelgate-lineage'],
  ['dvc.yaml', dvcPipeline, 'dvc-pipeline'],
  ['examples/minimal.dvc.yaml', 'extra: foo\n', 'dvc-pipeline'],
  ['dvc.lock', dvcLock, 'dvc-lock'],
  ['data/raw.csv.dvc', 'outs:\n- md5: abc\n  path: raw.csv\n', 'dvc-pointer'],
  ['runs/train.openlineage.json', '{}', 'openlineage-event'],
  ['ray/experiment_state-2022-03-17_18-22-31.json', rayState, 'ray-tune-experiment-state'],
  ['nni/search_space.json', nniSpace, 'nni-search-space'],
  ['tuning/sweep-bayes.yaml', 'description: no method yet\n', 'wandb-sweep'],
  ['LINEAGE.YAML', lineage, 'modelgate-lineage'],
  // content decides
  ['models/churn/manifest.yaml', lineage, 'modelgate-lineage'],
  ['pipeline/stages.yaml', dvcPipeline, 'dvc-pipeline'],
  ['pipeline/stages.lock.yaml', dvcLock, 'dvc-lock'],
  ['cards/churn.json', mct, 'mct-model-card'],
  ['events/run.json', runEvent, 'openlineage-event'],
  ['events/dataset.json', datasetEvent, 'openlineage-event'],
  ['ray/state.json', rayState, 'ray-tune-experiment-state'],
  ['nni/space.json', nniSpace, 'nni-search-space'],
  ['nni/results.json', nniTrials, 'nni-trials'],
  ['tuning/trials.jsonl', studyLine, 'modelgate-tuning-jsonl'],
  ['tuning-2024.jsonl', '{"broken\n', 'modelgate-tuning-jsonl'],
  ['optuna/journal.log', journal, 'optuna-journal'],
  ['optuna/journal.jsonl', journal, 'optuna-journal'],
  ['optuna/trials.csv', optunaCsv, 'optuna-trials-csv'],
  ['optuna/indexed.csv', `,${optunaCsv}`, 'optuna-trials-csv'],
  ['optuna/multi.csv', 'number,values_0,values_1,params_x,state\n', 'optuna-trials-csv'],
  ['wandb/config.yaml', sweep, 'wandb-sweep'],
  ['nni/config.yml', nniConfig, 'nni-config'],
  ['nni/config_detailed.yml', 'experimentName: MNIST\nsearchSpace:\n  lr: {_type: choice, _value: [0.1]}\n', 'nni-config'],
  // no telling extension
  ['optuna/journal', journal, 'optuna-journal'],
  ['tuning/trials', studyLine, 'modelgate-tuning-jsonl'],
  ['exports/trials', optunaCsv, 'optuna-trials-csv'],
  ['exports/state', rayState, 'ray-tune-experiment-state'],
  ['config/lineage-manifest', lineage, 'modelgate-lineage'],
  // not a format modelgate reads
  ['params.yaml', 'base:\n  seed: 42\ntrain:\n  max_depth: 6\n', 'unknown'],
  ['artifacts.yaml', 'randomforest-model:\n  path: model.pkl\n  type: model\n', 'unknown'],
  ['eval_results.yaml', '- dataset:\n    id: cais/hle\n  value: 0.5\n', 'unknown'],
  ['metrics.json', '{"f1": 0.58, "roc_auc": 0.85}', 'unknown'],
  ['schema.json', '{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"model_details": {}}}', 'unknown'],
  ['data/customers.csv', 'id,name,balance\n1,a,2\n', 'unknown'],
  ['logs/app.log', '2024-01-01 INFO started\n', 'unknown'],
  ['notes.txt', 'hello', 'unknown'],
  ['MLmodel', 'flavors:\n  sklearn:\n    pickled_model: model.pkl\n', 'unknown'],
  ['broken.json', '{"model_details": ', 'unknown'],
  ['broken.yaml', 'a: [unclosed\n', 'unknown'],
  ['empty-list.json', '[]', 'unknown'],
];

describe('detectFormat', () => {
  it.each(cases)('%s -> %s', (file, text, expected) => {
    expect(detectFormat(file, text)).toBe(expected);
  });

  it('does not expand YAML aliases while looking at top-level keys', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(detectFormat('bomb.yaml', bomb)).toBe('unknown');
  });
});

describe('formatFromName', () => {
  it.each([
    ['README.md', 'hf-model-card'],
    ['dvc.lock', 'dvc-lock'],
    ['config.yml', undefined],
    ['trials.jsonl', undefined],
    ['models/x/weights.bin', undefined],
  ] as const)('%s -> %s', (file, expected) => {
    expect(formatFromName(file)).toBe(expected);
  });
});

describe('isDiscoverableArtifact', () => {
  it.each([
    ['models/churn/MODEL_CARD.md', '# Churn\n\nNo front matter.\n', true],
    ['models/churn/README.md', hfCard, true],
    ['models/churn/README.md', '---\ngovernance:\n  owners: ["@acme/ml"]\n---\n', true],
    ['models/churn/README.md', '---\nbase_model: bert-base-uncased\n---\n', true],
    ['README.md', '# A project\n\nOrdinary readme.\n', false],
    ['docs/guide.md', '---\ntitle: Guide\nlayout: page\n---\n# Guide\n', false],
    ['models/churn/lineage.yaml', lineage, true],
    ['params.yaml', 'train:\n  seed: 1\n', false],
    ['tuning/trials.jsonl', studyLine, true],
  ] as const)('%s (%#) -> %s', (file, text, expected) => {
    expect(isDiscoverableArtifact(file, text)).toBe(expected);
  });
});

describe('frontMatterKeys', () => {
  it('reads the top-level keys of YAML front matter, with CRLF line ends too', () => {
    expect(frontMatterKeys('---\r\nlicense: mit\r\nlibrary_name: timm\r\n---\r\n# x')).toEqual(['license', 'library_name']);
  });

  it('is empty without front matter or when the front matter is not a mapping', () => {
    expect(frontMatterKeys('# Title\n---\nlicense: mit\n---\n')).toEqual([]);
    expect(frontMatterKeys('---\n[]\n---\n')).toEqual([]);
  });
});
