// Every real file from ../shared/real-world placed in a model directory and run through the
// real engine with the built-in policy: no rule may crash, and no rule may claim what the
// file plainly contradicts (metrics it reports, versions it pins, CIs it gives).
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/engine/evaluate.ts';
import type { Finding } from '../../src/core/rules/define.ts';
import { loadPolicy } from '../../src/core/policy/load.ts';
import { realWorldFile } from '../helpers/real-world.ts';
import { repoState } from '../helpers/rule-tester.ts';

const fixture = realWorldFile;

function findingsFor(files: Record<string, string>): Finding[] {
  const evaluation = evaluate({ head: repoState('HEAD', files), changedFiles: 'all' }, loadPolicy());
  return [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)];
}

const hfIndexCard = fixture('model-cards/hf-sample_simple_model_index.md');

const repos: Record<string, Record<string, string>> = {
  'HF card with model-index': { 'models/a/README.md': hfIndexCard },
  'HF card with CRLF line breaks': { 'models/a/MODEL_CARD.md': fixture('model-cards/hf-sample_windows_line_breaks.md') },
  'HF card without metadata': { 'models/a/MODEL_CARD.md': fixture('model-cards/hf-sample_no_metadata.md') },
  'HF card template (Jinja)': { 'models/a/MODEL_CARD.md': fixture('model-cards/hf-modelcard_template.md') },
  'HF card with invalid model-index': { 'models/a/MODEL_CARD.md': fixture('model-cards/hf-sample_invalid_model_index.md') },
  'HF card whose front matter is a list': { 'models/a/MODEL_CARD.md': fixture('model-cards/hf-sample_invalid_card_data.md') },
  'MCT full': { 'models/a/model_card.json': fixture('model-cards/mct-full.json') },
  'MCT 0.0.2 cats vs dogs': { 'models/a/model_card.json': fixture('model-cards/mct-cats_vs_dogs_v0_0_2.json') },
  'MCT 0.0.1 cats vs dogs': { 'models/a/model_card.json': fixture('model-cards/mct-cats_vs_dogs_v0_0_1.json') },
  'MCT considerations': { 'models/a/model_card.json': fixture('model-cards/mct-considerations.json') },
  'MCT train data': { 'models/a/model_card.json': fixture('model-cards/mct-train_data.json') },
  'OpenLineage run event': { 'models/a/README.md': hfIndexCard, 'models/a/train.openlineage.json': fixture('lineage/openlineage-example_full_event.json') },
  'DVC pipeline with lock': {
    'models/a/README.md': hfIndexCard,
    'models/a/dvc.yaml': fixture('lineage/dvc-demo-bank-customer-churn/dvc.yaml'),
    'models/a/dvc.lock': fixture('lineage/dvc-demo-bank-customer-churn/dvc.lock'),
    'models/a/params.yaml': fixture('lineage/dvc-demo-bank-customer-churn/params.yaml'),
    'models/a/data/Churn_Modelling.csv.dvc': fixture('lineage/dvc-demo-bank-customer-churn/data/Churn_Modelling.csv.dvc'),
  },
  'W&B sweep': { 'models/a/README.md': hfIndexCard, 'models/a/sweep-bayes.yaml': fixture('tuning-logs/wandb-sweeps/sweep-local-bayes.yaml') },
  'NNI search space': { 'models/a/README.md': hfIndexCard, 'models/a/search_space.json': fixture('tuning-logs/nni/mnist-pytorch/search_space.json') },
  'Ray Tune state': { 'models/a/README.md': hfIndexCard, 'models/a/experiment_state-2022-03-17_18-22-31.json': fixture('tuning-logs/ray-tune/experiment_state-2022-03-17_18-22-31.json') },
};

describe('real-world files through the engine', () => {
  it.each(Object.keys(repos))('%s: no rule crashes', (name) => {
    const findings = findingsFor(repos[name]!);
    expect(findings.filter((f) => /crashed/i.test(f.message))).toEqual([]);
    expect(findings.every((f) => f.line >= 1 && f.file.startsWith('models/a/'))).toBe(true);
  });

  it('a card whose model-index reports metrics is never told it has none', () => {
    const findings = findingsFor(repos['HF card with model-index']!);
    expect(findings.filter((f) => /no metric/i.test(f.message))).toEqual([]);
    // The card has no governance block: its metrics' missing uncertainty, baselines and slices are
    // named once, in that finding (issue 11), not by three evaluation rules.
    const governed = ['model-card-governance', 'evaluation-uncertainty-reported', 'evaluation-baseline-compared', 'evaluation-slices-reported'];
    const evaluation = findings.filter((f) => governed.includes(f.ruleId));
    expect(evaluation.map((f) => [f.ruleId, f.message])).toEqual([
      ['model-card-governance', expect.stringContaining('evaluation (uncertainty, baselines and slices for `accuracy` and `f1` from `model-index`)')],
    ]);
  });

  it('an MCT card that gives confidence intervals is not asked for uncertainty', () => {
    expect(findingsFor(repos['MCT full']!).filter((f) => f.ruleId === 'evaluation-uncertainty-reported')).toEqual([]);
  });

  it('DVC inputs pinned by dvc.lock md5 are not called unversioned, and the pipeline counts as lineage', () => {
    const findings = findingsFor(repos['DVC pipeline with lock']!);
    expect(findings.filter((f) => f.ruleId === 'lineage-inputs-versioned')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'lineage-present')).toEqual([]);
  });

  // The spec's full example reads and writes the same table (no version facet): it is the job's
  // own output, not an outside input, so it is not reported as unversioned.
  it('an OpenLineage event counts as lineage, and a table the job itself writes is not an outside input', () => {
    const findings = findingsFor(repos['OpenLineage run event']!);
    expect(findings.filter((f) => f.ruleId === 'lineage-inputs-versioned')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'lineage-present')).toEqual([]);
  });

  it('parse errors in real negative cases surface as artifact-parseable findings with their line', () => {
    const invalidIndex = findingsFor(repos['HF card with invalid model-index']!).filter((f) => f.ruleId === 'artifact-parseable');
    expect(invalidIndex.length).toBeGreaterThan(0);
    expect(invalidIndex.every((f) => f.line > 1)).toBe(true);
    const listFrontMatter = findingsFor(repos['HF card whose front matter is a list']!).filter((f) => f.ruleId === 'artifact-parseable');
    expect(listFrontMatter.map((f) => f.line)).toEqual([2]);
  });
});
