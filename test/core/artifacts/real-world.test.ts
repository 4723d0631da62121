// Every real-world fixture through the one entry point a user hits (parseArtifact), by the role
// EXPECTED.tsv gives it. The exact values and messages are asserted in each parser's own tests;
// here: the right format is recognised, good files parse clean, bad files fail with a line,
// and nothing throws.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArtifact } from '../../../src/core/artifacts/index.ts';
import type { ArtifactFormat } from '../../../src/core/artifacts/types.ts';
import { expectedRows, REAL_WORLD_ROOT } from '../../helpers/real-world.ts';

const fixtures = REAL_WORLD_ROOT;
const shared = join(import.meta.dirname, '../../../../shared/real-world');

const rows = expectedRows().map(([path, role]) => ({ path, role }));

/** The format each fixture must be read as; references record what detection makes of them. */
const FORMATS: Record<string, ArtifactFormat> = {
  'model-cards/hf-sample_simple.md': 'hf-model-card',
  'model-cards/hf-sample_simple_model_index.md': 'hf-model-card',
  'model-cards/hf-sample_windows_line_breaks.md': 'hf-model-card',
  'model-cards/hf-sample_no_metadata.md': 'hf-model-card',
  'model-cards/hf-sample_invalid_model_index.md': 'hf-model-card',
  'model-cards/hf-sample_invalid_card_data.md': 'hf-model-card',
  'model-cards/hf-modelcard_template.md': 'hf-model-card',
  'model-cards/hf-hub-docs-modelcard-metadata-spec.md': 'hf-model-card',
  'model-cards/hf-hub-docs-eval_results.yaml': 'unknown',
  'model-cards/mct-full.json': 'mct-model-card',
  'model-cards/mct-cats_vs_dogs_v0_0_2.json': 'mct-model-card',
  'model-cards/mct-cats_vs_dogs_v0_0_1.json': 'mct-model-card',
  'model-cards/mct-considerations.json': 'mct-model-card',
  'model-cards/mct-train_data.json': 'mct-model-card',
  'model-cards/mct-model_card.schema.v0.0.2.json': 'unknown',
  'lineage/openlineage-example_full_event.json': 'openlineage-event',
  'lineage/openlineage-serde_example_run_event.json': 'openlineage-event',
  'lineage/openlineage-serde_example_job_event.json': 'openlineage-event',
  'lineage/openlineage-serde_example_dataset_event.json': 'openlineage-event',
  'lineage/openlineage-spec-OpenLineage.schema.json': 'unknown',
  'lineage/dvcyaml-schema/valid/simple.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/minimal.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/params.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/metrics.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/outs.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/artifacts.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/foreach.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/matrix.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/plots_dict.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/valid/vars.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/invalid/outs.extra.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/invalid/stage.extra.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/invalid/toplevel.extra.dvc.yaml': 'dvc-pipeline',
  'lineage/dvcyaml-schema/schema.json': 'unknown',
  'lineage/dvc-demo-bank-customer-churn/dvc.yaml': 'dvc-pipeline',
  'lineage/dvc-demo-bank-customer-churn/dvc.lock': 'dvc-lock',
  'lineage/dvc-demo-bank-customer-churn/data/Churn_Modelling.csv.dvc': 'dvc-pointer',
  'lineage/dvc-demo-bank-customer-churn/params.yaml': 'unknown',
  'lineage/dvc-demo-bank-customer-churn/artifacts.yaml': 'unknown',
  'lineage/dvc-demo-bank-customer-churn/metrics.json': 'unknown',
  'lineage/dvc-demo-bank-customer-churn/model/clf-model.mlem': 'unknown',
  'lineage/mlflow/example_mlflow_1x_sklearn_model/MLmodel': 'unknown',
  'tuning-logs/wandb-sweeps/sweep-local-hyperband.yaml': 'wandb-sweep',
  'tuning-logs/wandb-sweeps/sweep-local-bayes.yaml': 'wandb-sweep',
  'tuning-logs/wandb-sweeps/sweep-grid.yaml': 'wandb-sweep',
  'tuning-logs/wandb-sweeps/sweep-nested-cli.yaml': 'wandb-sweep',
  'tuning-logs/wandb-sweeps/sweep-launch-jobs.yaml': 'wandb-sweep',
  'tuning-logs/wandb-sweeps/sweep-config.schema.json': 'unknown',
  'tuning-logs/wandb-sweeps/sweep-runs-log.ygnwe8ptupj33get.json': 'unknown',
  'tuning-logs/optuna/journal-4.0.0.dev.log': 'optuna-journal',
  'tuning-logs/nni/nnictl-import-trials.json': 'nni-trials',
  'tuning-logs/nni/mnist-pytorch/config.yml': 'nni-config',
  'tuning-logs/nni/mnist-pytorch/config_detailed.yml': 'nni-config',
  'tuning-logs/nni/mnist-pytorch/search_space.json': 'nni-search-space',
  'tuning-logs/nni/expected_metrics_dict.json': 'unknown',
  'tuning-logs/ray-tune/experiment_state-2022-03-17_18-22-31.json': 'ray-tune-experiment-state',
};

const KINDS: Partial<Record<ArtifactFormat, string>> = {
  'hf-model-card': 'model-card',
  'mct-model-card': 'model-card',
  'openlineage-event': 'lineage',
  'dvc-pipeline': 'lineage',
  'dvc-lock': 'lineage',
  'dvc-pointer': 'lineage',
  'wandb-sweep': 'tuning-log',
  'optuna-journal': 'tuning-log',
  'nni-trials': 'tuning-log',
  'nni-config': 'tuning-log',
  'nni-search-space': 'tuning-log',
  'ray-tune-experiment-state': 'tuning-log',
};

function parseFixture(path: string) {
  return parseArtifact(path, readFileSync(join(fixtures, path)));
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

describe('real-world fixtures (EXPECTED.tsv)', () => {
  it('has a format expectation for every row, and no stale ones', () => {
    expect(Object.keys(FORMATS).sort()).toEqual(rows.map((row) => row.path).sort());
  });

  describe.each(rows.filter((row) => row.role === 'parse-ok'))('parse-ok $path', ({ path }) => {
    it(`is read as ${FORMATS[path]} with no errors`, () => {
      const result = parseFixture(path);
      expect(result.errors).toEqual([]);
      expect(result.format).toBe(FORMATS[path]);
      expect(result.kind).toBe(KINDS[FORMATS[path]!]);
      expect(result.value).toBeDefined();
    });
  });

  describe.each(rows.filter((row) => row.role === 'parse-error'))('parse-error $path', ({ path }) => {
    it(`is read as ${FORMATS[path]} and reports an error with its line`, () => {
      const result = parseFixture(path);
      expect(result.format).toBe(FORMATS[path]);
      expect(result.errors.length).toBeGreaterThan(0);
      for (const error of result.errors) {
        expect(error.file).toBe(path);
        expect(error.line).toBeGreaterThan(0);
      }
    });
  });

  describe.each(rows.filter((row) => row.role === 'reference'))('reference $path', ({ path }) => {
    it(`does not throw and is detected as ${FORMATS[path]}`, () => {
      const result = parseFixture(path);
      expect(result.format).toBe(FORMATS[path]);
      if (result.format === 'unknown') {
        expect(result.errors).toEqual([{ file: path, line: 1, code: 'unknown-format', message: 'not a format modelgate reads: expected a model card, lineage manifest or tuning log' }]);
      }
    });
  });

  it.skipIf(!existsSync(shared))('is byte-identical to ../shared/real-world', () => {
    const ours = filesUnder(fixtures);
    expect(ours).toEqual(filesUnder(shared));
    for (const file of ours) {
      expect(Buffer.compare(readFileSync(join(fixtures, file)), readFileSync(join(shared, file))), file).toBe(0);
    }
  });
});
