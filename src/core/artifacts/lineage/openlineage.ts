// OpenLineage events (spec 2-0-x: RunEvent, JobEvent, DatasetEvent) -> Lineage.
// OpenLineage is extensible (producers add custom facets), so unknown keys are never errors here;
// only the fields modelgate reads are checked, against the spec's types:
//   inputs[].facets.version.datasetVersion                         (DatasetVersionDatasetFacet) -> version
//   inputs[].inputFacets.dataQualityAssertions.assertions[]       (an *input* facet)           -> quality assertions
// Datasets are named `namespace/name`: OpenLineage identifies a dataset by both, and the same
// table name in two namespaces (prod and staging) is two datasets.
import { isRecord, lineOf, parseError, parseJson } from '../source.ts';
import type { Lineage, LineageDataset, Locations, ParseError, ParseResult, QualityAssertion } from '../types.ts';
import { inferStepKind } from './kinds.ts';
import { byLine, describeValue, missingKeyError, schemaError, withOptional, type Path } from './shared.ts';

const FORMAT = 'openlineage-event' as const;
const EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'];

export function parseOpenLineageEvent(file: string, text: string): ParseResult<Lineage> {
  const doc = parseJson(file, text);
  if (doc.errors.length > 0) return { format: FORMAT, errors: byLine(doc.errors) };
  const { data, locations } = doc;
  const errors: ParseError[] = [];
  const fail = (path: Path, problem: string) => errors.push(schemaError(file, locations, path, problem));
  const wrong = (path: Path, expected: string, value: unknown) => fail(path, `expected ${expected}, found ${describeValue(value)}`);

  if (!isRecord(data)) {
    wrong([], 'an OpenLineage event (a JSON object)', data);
    return { format: FORMAT, errors };
  }
  // The spec tells the three events apart by what they carry, not by a type field.
  const event = 'run' in data ? 'RunEvent' : 'dataset' in data ? 'DatasetEvent' : 'job' in data ? 'JobEvent' : undefined;
  if (event === undefined) {
    fail([], 'not an OpenLineage event: expected "run" and "job" (RunEvent), "job" (JobEvent) or "dataset" (DatasetEvent)');
    return { format: FORMAT, errors };
  }

  const requireString = (parent: Path, obj: Record<string, unknown>, key: string): string | undefined => {
    const v = obj[key];
    if (typeof v === 'string') return v;
    if (v === undefined) errors.push(missingKeyError(file, locations, parent, key));
    else wrong([...parent, key], 'a string', v);
    return undefined;
  };
  /** `path` must be a map (when `required`, present too); returns it when it is. */
  const map = (path: Path, v: unknown, required: boolean): Record<string, unknown> | undefined => {
    if (isRecord(v)) return v;
    if (v === undefined && required) errors.push(missingKeyError(file, locations, path.slice(0, -1), String(path[path.length - 1])));
    else if (v !== undefined) wrong(path, 'a map', v);
    return undefined;
  };

  for (const key of ['eventTime', 'producer']) requireString([], data, key);
  // The spec requires schemaURL, but hand-written events and some producers leave it out; nothing
  // modelgate reads depends on it, so the event is read as 2-0 and the gap is a warning.
  if (data.schemaURL === undefined) {
    const problem =
      'missing key "schemaURL" (line 1), so the spec version the event follows is unknown; it was read as OpenLineage 2-0: ' +
      `add the spec URL the producer writes, e.g. "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/${event}"`;
    errors.push({ ...parseError(file, 1, 'schema', `the top level: ${problem}`), severity: 'warn' });
  } else requireString([], data, 'schemaURL');
  if (event === 'RunEvent') {
    const run = map(['run'], data.run, true);
    if (run) requireString(['run'], run, 'runId');
    if (data.eventType !== undefined && !EVENT_TYPES.includes(data.eventType as string)) {
      wrong(['eventType'], `one of ${EVENT_TYPES.join(', ')}`, data.eventType);
    }
  }
  const job = event === 'DatasetEvent' ? undefined : map(['job'], data.job, true);
  let jobName: string | undefined;
  if (job) {
    requireString(['job'], job, 'namespace');
    jobName = requireString(['job'], job, 'name');
  }

  /** One `Dataset` (namespace + name required); undefined when it cannot be named. */
  const dataset = (path: Path, v: unknown): { name: string; item: Record<string, unknown> } | undefined => {
    const item = map(path, v, true);
    if (!item) return undefined;
    const namespace = requireString(path, item, 'namespace');
    const name = requireString(path, item, 'name');
    if (item.facets !== undefined) map([...path, 'facets'], item.facets, false);
    if (name === undefined) return undefined;
    return { name: namespace ? `${namespace}/${name}` : name, item };
  };
  const datasetList = (key: 'inputs' | 'outputs') => {
    const v = data[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      wrong([key], 'a list of datasets', v);
      return [];
    }
    return v.flatMap((item, i) => {
      const d = dataset([key, i], item);
      return d ? [{ ...d, index: i }] : [];
    });
  };

  const toDataset = (path: Path, name: string, item: Record<string, unknown>): LineageDataset => {
    const facets = isRecord(item.facets) ? item.facets : {};
    const versionFacet = map([...path, 'facets', 'version'], facets.version, false);
    let version: string | undefined;
    if (versionFacet && versionFacet.datasetVersion !== undefined) {
      const v = versionFacet.datasetVersion;
      if (typeof v === 'string' || typeof v === 'number') version = String(v);
      else wrong([...path, 'facets', 'version', 'datasetVersion'], 'a string', v);
    }
    const qualityAssertions = assertions(file, locations, path, item, errors);
    return withOptional({ name, qualityAssertions, line: lineOf(locations, path.map(String)) }, { version });
  };

  let datasets: LineageDataset[];
  const steps: Lineage['steps'] = [];
  if (event === 'DatasetEvent') {
    const d = dataset(['dataset'], data.dataset);
    datasets = d ? [toDataset(['dataset'], d.name, d.item)] : [];
  } else {
    const inputs = datasetList('inputs');
    const outputs = datasetList('outputs');
    datasets = inputs.map((d) => toDataset(['inputs', d.index], d.name, d.item));
    if (jobName !== undefined) {
      steps.push({ name: jobName, kind: inferStepKind(jobName), inputs: inputs.map((d) => d.name), outputs: outputs.map((d) => d.name), line: lineOf(locations, ['job']) });
    }
  }
  return { format: FORMAT, value: { format: FORMAT, file, datasets, steps, locations }, errors: byLine(errors) };
}

/** `inputFacets.dataQualityAssertions.assertions[]`: `{assertion, success, column?}` each. */
function assertions(file: string, locations: Locations, path: Path, item: Record<string, unknown>, errors: ParseError[]): QualityAssertion[] {
  const wrong = (p: Path, expected: string, v: unknown) => errors.push(schemaError(file, locations, p, `expected ${expected}, found ${describeValue(v)}`));
  const inputFacets = item.inputFacets;
  if (inputFacets === undefined) return [];
  if (!isRecord(inputFacets)) {
    wrong([...path, 'inputFacets'], 'a map', inputFacets);
    return [];
  }
  const facet = inputFacets.dataQualityAssertions;
  if (facet === undefined) return [];
  const facetPath = [...path, 'inputFacets', 'dataQualityAssertions'];
  if (!isRecord(facet)) {
    wrong(facetPath, 'a map', facet);
    return [];
  }
  if (!Array.isArray(facet.assertions)) {
    if (facet.assertions === undefined) errors.push(missingKeyError(file, locations, facetPath, 'assertions'));
    else wrong([...facetPath, 'assertions'], 'a list', facet.assertions);
    return [];
  }
  const found: QualityAssertion[] = [];
  facet.assertions.forEach((a, j) => {
    const p = [...facetPath, 'assertions', j];
    if (!isRecord(a)) return wrong(p, 'a map with assertion and success', a);
    if (typeof a.assertion !== 'string') {
      if (a.assertion === undefined) errors.push(missingKeyError(file, locations, p, 'assertion'));
      else wrong([...p, 'assertion'], 'a string', a.assertion);
      return;
    }
    if (a.success !== undefined && typeof a.success !== 'boolean') wrong([...p, 'success'], 'true or false', a.success);
    if (a.success === undefined) errors.push(missingKeyError(file, locations, p, 'success'));
    if (a.column !== undefined && typeof a.column !== 'string') wrong([...p, 'column'], 'a string', a.column);
    const result = a.success === true ? 'pass' : a.success === false ? 'fail' : 'unknown';
    found.push(withOptional({ check: a.assertion, result, line: lineOf(locations, p.map(String)) } as QualityAssertion, { column: typeof a.column === 'string' ? a.column : undefined }));
  });
  return found;
}
