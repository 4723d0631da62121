// Issue 11: which task a real Hugging Face card declares, so advice names a baseline and slices
// that fit it (a random policy for an agent, the base checkpoint's WER for speech recognition).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHuggingFaceCard } from '../../../../src/core/artifacts/model-card/huggingface.ts';
import { TASK_EXAMPLES, taskFamily, type TaskFamily } from '../../../../src/core/rules/support/task-family.ts';
import { REAL_WORLD_ROOT } from '../../../helpers/real-world.ts';

function card(text: string) {
  const result = parseHuggingFaceCard('README.md', text);
  if (!result.value) throw new Error(JSON.stringify(result.errors));
  return result.value;
}
const hubCard = (name: string) => card(readFileSync(`${REAL_WORLD_ROOT}/hub-cards/${name}_README.md`, 'utf8'));
const frontMatter = (yaml: string) => card(`---\n${yaml}\n---\n# m\n`);

describe('taskFamily: real Hub cards', () => {
  it.each<[string, TaskFamily, string]>([
    ['Voyager1_asr-wav2vec2-commonvoice-es-finetuned-rtve', 'automatic-speech-recognition', 'pipeline_tag'],
    ['sb3_ars-Acrobot-v1', 'reinforcement-learning', 'model-index task'],
    ['coyotespike_dqn-PongNoFrameskip-v4', 'reinforcement-learning', 'tags / library stable-baselines3'],
    ['HYM_test_ner-finetuned-ner', 'token-classification', 'model-index task'],
    ['Helsinki-NLP_opus-mt-ROMANCE-en', 'translation', 'tag'],
    ['L-macc_autotrain-Biomedical_sc_summ-1217846144', 'summarization', 'tag and model-index task'],
    ['Kevincp560_distilbart-cnn-6-6-finetuned-pubmed', 'summarization', 'text2text-generation reporting ROUGE'],
    ['Rubens_Wav2Vec2-Large-XLSR-53-a-Portuguese', 'automatic-speech-recognition', 'tag'],
    ['espnet_kan-bayashi_csmsc_full_band_vits', 'speech', 'library espnet'],
    ['Psunrise_finetuning-sentiment-model-3000-samples', 'text-classification', 'model-index task'],
    ['DPolatajko_osm-nlp-setfit', 'sentence-similarity', 'pipeline_tag'],
    ['timm_maxvit_large_tf_384.in21k_ft_in1k', 'image-classification', 'tag / library timm'],
    ['CAUKiel_JavaBERT', 'unknown', 'nothing declared'],
  ])('%s -> %s (%s)', (name, family) => {
    expect(taskFamily(hubCard(name))).toBe(family);
  });
});

describe('taskFamily: precedence', () => {
  it('pipeline_tag wins over tags and library', () => {
    expect(taskFamily(frontMatter('pipeline_tag: translation\ntags: [text-classification]\nlibrary_name: stable-baselines3'))).toBe('translation');
  });
  it('a generation task is refined by a tag naming the kind, else by its metrics', () => {
    expect(taskFamily(frontMatter('pipeline_tag: text2text-generation\ntags: [summarization]'))).toBe('summarization');
    expect(taskFamily(frontMatter('pipeline_tag: text2text-generation\nmetrics: [sacrebleu]'))).toBe('translation');
    expect(taskFamily(frontMatter('pipeline_tag: text-generation'))).toBe('text-generation');
  });
  it('a metric only one task reports, when nothing else is declared', () => {
    expect(taskFamily(frontMatter('metrics: [wer]'))).toBe('automatic-speech-recognition');
    expect(taskFamily(frontMatter('license: mit'))).toBe('unknown');
  });
});

describe('TASK_EXAMPLES', () => {
  it('suggests no tabular baseline or slices outside tabular tasks', () => {
    for (const [family, examples] of Object.entries(TASK_EXAMPLES)) {
      if (family.startsWith('tabular')) continue;
      expect(`${family}: ${examples.baseline} | ${examples.slices} | ${examples.ablation}`).not.toMatch(/logistic regression$|region|tenure/);
    }
  });
});
