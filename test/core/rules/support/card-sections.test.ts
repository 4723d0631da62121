import { describe, expect, it } from 'vitest';
import type { CardSection } from '../../../../src/core/artifacts/types.ts';
import { acceptedHeadings, findSection, headingMatches, normalizeHeading, REQUIRED_SECTIONS, type RequiredSectionId } from '../../../../src/core/rules/support/card-sections.ts';

const section = (id: RequiredSectionId) => REQUIRED_SECTIONS.find((s) => s.id === id)!;

describe('normalizeHeading', () => {
  it('drops markup, [optional] and punctuation', () => {
    expect(normalizeHeading('**Bias, Risks, and Limitations** [optional]:')).toBe('bias risks and limitations');
    expect(normalizeHeading('Intended uses & limitations')).toBe('intended uses and limitations');
    expect(normalizeHeading('[Training Data](#data) (optional)')).toBe('training data');
  });
});

describe('headingMatches', () => {
  it.each([
    ['intended-use', 'Uses'],
    ['intended-use', 'Direct Use'],
    ['intended-use', 'Intended uses & limitations'],
    ['intended-use', 'Intended Use'],
    ['intended-use', 'Primary intended uses'],
    ['limitations', 'Bias, Risks, and Limitations'],
    ['limitations', 'Intended uses & limitations'],
    ['limitations', 'Known limitations'],
    ['limitations', 'Caveats and Recommendations'],
    ['training-data', 'Training Data'],
    ['training-data', 'Training Details'],
    ['training-data', 'Training and evaluation data'],
    ['evaluation', 'Evaluation'],
    ['evaluation', 'Testing Data, Factors & Metrics'],
    ['evaluation', 'Results'],
    ['evaluation', 'Quantitative Analyses'],
    ['ethical-considerations', 'Ethical considerations'],
    ['ethical-considerations', 'Bias, Risks, and Limitations'],
    ['ethical-considerations', 'Ethics'],
    // Issue 11: headings of real cards.
    ['training-data', 'Training'], // sentence-transformers and SetFit cards (DPolatajko/osm-nlp-setfit)
    ['training-data', 'Training (with the RL Zoo)'], // stable-baselines3 cards (sb3/ars-Acrobot-v1)
    ['training-data', 'Architecture & Training'], // AdapterHub cards (AdapterHub/bert-base-uncased-pf-drop)
    ['training-data', 'TRAINING DATA'],
    ['evaluation', 'Evaluations'],
    ['evaluation', 'Accuracy'],
    ['evaluation', 'EVALUATION RESULTS'],
    ['evaluation', 'Eval results on MasakhaNER (F-score)'], // Davlan/afro-xlmr-small
    ['evaluation', 'Model Comparison'], // timm cards: top-1/top-5 tables (timm/maxvit_large_tf_384.in21k_ft_in1k)
    ['limitations', 'Recommendations'], // the template's sub-section of its limitations, on its own (Sociovestix/lenu_US-DE)
  ] as const)('%s accepts "%s"', (id, heading) => {
    expect(headingMatches(section(id), heading)).toBe(true);
  });

  it.each([
    ['intended-use', 'How to Get Started with the Model'],
    ['limitations', 'Model Details'],
    ['training-data', 'Testing Data'],
    ['evaluation', 'Environmental Impact'],
    ['ethical-considerations', 'Citation'],
    ['training-data', ''],
    ['training-data', 'Pretrained models'],
    ['evaluation', 'Usage (with SB3 RL Zoo)'],
  ] as const)('%s rejects "%s"', (id, heading) => {
    expect(headingMatches(section(id), heading)).toBe(false);
  });
});

describe('findSection / acceptedHeadings', () => {
  it('finds the first matching section', () => {
    const sections: CardSection[] = [
      { heading: 'Model Details', level: 2, line: 3, body: 'x' },
      { heading: 'Training Details', level: 2, line: 7, body: 'y' },
      { heading: 'Training Data', level: 3, line: 9, body: 'z' },
    ];
    expect(findSection(sections, section('training-data'))?.line).toBe(7);
    expect(findSection(sections, section('evaluation'))).toBeUndefined();
  });
  it('lists the accepted headings quoted, in order', () => {
    expect(acceptedHeadings(section('intended-use'))).toBe('"Intended Use", "Uses", "Direct Use", "Intended uses & limitations", "Use Cases"');
  });
});
