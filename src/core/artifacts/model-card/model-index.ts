// Hugging Face `model-index` -> EvalResult[], validated the way huggingface_hub's
// `model_index_to_eval_results` reads it: every model needs `name` and `results`; every result
// needs `task.type`, `dataset.type`, `dataset.name` and `metrics`; every metric `type` and
// `value`. huggingface_hub refuses the whole card data when one of these is missing; modelgate
// reports each problem at its line and keeps the results that are complete.
//
// A metric value that is present but not numeric ("N/A", a mapping) is valid for the Hub, so it
// is not an error; it is left out of `results` because no rule can compare it.
import { isRecord, lineOf, parseError } from '../source.ts';
import type { EvalResult, Locations, Metric, ParseError } from '../types.ts';
import { buildMetric, describeValue } from './metric-value.ts';

type Path = (string | number)[];

export interface ModelIndexResult {
  /** `model-index[0].name`: the name leaderboards know the model by. */
  name?: string;
  results: EvalResult[];
  errors: ParseError[];
}

const isScalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

export function parseModelIndex(file: string, raw: unknown, locations: Locations): ModelIndexResult {
  const errors: ParseError[] = [];
  const results: EvalResult[] = [];
  const at = (path: Path) => lineOf(locations, ['model-index', ...path]);
  const name = (path: Path) => ['model-index', ...path].join('.');
  const fail = (path: Path, message: string) => errors.push(parseError(file, at(path), 'schema', `${name(path)}: ${message}`));

  /** A required field holding a scalar, reported at its parent when missing and at itself when mistyped. */
  const required = (obj: Record<string, unknown>, path: Path, key: string, missing = `${key} is required`): string | undefined => {
    const value = obj[key];
    if (value === undefined || value === null) return void fail(path, missing);
    if (!isScalar(value)) return void fail([...path, key], `expected a string, found ${describeValue(value)}`);
    return String(value);
  };
  const optional = (obj: Record<string, unknown>, key: string): string | undefined => (isScalar(obj[key]) ? String(obj[key]) : undefined);

  if (!Array.isArray(raw)) {
    fail([], `expected a list of models (each with name and results), found ${describeValue(raw)}`);
    return { results, errors };
  }
  let modelName: string | undefined;
  raw.forEach((model, m) => {
    if (!isRecord(model)) return void fail([m], `expected a mapping with name and results, found ${describeValue(model)}`);
    const modelNameHere = required(model, [m], 'name');
    if (m === 0) modelName = modelNameHere;
    if (model.results === undefined || model.results === null) return void fail([m], 'results is required (a list of {task, dataset, metrics})');
    if (!Array.isArray(model.results)) return void fail([m, 'results'], `expected a list of results, found ${describeValue(model.results)}`);
    model.results.forEach((result, r) => {
      const evalResult = readResult(result, [m, 'results', r]);
      if (evalResult) results.push(evalResult);
    });
  });
  return modelName === undefined ? { results, errors } : { name: modelName, results, errors };

  function readResult(result: unknown, path: Path): EvalResult | undefined {
    if (!isRecord(result)) return void fail(path, `expected a mapping with task, dataset and metrics, found ${describeValue(result)}`);
    let task: string | undefined;
    if (result.task === undefined || result.task === null) fail(path, 'task is required (with type)');
    else if (!isRecord(result.task)) fail([...path, 'task'], `expected a mapping with type, found ${describeValue(result.task)}`);
    else task = required(result.task, [...path, 'task'], 'type');

    let dataset: EvalResult['dataset'];
    if (result.dataset === undefined || result.dataset === null) fail(path, 'dataset is required (with type and name)');
    else if (!isRecord(result.dataset)) fail([...path, 'dataset'], `expected a mapping with type and name, found ${describeValue(result.dataset)}`);
    else {
      const d = result.dataset;
      const type = required(d, [...path, 'dataset'], 'type');
      const datasetName = required(d, [...path, 'dataset'], 'name');
      if (type !== undefined && datasetName !== undefined) {
        dataset = Object.fromEntries(
          Object.entries({ name: datasetName, type, split: optional(d, 'split'), config: optional(d, 'config'), revision: optional(d, 'revision') }).filter(
            ([, v]) => v !== undefined,
          ),
        );
      }
    }

    const metrics: Metric[] = [];
    const list = result.metrics;
    if (list === undefined || list === null) fail(path, 'metrics is required (a list of {type, value})');
    else if (!Array.isArray(list)) fail([...path, 'metrics'], `expected a list of {type, value}, found ${describeValue(list)}`);
    else {
      list.forEach((metric, k) => {
        const metricPath = [...path, 'metrics', k];
        if (!isRecord(metric)) return void fail(metricPath, `expected a mapping with type and value, found ${describeValue(metric)}`);
        const type = required(metric, metricPath, 'type');
        const value = metric.value;
        if (value === undefined || value === null) return void fail(metricPath, 'value is required');
        if (type === undefined) return;
        const built = buildMetric(type, value, at(metricPath), { split: dataset?.split, dataset: dataset?.type });
        if (built) metrics.push(built);
      });
    }
    if (task === undefined || dataset === undefined) return undefined;
    return { task, dataset, metrics, line: at(path) };
  }
}
