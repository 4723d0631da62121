// A Hugging Face card as the Hub and `transformers`' Trainer write it (README.md with
// `model-index`, no `governance:` block), for rules that read what real Hub cards say. The shape
// follows the Trainer's own template: "It achieves the following results on the evaluation set:",
// then "### Training results" with one row per evaluation. A test states only what differs.
import { yamlText } from '../../helpers/fixtures.ts';

export const HUB_DIR = 'models/hub';
export const HUB_README = `${HUB_DIR}/README.md`;
/** Cards are found by their own markers; the policy only says where models live. */
export const MODELS_POLICY = 'models: {paths: ["models/**"]}\n';

export interface HubResult {
  task?: string;
  dataset: { name: string; type: string; config?: string; split?: string; revision?: string };
  metrics: { type: string; value: number | string; name?: string }[];
}

export interface TrainerCardParts {
  name?: string;
  /** `datasets:` of the front matter. */
  datasets?: string[];
  /** `model-index[0].results`; further model-index entries in `variants`. */
  results?: HubResult[];
  variants?: { name: string; results: HubResult[] }[];
  /** Extra front matter keys. */
  frontMatter?: Record<string, unknown>;
  /** The "Training results" table: header cells and rows; none = no table. */
  table?: { header: string[]; rows: (string | number)[][] };
  /** Paragraphs added after the summary ("## Model description" text). */
  description?: string;
  /** Replaces the whole body. */
  body?: string;
}

function tableText(table: NonNullable<TrainerCardParts['table']>): string {
  const row = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [row(table.header), row(table.header.map(() => ':---:')), ...table.rows.map(row)].join('\n');
}

/** Text of a Trainer-generated README.md. */
export function trainerCard(parts: TrainerCardParts = {}): string {
  const name = parts.name ?? 'whisper-small-xx';
  const results = parts.results ?? [];
  const front: Record<string, unknown> = {
    license: 'apache-2.0',
    tags: ['generated_from_trainer'],
    ...(parts.datasets ? { datasets: parts.datasets } : {}),
    'model-index': [
      { name, results: results.map(resultYaml) },
      ...(parts.variants ?? []).map((v) => ({ name: v.name, results: v.results.map(resultYaml) })),
    ],
    ...parts.frontMatter,
  };
  const summary = (results[0]?.metrics ?? []).map((m) => `- ${m.name ?? m.type}: ${m.value}`).join('\n');
  const body =
    parts.body ??
    [
      `# ${name}`,
      '',
      `This model is a fine-tuned version of [openai/whisper-small](https://huggingface.co/openai/whisper-small) on the ${results[0]?.dataset.name ?? 'None'} dataset.`,
      'It achieves the following results on the evaluation set:',
      summary,
      '',
      '## Model description',
      '',
      parts.description ?? 'More information needed',
      '',
      '## Training procedure',
      '',
      '### Training results',
      '',
      parts.table ? tableText(parts.table) : '',
      '',
    ].join('\n');
  return `---\n${yamlText(front)}---\n\n${body}\n`;
}

function resultYaml(r: HubResult): Record<string, unknown> {
  return {
    task: { name: 'Automatic Speech Recognition', type: r.task ?? 'automatic-speech-recognition' },
    dataset: r.dataset,
    metrics: r.metrics.map((m) => ({ name: m.name ?? m.type, type: m.type, value: m.value })),
  };
}
