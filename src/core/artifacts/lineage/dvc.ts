// DVC -> Lineage: `dvc.yaml` (the pipeline), `dvc.lock` (what ran, with hashes), `*.dvc` data
// pointers, and `mergeDvc` to combine them with `params.yaml` the way `dvc repro` would see them.
//
// Datasets are the pipeline's *external* inputs: deps that are data (not code, see isCodePath)
// and that no stage produces. Intermediate files (`data/X_train.pkl`) are versioned through the
// stage that writes them, so listing them as inputs would only add noise. Paths stay as written:
// DVC resolves them against the directory of the file that declares them (and `wdir`).
import { isRecord, lineOf, parseYaml } from '../source.ts';
import type { Lineage, LineageDataset, LineageStep, Locations, ParseError, ParseResult } from '../types.ts';
import { validateDvcYaml, isReference } from './dvc-schema.ts';
import { flatten, hashVersion, hasReference, interpolate, isCodePath, normalizePath, referencePattern } from './dvc-paths.ts';
import { inferStepKind } from './kinds.ts';
import { byLine, describeValue, list, missingKeyError, schemaError, strings, withOptional, type Path } from './shared.ts';

/** A DVC stage as a step. `template` marks a `foreach`/`matrix` stage: one step stands for the stages DVC generates. */
export interface DvcStep extends LineageStep {
  template?: { kind: 'foreach' | 'matrix'; /** Generated stages, when the items are known without running DVC. */ count?: number };
}

type Dep = { name: string; line: number; version?: string };

// ---------------------------------------------------------------------------------------------
// dvc.yaml

export function parseDvcPipeline(file: string, text: string): ParseResult<Lineage> {
  const doc = parseYaml(file, text);
  if (doc.errors.length > 0) return { format: 'dvc-pipeline', errors: byLine(doc.errors) };
  const errors = validateDvcYaml(file, doc.data, doc.locations);
  if (!isRecord(doc.data)) return { format: 'dvc-pipeline', errors: byLine(errors) };
  return { format: 'dvc-pipeline', value: pipelineLineage(file, doc.data, doc.locations), errors: byLine(errors) };
}

/** Inline `vars` maps merged in order (a `vars` entry that is a file path cannot be read here). */
function inlineVars(vars: unknown): Record<string, unknown> {
  return Object.assign({}, ...list(vars).filter(isRecord)) as Record<string, unknown>;
}

function lookup(values: Record<string, unknown>, reference: unknown): unknown {
  if (!isReference(reference)) return reference;
  let cur: unknown = values;
  // Own keys only: `${constructor}` or `${__proto__}` must not reach Object.prototype.
  for (const key of String(reference).trim().slice(2, -1).trim().split('.')) cur = isRecord(cur) && Object.hasOwn(cur, key) ? cur[key] : undefined;
  return cur;
}

const sizeOf = (v: unknown): number | undefined => (Array.isArray(v) ? v.length : isRecord(v) ? Object.keys(v).length : undefined);

function matrixCount(matrix: unknown, vars: Record<string, unknown>): number | undefined {
  if (!isRecord(matrix)) return undefined;
  let count = 1;
  for (const values of Object.values(matrix)) {
    const resolved = lookup(vars, values);
    if (!Array.isArray(resolved)) return undefined;
    count *= resolved.length;
  }
  return count;
}

const outputPaths = (v: unknown): string[] => list(v).flatMap((o) => (typeof o === 'string' ? [o] : isRecord(o) ? Object.keys(o) : []));

function pipelineLineage(file: string, data: Record<string, unknown>, locations: Locations): Lineage {
  const topVars = inlineVars(data.vars);
  const steps: DvcStep[] = [];
  const deps: Dep[] = [];
  for (const [name, raw] of Object.entries(isRecord(data.stages) ? data.stages : {})) {
    if (!isRecord(raw)) continue;
    const foreach = 'foreach' in raw || 'do' in raw;
    const body = foreach ? (isRecord(raw.do) ? raw.do : {}) : raw;
    const bodyPath = foreach ? ['stages', name, 'do'] : ['stages', name];
    // Stage vars extend the top-level ones; `${item...}` stays as written (bound per generated stage).
    const values = flatten({ ...topVars, ...inlineVars(body.vars) });
    const resolve = (s: string) => interpolate(s, values);
    const cmd = typeof body.cmd === 'string' ? body.cmd : strings(body.cmd);
    const step: DvcStep = {
      name,
      kind: inferStepKind(name, cmd),
      inputs: strings(body.deps).map(resolve),
      outputs: [...outputPaths(body.outs), ...outputPaths(body.metrics), ...outputPaths(body.plots)].map(resolve),
      line: lineOf(locations, ['stages', name]),
    };
    if (foreach) step.template = withOptional({ kind: 'foreach' as const }, { count: sizeOf(lookup(topVars, raw.foreach)) });
    else if ('matrix' in raw) step.template = withOptional({ kind: 'matrix' as const }, { count: matrixCount(raw.matrix, topVars) });
    steps.push(step);
    list(body.deps).forEach((d, i) => {
      if (typeof d === 'string') deps.push({ name: resolve(d), line: lineOf(locations, [...bodyPath, 'deps', String(i)]) });
    });
  }
  const lineage: Lineage = { format: 'dvc-pipeline', file, datasets: externalInputs(deps, steps), steps, locations };
  const params = flatten(topVars);
  if (Object.keys(params).length > 0) lineage.params = params;
  return lineage;
}

function externalInputs(deps: Dep[], steps: LineageStep[]): LineageDataset[] {
  const produced = new Set(steps.flatMap((s) => s.outputs.map(normalizePath)));
  const seen = new Set<string>();
  const datasets: LineageDataset[] = [];
  for (const dep of deps) {
    const key = normalizePath(dep.name);
    if (isCodePath(dep.name) || produced.has(key) || seen.has(key)) continue;
    seen.add(key);
    datasets.push(withOptional({ name: dep.name, qualityAssertions: [], line: dep.line }, { version: dep.version }));
  }
  return datasets;
}

// ---------------------------------------------------------------------------------------------
// dvc.lock and *.dvc: written by DVC, not by hand, so only what modelgate reads is checked.

/** Checks `entries` is a list of maps with a `path`; returns the good ones with their index. */
function hashedEntries(file: string, locations: Locations, path: Path, v: unknown, errors: ParseError[]): [Record<string, unknown>, number][] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    errors.push(schemaError(file, locations, path, `expected a list of entries with path and md5, found ${describeValue(v)}`));
    return [];
  }
  const good: [Record<string, unknown>, number][] = [];
  v.forEach((entry, i) => {
    if (!isRecord(entry)) errors.push(schemaError(file, locations, [...path, i], `expected a map with path and md5, found ${describeValue(entry)}`));
    else if (typeof entry.path !== 'string') {
      if (entry.path === undefined) errors.push(missingKeyError(file, locations, [...path, i], 'path'));
      else errors.push(schemaError(file, locations, [...path, i, 'path'], `expected a string, found ${describeValue(entry.path)}`));
    } else good.push([entry, i]);
  });
  return good;
}

export function parseDvcLock(file: string, text: string): ParseResult<Lineage> {
  const doc = parseYaml(file, text);
  if (doc.errors.length > 0) return { format: 'dvc-lock', errors: byLine(doc.errors) };
  const { data, locations } = doc;
  const errors: ParseError[] = [];
  if (!isRecord(data)) {
    errors.push(schemaError(file, locations, [], `expected a map with schema and stages, found ${describeValue(data)}`));
  } else if (data.schema === undefined) {
    errors.push(schemaError(file, locations, [], 'missing required key "schema" (only the 2.0 lock format of DVC 2 and later is read; DVC 1.x locks are not)'));
  } else if (data.schema !== '2.0' && data.schema !== 2) {
    errors.push(schemaError(file, locations, ['schema'], `expected '2.0', found ${describeValue(data.schema)}`));
  }
  if (errors.length > 0 || !isRecord(data)) return { format: 'dvc-lock', errors };
  if (data.stages !== undefined && !isRecord(data.stages)) {
    errors.push(schemaError(file, locations, ['stages'], `expected a map of stage names to stages, found ${describeValue(data.stages)}`));
  }

  const steps: LineageStep[] = [];
  const deps: Dep[] = [];
  const params: Record<string, unknown> = {};
  for (const [name, stage] of Object.entries(isRecord(data.stages) ? data.stages : {})) {
    const path = ['stages', name];
    if (!isRecord(stage)) {
      errors.push(schemaError(file, locations, path, `expected a map (a locked stage), found ${describeValue(stage)}`));
      continue;
    }
    const stageDeps = hashedEntries(file, locations, [...path, 'deps'], stage.deps, errors);
    const outs = hashedEntries(file, locations, [...path, 'outs'], stage.outs, errors);
    const cmd = typeof stage.cmd === 'string' ? stage.cmd : strings(stage.cmd);
    steps.push({ name, kind: inferStepKind(name, cmd), inputs: stageDeps.map(([d]) => String(d.path)), outputs: outs.map(([o]) => String(o.path)), line: lineOf(locations, path) });
    for (const [dep, i] of stageDeps) {
      deps.push(withOptional({ name: String(dep.path), line: lineOf(locations, [...path, 'deps', String(i)]) }, { version: hashVersion(dep) }));
    }
    // `params: {params.yaml: {...}}`: the values the stage ran with. params.yaml is DVC's default
    // (its keys stay bare, `train.max_depth`); other files keep DVC's `file:key` spelling.
    for (const [paramsFile, values] of Object.entries(isRecord(stage.params) ? stage.params : {})) {
      for (const [key, value] of Object.entries(flatten(values))) params[paramsFile === 'params.yaml' ? key : `${paramsFile}:${key}`] = value;
    }
  }
  const lineage: Lineage = { format: 'dvc-lock', file, datasets: externalInputs(deps, steps), steps, locations };
  if (Object.keys(params).length > 0) lineage.params = params;
  return { format: 'dvc-lock', value: lineage, errors: byLine(errors) };
}

export function parseDvcPointer(file: string, text: string): ParseResult<Lineage> {
  const doc = parseYaml(file, text);
  if (doc.errors.length > 0) return { format: 'dvc-pointer', errors: byLine(doc.errors) };
  const { data, locations } = doc;
  const errors: ParseError[] = [];
  if (!isRecord(data)) return { format: 'dvc-pointer', errors: [schemaError(file, locations, [], `expected a map with outs, found ${describeValue(data)}`)] };
  if (data.outs === undefined) errors.push(missingKeyError(file, locations, [], 'outs'));
  else if (Array.isArray(data.outs) && data.outs.length === 0) errors.push(schemaError(file, locations, ['outs'], 'expected at least 1 item, found an empty list'));
  const outs = hashedEntries(file, locations, ['outs'], data.outs, errors);
  // `dvc import` / `import-url` pointers name where the data came from in deps[0].
  const source = list(data.deps).find(isRecord);
  const uri = source ? (isRecord(source.repo) && typeof source.repo.url === 'string' ? source.repo.url : typeof source.path === 'string' ? source.path : undefined) : undefined;
  const datasets = outs.map(([out, i]) => withOptional({ name: String(out.path), qualityAssertions: [], line: lineOf(locations, ['outs', String(i)]) }, { uri, version: hashVersion(out) }));
  return { format: 'dvc-pointer', value: { format: 'dvc-pointer', file, datasets, steps: [], locations }, errors: byLine(errors) };
}

// ---------------------------------------------------------------------------------------------
// Pipeline + lock + params.yaml

/**
 * The pipeline as `dvc repro` sees it. `${...}` left after the inline vars (resolved at parse
 * time) resolve from params.yaml, else from the params the lock recorded; `params` holds all of
 * them (DVC refuses a key defined both in `vars` and params.yaml; here params.yaml's value wins).
 * Datasets take the lock's hash of the same path; a templated input (`data/${item}.csv`) is
 * versioned when every lock entry it matches is. Params text that does not parse is ignored:
 * validating params.yaml is not this function's job. Pure: the inputs are not modified.
 */
export function mergeDvc(pipeline: Lineage, lock?: Lineage, params?: string): Lineage {
  const fromFile = params === undefined ? {} : paramsFromText(params);
  const values = { ...(lock?.params ?? {}), ...(pipeline.params ?? {}), ...fromFile };
  const resolve = (s: string) => interpolate(s, values);
  const steps = pipeline.steps.map((s) => ({ ...s, inputs: s.inputs.map(resolve), outputs: s.outputs.map(resolve) }));
  const produced = new Set(steps.flatMap((s) => s.outputs.map(normalizePath)));
  const locked = lock?.datasets ?? [];
  const seen = new Set<string>();
  const datasets: LineageDataset[] = [];
  for (const d of pipeline.datasets) {
    const name = resolve(d.name);
    const key = normalizePath(name);
    if (produced.has(key) || seen.has(key)) continue;
    seen.add(key);
    datasets.push(withOptional({ ...d, name }, { version: d.version ?? lockedVersion(name, locked) }));
  }
  const merged: Lineage = { ...pipeline, steps, datasets };
  if (Object.keys(values).length > 0) merged.params = values;
  return merged;
}

function lockedVersion(name: string, locked: LineageDataset[]): string | undefined {
  if (!hasReference(name)) return locked.find((l) => normalizePath(l.name) === normalizePath(name))?.version;
  const pattern = referencePattern(name);
  const matches = locked.filter((l) => pattern.test(normalizePath(l.name)));
  if (matches.length === 0 || matches.some((m) => m.version === undefined)) return undefined;
  return matches.map((m) => m.version).join(', ');
}

function paramsFromText(text: string): Record<string, unknown> {
  const doc = parseYaml('params.yaml', text);
  return doc.errors.length === 0 && isRecord(doc.data) ? flatten(doc.data) : {};
}
