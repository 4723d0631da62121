// Google Model Card Toolkit `model_card.json` (schema 0.0.1 and 0.0.2) -> ModelCard.
//
// Mapping decisions:
// - `considerations`, `model_parameters.data` and `quantitative_analysis.performance_metrics`
//   become synthesized `sections` ("Intended use", "Limitations", "Training data", "Evaluation",
//   ...) whose line is the JSON key's line, so section rules work on MCT cards unchanged.
// - A `governance` is derived only from what MCT states with the same meaning: owners (written
//   "name <contact>", as the card gives them; the owners rule then says they are not GitHub
//   handles, which is true), version (`version.name`, as written, often not semver) and intended
//   use (`use_cases`). Risk tier, monitoring etc. have no MCT counterpart and stay absent.
//   `locations` gets `governance.*` aliases pointing at those JSON lines, so rules that look up
//   `governance.owners.0` point at the owner in `model_details`.
// - `confidence_interval` becomes ci95 (TFMA, which fills MCT cards, computes 95% intervals).
//   A slice named "overall" is the unsliced metric, so it gets no `slice`; nor does one that names
//   the test split ("test", "Test set": how TFMA-less cards label their headline metric), which
//   becomes the metric's `split` instead. Read as a segment, it left such a card no overall metric.
// - Values that are not numbers ("high") are valid MCT and not errors; they are left out of
//   `results` because no rule can compare them. Type errors against the MCT schema are errors.
import { scanValidJson } from '../json-scan.ts';
import { isRecord, itemKeyLine, lineOf, parseError, parseJson } from '../source.ts';
import type { CardSection, EvalResult, Governance, Locations, Metric, ModelCard, ParseError, ParseResult } from '../types.ts';
import { isPlainMctMetric, mctSchema, type MctCard, type MctMetric } from './mct-schema.ts';
import { buildMetric, parseMetricValue } from './metric-value.ts';
import { validate } from './validation.ts';

type Path = (string | number)[];

/** A `slice` that names the test split rather than a segment of it. */
const TEST_SPLIT_SLICE = /^test(?:ing)?(?: (?:set|split|data|dataset))?$/;

/** 0.0.1 wrote plain strings where 0.0.2 writes {description}. */
function describedText(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  return isRecord(item) && typeof item.description === 'string' ? item.description : undefined;
}

/** Ends a text with a full stop unless it already ends a sentence. */
const sentence = (text: string | undefined) => (text === undefined || /[.!?]$/.test(text) ? text : `${text}.`);

const bullets = (items: (string | undefined)[]) =>
  items.filter((t): t is string => t !== undefined && t.trim() !== '').map((t) => `- ${t}`).join('\n');

/**
 * The card for zod, with its metrics left out when every one is plainly valid (isPlainMctMetric):
 * zod then finds exactly the issues it finds in the whole card, at the same paths. Anything else
 * goes to zod as it is, which words the errors.
 */
function withoutPlainMetrics(data: unknown): unknown {
  if (!isRecord(data)) return data;
  const analysis = data.quantitative_analysis;
  if (!isRecord(analysis) || !Array.isArray(analysis.performance_metrics) || !analysis.performance_metrics.every(isPlainMctMetric)) return data;
  return { ...data, quantitative_analysis: { ...analysis, performance_metrics: [] } };
}

/** Where the metrics are: thousands of items, whose own lines are kept as lists (see parseMctCard). */
const METRICS = 'quantitative_analysis.performance_metrics';
/** The keys of a metric whose lines are looked up. */
const METRIC_KEYS = ['type', 'confidence_interval'];

export function parseMctCard(file: string, text: string): ParseResult<ModelCard> {
  // Every path gets its line except inside the metrics, which keep only each item's line and its
  // keys' (a path string per node of 9,000 metrics was most of the parse). The card's `locations`
  // holds every path, as before: made from the text the first time they are asked for (or at once
  // when a duplicate key made the parse record them all).
  const doc = parseJson(file, text, { items: [METRICS], itemKeys: { [METRICS]: METRIC_KEYS } });
  if (doc.errors.length > 0 || doc.data === undefined) return { format: 'mct-model-card', errors: doc.errors };
  // Whether any metric's paths were left out of doc.locations.
  const partial = (doc.items?.[METRICS]?.length ?? 0) > 0;
  let all: Locations | undefined;
  // When partial, the text is valid JSON without a duplicate key or too deep a nesting (else the
  // parse had recorded every path): a scan of it gives every path, as parseJson does.
  const allLocations = (): Locations => (all ??= partial ? scanValidJson(text, Infinity).locations : doc.locations);
  const check = validate(file, mctSchema, withoutPlainMetrics(doc.data), allLocations, []);
  const errors: ParseError[] = [...check.errors];
  if (!isRecord(doc.data)) return { format: 'mct-model-card', errors };

  const data = doc.data as MctCard;
  // The `governance.*` aliases, added to every path's line when the card's `locations` are made.
  const locations: Locations = {};
  const line = (...path: Path) => lineOf(doc.locations, path);
  /** Line of `key` (one of METRIC_KEYS) in metric `index`, as `line(...METRICS, index, key)` gives it. */
  const metricLine = (index: number, key: string) => itemKeyLine(doc, METRICS, index, key);
  const ok = (...path: Path) => check.isValid(path);
  const details = ok('model_details') ? data.model_details : isRecord(data.model_details) ? pick(data.model_details, ['model_details']) : undefined;
  const considerations = isRecord(data.considerations) ? data.considerations : undefined;

  /** Keeps the valid keys of a partly invalid object. */
  function pick<T extends Record<string, unknown>>(obj: T, path: Path): T {
    return Object.fromEntries(Object.entries(obj).filter(([key]) => ok(...path, key))) as T;
  }

  const card: ModelCard = {
    format: 'mct-model-card',
    file,
    metadata: doc.data,
    datasets: [],
    sections: [],
    results: [],
    locations,
    bodyLine: 1,
  };
  if (details?.name !== undefined) card.name = details.name;
  const licenses = details?.licenses?.map((l) => l.identifier ?? l.custom_text).filter((l): l is string => l !== undefined) ?? [];
  if (details?.license !== undefined) licenses.unshift(details.license);
  if (licenses.length > 0) card.license = licenses.join(', ');

  // Datasets: a list (0.0.2) or {train: {...}, eval: {...}} (0.0.1), read only where valid.
  const rawData = ok('model_parameters', 'data') ? data.model_parameters?.data : undefined;
  const datasets = Array.isArray(rawData)
    ? rawData.map((d, i) => ({ key: i as string | number, d }))
    : Object.entries(rawData ?? {}).map(([key, d]) => ({ key: key as string | number, d }));
  card.datasets = datasets.map(({ key, d }) => d.name ?? (typeof key === 'string' ? key : undefined)).filter((n): n is string => n !== undefined);

  card.results = readResults();
  const governance = readGovernance();
  if (governance) card.governance = governance;
  card.sections = readSections();
  if (!partial) {
    card.locations = Object.assign(allLocations(), locations);
  } else {
    // Made on first use, then kept as a plain value: a getter that structuredClone and spreads read.
    let made: Locations | undefined;
    Object.defineProperty(card, 'locations', {
      enumerable: true,
      configurable: true,
      get: () => (made ??= Object.assign(allLocations(), locations)),
      set: (value: Locations) => {
        made = value;
      },
    });
  }
  return { format: 'mct-model-card', value: card, errors: errors.sort((a, b) => a.line - b.line) };

  function readResults(): EvalResult[] {
    const list = data.quantitative_analysis?.performance_metrics;
    if (!Array.isArray(list)) return [];
    const metrics = list.flatMap((m, i) => {
      const metric = ok('quantitative_analysis', 'performance_metrics', i) ? readMetric(m, i) : undefined;
      return metric ? [metric] : [];
    });
    return metrics.length > 0 ? [{ metrics, line: line('quantitative_analysis', 'performance_metrics') }] : [];
  }

  function readMetric(m: MctMetric, index: number): Metric | undefined {
    if (m.type === undefined) return undefined;
    const sliceName = (m.slice ?? '').trim().toLowerCase().replace(/[\s_-]+/g, ' ');
    const split = TEST_SPLIT_SLICE.test(sliceName) ? 'test' : undefined;
    const slice = sliceName !== '' && sliceName !== 'overall' && split === undefined ? m.slice : undefined;
    const low = parseMetricValue(m.confidence_interval?.lower_bound)?.value;
    const high = parseMetricValue(m.confidence_interval?.upper_bound)?.value;
    let ci95: [number, number] | undefined;
    if (low !== undefined && high !== undefined) {
      if (low <= high) ci95 = [low, high];
      else errors.push(parseError(file, metricLine(index, 'confidence_interval'), 'schema', `${METRICS}.${index}.confidence_interval: lower_bound ${low} is above upper_bound ${high}`));
    }
    // The `type` line names the metric; in JSON the item's `{` often sits on a line of its own.
    return buildMetric(m.type, m.value, metricLine(index, 'type'), { ci95, slice, split });
  }

  function readGovernance(): Governance | undefined {
    const owners = (details?.owners ?? []).flatMap((o, i) => {
      const owner = o.name && o.contact ? `${o.name} <${o.contact}>` : (o.name ?? o.contact);
      if (owner === undefined) return [];
      locations[`governance.owners.${i}`] = line('model_details', 'owners', i, o.name ? 'name' : 'contact');
      return [owner];
    });
    const version = details?.version?.name;
    const useCases = (Array.isArray(considerations?.use_cases) ? considerations.use_cases : []).filter((_, i) => ok('considerations', 'use_cases', i)).map(describedText);
    const intendedUse = useCases.filter((t): t is string => t !== undefined).join('\n');
    if (owners.length === 0 && version === undefined && intendedUse === '') return undefined;
    const governance: Governance = { owners, paths: [], line: details ? line('model_details') : line('considerations', 'use_cases') };
    locations['governance'] = governance.line;
    if (details?.owners) locations['governance.owners'] = line('model_details', 'owners');
    if (version !== undefined) {
      governance.version = version;
      locations['governance.version'] = line('model_details', 'version', 'name');
    }
    if (intendedUse !== '') {
      governance.intendedUse = intendedUse;
      locations['governance.intended_use'] = line('considerations', 'use_cases');
    }
    return governance;
  }

  function readSections(): CardSection[] {
    const sections: CardSection[] = [];
    const add = (heading: string, path: Path, body: string) => sections.push({ heading, level: 2, line: line(...path), body });
    if (details && (details.overview !== undefined || details.documentation !== undefined)) {
      add('Model details', ['model_details'], [details.overview, details.documentation].filter((t) => t !== undefined).join('\n\n'));
    }
    if (rawData !== undefined) {
      const label = (key: string | number, name: string | undefined) => name ?? (typeof key === 'string' ? key : `dataset ${key + 1}`);
      add('Training data', ['model_parameters', 'data'], bullets(datasets.map(({ key, d }) => [label(key, d.name), d.description, d.link].filter(Boolean).join(': '))));
    }
    if (Array.isArray(data.quantitative_analysis?.performance_metrics)) {
      const rendered = card.results.flatMap((r) => r.metrics).map((m) => `${m.name}${m.slice ? ` (${m.slice})` : ''}: ${m.value}${m.ci95 ? ` [${m.ci95[0]}, ${m.ci95[1]}]` : ''}`);
      add('Evaluation', ['quantitative_analysis', 'performance_metrics'], bullets(rendered));
    }
    if (considerations) {
      // A section exists when its key holds a list; only the valid entries are shown in it.
      const valid = (key: string) => Array.isArray(considerations[key as keyof typeof considerations]);
      const entries = <T>(key: keyof typeof considerations): T[] =>
        valid(key) ? (considerations[key] as T[]).filter((_, i) => ok('considerations', key, i)) : [];
      const texts = (key: 'users' | 'use_cases' | 'limitations' | 'tradeoffs') => entries<unknown>(key).map(describedText);
      if (valid('use_cases') || valid('users')) {
        const users = bullets(texts('users'));
        const body = [bullets(texts('use_cases')), users !== '' ? `Intended users:\n${users}` : ''].filter((t) => t !== '').join('\n\n');
        add('Intended use', ['considerations', valid('use_cases') ? 'use_cases' : 'users'], body);
      }
      if (valid('limitations')) add('Limitations', ['considerations', 'limitations'], bullets(texts('limitations')));
      if (valid('tradeoffs')) add('Tradeoffs', ['considerations', 'tradeoffs'], bullets(texts('tradeoffs')));
      if (valid('ethical_considerations')) {
        type Risk = NonNullable<typeof considerations.ethical_considerations>[number];
        const risks = entries<Risk>('ethical_considerations').map((r) =>
          typeof r === 'string' ? r : [sentence(r.name), r.mitigation_strategy ? `Mitigation: ${r.mitigation_strategy}` : undefined].filter(Boolean).join(' '),
        );
        add('Ethical considerations', ['considerations', 'ethical_considerations'], bullets(risks));
      }
    }
    return sections.sort((a, b) => a.line - b.line);
  }
}
