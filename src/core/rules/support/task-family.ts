// What a card's model does, and the examples its advice should use. "Add a logistic-regression
// baseline" or "slice by region and tenure" is good advice for a churn model and nonsense for a
// DQN agent, an ASR model or a translator, so the evaluation rules take their examples from the
// one table below, by the task the card declares.
//
// The task comes from the Hugging Face front matter, most specific first: `pipeline_tag`, the
// `model-index` task types, a tag that is a Hub task, then a library that does one kind of task
// (stable-baselines3 trains agents). A card that says nothing gets examples that fit any model.
import type { ModelCard } from '../../artifacts/types.ts';

export type TaskFamily =
  | 'tabular-classification'
  | 'tabular-regression'
  | 'text-classification'
  | 'token-classification'
  | 'question-answering'
  | 'translation'
  | 'summarization'
  | 'text-generation'
  | 'fill-mask'
  | 'sentence-similarity'
  | 'image-classification'
  | 'object-detection'
  | 'automatic-speech-recognition'
  | 'speech'
  | 'audio-classification'
  | 'reinforcement-learning'
  | 'unknown';

/** Examples the evaluation rules put into their advice; each reads after "such as" or "e.g.", on the card's own split. */
export interface TaskExamples {
  /** A simple baseline to compare with, on the same split and metric. */
  baseline: string;
  /** Segments to report the metric on. */
  slices: string;
  /** One change an ablation removes, as `{change: "…"}` would name it. */
  ablation: string;
}

export const TASK_EXAMPLES: Record<TaskFamily, TaskExamples> = {
  'tabular-classification': {
    baseline: 'logistic regression or a majority-class predictor',
    slices: 'region, tenure, protected groups',
    ablation: 'tenure features',
  },
  'tabular-regression': {
    baseline: 'linear regression or a mean (last-value) predictor',
    slices: 'region, segment, protected groups',
    ablation: 'lag features',
  },
  'text-classification': {
    baseline: 'a majority-class predictor or logistic regression on TF-IDF features',
    slices: 'per class, per language, per domain or source',
    ablation: 'domain-adaptive pretraining',
  },
  'token-classification': {
    baseline: 'the entity F1 of the base checkpoint or of a dictionary (gazetteer) tagger',
    slices: 'per entity type, per domain, per language',
    ablation: 'the augmented training sentences',
  },
  'question-answering': {
    baseline: 'the exact match and F1 of the base checkpoint',
    slices: 'per question type, per domain, per context length',
    ablation: 'the additional training questions',
  },
  translation: {
    baseline: 'the BLEU (or chrF) of the base checkpoint or of the system in use',
    slices: 'per language pair, per domain, per sentence length',
    ablation: 'back-translated data',
  },
  summarization: {
    baseline: 'the ROUGE of a lead-3 baseline (the first three sentences) or of the base checkpoint',
    slices: 'per domain, per document length',
    ablation: 'the longer input window',
  },
  'text-generation': {
    baseline: 'the base checkpoint (its perplexity or task accuracy)',
    slices: 'per domain, per language, per prompt type',
    ablation: 'the instruction-tuning data',
  },
  'fill-mask': {
    baseline: 'the base checkpoint (on the downstream task, or its pseudo-perplexity)',
    slices: 'per domain, per language',
    ablation: 'the domain corpus',
  },
  'sentence-similarity': {
    baseline: 'the base encoder (its Spearman correlation or recall@k)',
    slices: 'per language, per domain, per text length',
    ablation: 'hard-negative mining',
  },
  'image-classification': {
    baseline: 'a majority-class predictor or a linear probe on the pretrained features',
    slices: 'per class, per capture condition (lighting, device, source)',
    ablation: 'the augmentation policy',
  },
  'object-detection': {
    baseline: 'the mAP of the base checkpoint',
    slices: 'per class, per object size, per capture condition',
    ablation: 'the augmentation policy',
  },
  'automatic-speech-recognition': {
    baseline: 'the WER of the base checkpoint before fine-tuning',
    slices: 'per accent or dialect, per recording condition, per speaker group',
    ablation: 'the language model used in decoding',
  },
  speech: {
    baseline: 'the base checkpoint or the system in use (on MOS, MCD or SI-SNR)',
    slices: 'per speaker, per noise condition, per language',
    ablation: 'the data augmentation',
  },
  'audio-classification': {
    baseline: 'a majority-class predictor or the base checkpoint',
    slices: 'per class, per recording condition',
    ablation: 'the data augmentation',
  },
  'reinforcement-learning': {
    baseline: 'a random policy (its mean episode reward)',
    slices: 'per environment or level, per seed',
    ablation: 'frame stacking',
  },
  unknown: {
    baseline: 'a majority-class or mean predictor, a linear model, or the rule the model replaces',
    slices: 'data source, class, protected groups',
    ablation: 'the new training data',
  },
};

// Hub task ids (`pipeline_tag`, `model-index` task types, tags) by family. Tasks not listed here
// fall through to the next source and, in the end, to `unknown`.
const HUB_TASKS: Record<string, TaskFamily> = {
  'tabular-classification': 'tabular-classification',
  'tabular-regression': 'tabular-regression',
  'time-series-forecasting': 'tabular-regression',
  'text-classification': 'text-classification',
  'zero-shot-classification': 'text-classification',
  'sentiment-analysis': 'text-classification',
  'natural-language-inference': 'text-classification',
  'token-classification': 'token-classification',
  ner: 'token-classification',
  'named-entity-recognition': 'token-classification',
  'question-answering': 'question-answering',
  'table-question-answering': 'question-answering',
  translation: 'translation',
  summarization: 'summarization',
  'text-generation': 'text-generation',
  'text2text-generation': 'text-generation',
  conversational: 'text-generation',
  'fill-mask': 'fill-mask',
  'sentence-similarity': 'sentence-similarity',
  'feature-extraction': 'sentence-similarity',
  'image-classification': 'image-classification',
  'zero-shot-image-classification': 'image-classification',
  'object-detection': 'object-detection',
  'image-segmentation': 'object-detection',
  'automatic-speech-recognition': 'automatic-speech-recognition',
  'text-to-speech': 'speech',
  'text-to-audio': 'speech',
  'audio-to-audio': 'speech',
  'audio-classification': 'audio-classification',
  'reinforcement-learning': 'reinforcement-learning',
  'deep-reinforcement-learning': 'reinforcement-learning',
};

// Libraries that do one kind of task, for cards that name nothing else.
const LIBRARIES: Record<string, TaskFamily> = {
  'stable-baselines3': 'reinforcement-learning',
  'sample-factory': 'reinforcement-learning',
  'ml-agents': 'reinforcement-learning',
  skrl: 'reinforcement-learning',
  'sentence-transformers': 'sentence-similarity',
  setfit: 'text-classification',
  timm: 'image-classification',
  espnet: 'speech',
};

// The Hub files summarizers and translators under `text2text-generation` too; the metric they
// report says which one a card is.
const GENERATION_METRICS: [RegExp, TaskFamily][] = [
  [/^rouge/, 'summarization'],
  [/^(sacre)?bleu$|^chrf|^ter$|^comet/, 'translation'],
];

// Metrics that name their task.
const TELLING_METRICS: [RegExp, TaskFamily][] = [
  [/^(wer|cer)$/, 'automatic-speech-recognition'],
  [/^mean_reward$/, 'reinforcement-learning'],
  ...GENERATION_METRICS,
];

const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const family = (task: string): TaskFamily | undefined => HUB_TASKS[task.trim().toLowerCase()];

/**
 * The task family a card declares. A generation task is refined by a tag or task that says which
 * (summarization, translation), else by the metrics it reports (ROUGE, BLEU).
 */
export function taskFamily(card: ModelCard): TaskFamily {
  const meta = card.metadata;
  const declared = [...strings(meta.pipeline_tag), ...card.results.flatMap((r) => (r.task ? [r.task] : [])), ...strings(meta.tags)];
  const families = declared.map(family).filter((f): f is TaskFamily => f !== undefined);
  const first = families[0];
  if (first === 'text-generation') {
    const named = families.find((f) => f === 'summarization' || f === 'translation');
    if (named) return named;
    const metrics = [...card.results.flatMap((r) => r.metrics.map((m) => m.name)), ...strings(meta.metrics)].map((m) => m.toLowerCase());
    return GENERATION_METRICS.find(([re]) => metrics.some((m) => re.test(m)))?.[1] ?? first;
  }
  if (first) return first;
  for (const library of strings(meta.library_name)) {
    const found = LIBRARIES[library.trim().toLowerCase()];
    if (found) return found;
  }
  // Last, a metric only one task reports (a fine-tuned wav2vec2 card often names nothing but WER).
  const metrics = [...card.results.flatMap((r) => r.metrics.map((m) => m.name)), ...strings(meta.metrics)].map((m) => m.trim().toLowerCase());
  return TELLING_METRICS.find(([re]) => metrics.some((m) => re.test(m)))?.[1] ?? 'unknown';
}

/** The examples the evaluation rules' advice uses for this card's task. */
export function taskExamples(card: ModelCard): TaskExamples {
  return TASK_EXAMPLES[taskFamily(card)];
}
