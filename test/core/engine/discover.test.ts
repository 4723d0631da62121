import { describe, expect, it } from 'vitest';
import { discoverCards, modelPathMatcher } from '../../../src/core/engine/discover.ts';
import { TreeReader } from '../../../src/core/engine/reader.ts';
import { defaultPolicy } from '../../../src/core/policy/defaults.ts';
import type { Policy } from '../../../src/core/policy/types.ts';
import { cardText } from '../../helpers/fixtures.ts';
import { repoState } from '../../helpers/rule-tester.ts';

const policyWith = (models: Partial<Policy['models']>): Policy => ({ ...defaultPolicy(), models: { ...defaultPolicy().models, ...models } });
const discover = (files: Record<string, string>, policy = defaultPolicy()) => discoverCards(new TreeReader(repoState('HEAD', files)), policy).map((c) => `${c.cardPath} (${c.format})`);

const PLAIN_README = '# Churn\n\nHow to run the notebooks.\n';

describe('discoverCards', () => {
  it('MODEL_CARD.md and model_card.json are always cards', () => {
    expect(discover({ 'a/MODEL_CARD.md': '# A\n', 'b/model_card.json': '{"model_details": {"name": "b"}}', 'c/notes.md': '# C\n' })).toEqual([
      'a/MODEL_CARD.md (hf-model-card)',
      'b/model_card.json (mct-model-card)',
    ]);
  });

  it.each(['governance', 'model-index', 'base_model', 'pipeline_tag', 'library_name'])('a README.md whose front matter has %s is a card', (marker) => {
    expect(discover({ 'hf/README.md': `---\n${marker}: x\n---\n# Model\n` })).toEqual(['hf/README.md (hf-model-card)']);
  });

  it('an ordinary README.md, even with other front matter, is not a card', () => {
    expect(discover({ 'docs/README.md': PLAIN_README, 'blog/README.md': '---\ntitle: Post\nlicense: mit\n---\n# Post\n' })).toEqual([]);
  });

  it('a README.md in a directory matching models.paths is a card without markers', () => {
    const policy = policyWith({ paths: ['models/*'] });
    expect(discover({ 'models/churn/README.md': PLAIN_README, 'docs/README.md': PLAIN_README }, policy)).toEqual(['models/churn/README.md (hf-model-card)']);
  });

  it('the directory a models.paths glob starts from holds models, it is not one', () => {
    const policy = policyWith({ paths: ['models/**'] });
    expect(discover({ 'models/README.md': PLAIN_README, 'models/churn/README.md': PLAIN_README }, policy)).toEqual(['models/churn/README.md (hf-model-card)']);
    expect(modelPathMatcher(policy).dir('models')).toBe(false);
    expect(modelPathMatcher(policy).file('models/README.md')).toBe(true);
    expect(modelPathMatcher(policyWith({ paths: ['models/churn'] })).file('models/churn/model.pkl')).toBe(true);
  });

  it('a README by models.paths alone is no card inside another model: models/** must not split a model into its subfolders', () => {
    const policy = policyWith({ paths: ['models/**'] });
    const files = { 'models/churn/MODEL_CARD.md': cardText(), 'models/churn/data/README.md': PLAIN_README, 'models/fraud/README.md': PLAIN_README, 'models/fraud/eval/README.md': PLAIN_README };
    expect(discover(files, policy)).toEqual(['models/churn/MODEL_CARD.md (hf-model-card)', 'models/fraud/README.md (hf-model-card)']);
  });

  it('two READMEs differing only in case: the one that sorts first, every time', () => {
    expect(discover({ 'm/readme.md': cardText(), 'm/README.md': cardText() })).toEqual(['m/README.md (hf-model-card)']);
  });

  it('one card per directory: the first name of models.cards wins', () => {
    const files = { 'm/MODEL_CARD.md': cardText(), 'm/README.md': cardText(), 'm/model_card.json': '{"model_details": {}}' };
    expect(discover(files)).toEqual(['m/MODEL_CARD.md (hf-model-card)']);
    expect(discover(files, policyWith({ cards: ['model_card.json', 'MODEL_CARD.md'] }))).toEqual(['m/model_card.json (mct-model-card)']);
  });

  it('models.cards adds names and can leave README.md out', () => {
    const policy = policyWith({ cards: ['CARD.md'] });
    expect(discover({ 'x/CARD.md': '# X\n', 'y/README.md': cardText(), 'z/MODEL_CARD.md': cardText() }, policy)).toEqual(['x/CARD.md (hf-model-card)']);
  });

  it('a README whose content is not fetched yet is not a card yet, and is asked for', () => {
    const reader = new TreeReader({ sha: 'HEAD', files: { 'hf/README.md': { sha: 'abc' }, 'm/MODEL_CARD.md': { sha: 'def' } } });
    expect(discoverCards(reader, defaultPolicy()).map((c) => c.cardPath)).toEqual(['m/MODEL_CARD.md']);
    expect([...reader.missing]).toEqual(['hf/README.md']);
  });
});
