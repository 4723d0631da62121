// dvc.yaml validation, as strict as DVC's own schema (iterative/dvcyaml-schema, schema.json):
// DVC refuses a dvc.yaml with an unknown key, so modelgate reports one too, at the key's line.
// Hand-written rather than zod because a stage is a oneOf (plain stage | foreach/do | matrix) and
// a zod union would report every branch's complaints; here the branch is chosen by its key
// (`foreach`/`do` or `matrix`), as a reader would, and only that branch's errors are reported.
import { isRecord } from '../source.ts';
import type { Locations, ParseError } from '../types.ts';
import { describeValue, missingKeyError, schemaError, unknownKeyError, type Path } from './shared.ts';

export const DVC_TOP_KEYS = ['vars', 'stages', 'plots', 'params', 'metrics', 'artifacts'] as const;
const STAGE_KEYS = ['cmd', 'wdir', 'deps', 'params', 'outs', 'metrics', 'plots', 'frozen', 'always_changed', 'vars', 'desc', 'meta'];
const MATRIX_KEYS = [...STAGE_KEYS, 'matrix'];
const FOREACH_KEYS = ['foreach', 'do'];
const OUT_FLAGS = ['cache', 'persist', 'checkpoint', 'desc', 'type', 'labels', 'meta', 'remote', 'push'];
const PLOT_FLAGS = [...OUT_FLAGS, 'x', 'y', 'x_label', 'y_label', 'title', 'header', 'template'];
const TOP_PLOT_FLAGS = ['x', 'y', 'x_label', 'y_label', 'title', 'template'];
const ARTIFACT_KEYS = ['path', 'type', 'desc', 'meta', 'labels'];
const BOOLEAN_FLAGS = new Set(['cache', 'persist', 'checkpoint', 'push', 'header', 'frozen', 'always_changed']);

/** `${...}`: DVC resolves these before its own checks, so a whole-value reference passes any type. */
export const isReference = (v: unknown): boolean => typeof v === 'string' && /^\$\{.*?\}$/.test(v.trim());

type Shape = 'string' | 'boolean' | 'map' | 'list' | 'strings';
const SHAPE_TEXT: Record<Shape, string> = { string: 'a string', boolean: 'true or false', map: 'a map', list: 'a list', strings: 'a list of strings' };

export function validateDvcYaml(file: string, data: unknown, locations: Locations): ParseError[] {
  const errors: ParseError[] = [];
  const fail = (path: Path, problem: string) => errors.push(schemaError(file, locations, path, problem));
  const wrong = (path: Path, expected: string, value: unknown) => fail(path, `expected ${expected}, found ${describeValue(value)}`);

  const is = (shape: Shape, v: unknown): boolean =>
    shape === 'string' ? typeof v === 'string'
    : shape === 'boolean' ? typeof v === 'boolean' || isReference(v)
    : shape === 'map' ? isRecord(v)
    : shape === 'list' ? Array.isArray(v)
    : Array.isArray(v) && v.every((x) => typeof x === 'string');

  const check = (path: Path, v: unknown, shape: Shape): boolean => {
    if (is(shape, v)) return true;
    wrong(path, SHAPE_TEXT[shape], v);
    return false;
  };

  /** Reports unknown keys; returns false when `v` is not a map at all. */
  const keys = (path: Path, v: unknown, allowed: readonly string[], expected = 'a map'): v is Record<string, unknown> => {
    if (!isRecord(v)) {
      wrong(path, expected, v);
      return false;
    }
    for (const key of Object.keys(v)) if (!allowed.includes(key)) errors.push(unknownKeyError(file, locations, path, key, allowed));
    return true;
  };

  // DVC lists are sets (uniqueItems): the same dep twice is a mistake DVC refuses.
  const unique = (path: Path, items: unknown[]) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) fail([...path, i], `duplicate entry ${typeof item === 'string' ? JSON.stringify(item) : describeValue(item)}; DVC requires the entries of this list to be unique`);
      seen.add(key);
    });
  };

  const flags = (path: Path, v: unknown, allowed: readonly string[]) => {
    if (!keys(path, v, allowed, 'a map of flags')) return;
    for (const [key, value] of Object.entries(v)) {
      if (!allowed.includes(key)) continue;
      if (BOOLEAN_FLAGS.has(key)) check([...path, key], value, 'boolean');
      else if (key === 'labels') check([...path, key], value, 'strings');
      else if (key === 'meta') check([...path, key], value, 'map');
      else check([...path, key], value, 'string');
    }
  };

  /** outs / metrics / plots: each entry is a path, or a one-entry map of path -> flags. */
  const outputs = (path: Path, v: unknown, allowed: readonly string[]) => {
    if (!check(path, v, 'list')) return;
    const items = v as unknown[];
    unique(path, items);
    items.forEach((item, i) => {
      if (typeof item === 'string') return;
      if (!isRecord(item)) return wrong([...path, i], 'a path or a map of path to flags', item);
      for (const [out, outFlags] of Object.entries(item)) flags([...path, i, out], outFlags, allowed);
    });
  };

  const params = (path: Path, v: unknown) => {
    if (!check(path, v, 'list')) return;
    const items = v as unknown[];
    unique(path, items);
    items.forEach((item, i) => {
      if (typeof item === 'string') return;
      if (!isRecord(item)) return wrong([...path, i], 'a parameter name or a map of params file to parameter names', item);
      for (const [paramsFile, names] of Object.entries(item)) {
        if (names !== null && !is('strings', names)) wrong([...path, i, paramsFile], 'a list of parameter names (or nothing, for the whole file)', names);
      }
    });
  };

  const vars = (path: Path, v: unknown) => {
    if (!check(path, v, 'list')) return;
    (v as unknown[]).forEach((item, i) => {
      if (typeof item !== 'string' && !isRecord(item)) wrong([...path, i], 'a params file path or a map of values', item);
    });
  };

  const stageBody = (path: Path, stage: Record<string, unknown>, allowed: readonly string[]) => {
    for (const key of Object.keys(stage)) if (!allowed.includes(key)) errors.push(unknownKeyError(file, locations, path, key, allowed));
    if (!('cmd' in stage)) errors.push(missingKeyError(file, locations, path, 'cmd'));
    else if (typeof stage.cmd !== 'string' && !is('strings', stage.cmd)) wrong([...path, 'cmd'], 'a command or a list of commands', stage.cmd);
    for (const key of ['wdir', 'desc'] as const) if (key in stage) check([...path, key], stage[key], 'string');
    for (const key of ['frozen', 'always_changed'] as const) if (key in stage) check([...path, key], stage[key], 'boolean');
    if ('deps' in stage && check([...path, 'deps'], stage.deps, 'strings')) unique([...path, 'deps'], stage.deps as unknown[]);
    if ('params' in stage) params([...path, 'params'], stage.params);
    if ('outs' in stage) outputs([...path, 'outs'], stage.outs, OUT_FLAGS);
    if ('metrics' in stage) outputs([...path, 'metrics'], stage.metrics, OUT_FLAGS);
    if ('plots' in stage) outputs([...path, 'plots'], stage.plots, PLOT_FLAGS);
    if ('vars' in stage) vars([...path, 'vars'], stage.vars);
  };

  const stage = (path: Path, v: unknown) => {
    if (!isRecord(v)) return wrong(path, 'a map (a stage definition)', v);
    if ('foreach' in v || 'do' in v) {
      for (const key of Object.keys(v)) if (!FOREACH_KEYS.includes(key)) errors.push(unknownKeyError(file, locations, path, key, FOREACH_KEYS));
      if (!('foreach' in v)) errors.push(missingKeyError(file, locations, path, 'foreach'));
      else if (!isReference(v.foreach) && !Array.isArray(v.foreach) && !isRecord(v.foreach)) wrong([...path, 'foreach'], 'a list, a map or a ${...} reference', v.foreach);
      if (!('do' in v)) errors.push(missingKeyError(file, locations, path, 'do'));
      else if (isRecord(v.do)) stageBody([...path, 'do'], v.do, STAGE_KEYS);
      else wrong([...path, 'do'], 'a map (the stage to generate for each item)', v.do);
      return;
    }
    if ('matrix' in v) {
      if (!isRecord(v.matrix)) wrong([...path, 'matrix'], 'a map of names to lists of values', v.matrix);
      else {
        for (const [name, values] of Object.entries(v.matrix)) {
          if (!Array.isArray(values) && !isReference(values)) wrong([...path, 'matrix', name], 'a list of values or a ${...} reference', values);
        }
      }
      return stageBody(path, v, MATRIX_KEYS);
    }
    stageBody(path, v, STAGE_KEYS);
  };

  const topPlots = (path: Path, v: unknown) => {
    const definition = (p: Path, def: unknown) => {
      if (def === null) return; // `evaluation/importance.png:` alone: plot with defaults
      if (!keys(p, def, TOP_PLOT_FLAGS, 'a map of plot options')) return;
      if ('x' in def && typeof def.x !== 'string' && !isRecord(def.x)) wrong([...p, 'x'], 'a column name or a map of file to column', def.x);
      if ('y' in def && typeof def.y !== 'string' && !is('strings', def.y) && !isRecord(def.y)) wrong([...p, 'y'], 'a column name, a list of columns or a map of file to columns', def.y);
      for (const key of ['x_label', 'y_label', 'title', 'template'] as const) if (key in def) check([...p, key], def[key], 'string');
    };
    if (isRecord(v)) return Object.entries(v).forEach(([name, def]) => definition([...path, name], def));
    if (!Array.isArray(v)) return wrong(path, 'a map or a list of plot definitions', v);
    v.forEach((item, i) => {
      if (typeof item === 'string') return;
      if (!isRecord(item)) return wrong([...path, i], 'a path or a map of plot definitions', item);
      for (const [name, def] of Object.entries(item)) definition([...path, i, name], def);
    });
  };

  if (!keys([], data, DVC_TOP_KEYS, 'a map with stages (and vars, params, metrics, plots, artifacts)')) return errors;
  const top = data as Record<string, unknown>;
  if ('vars' in top) vars(['vars'], top.vars);
  if ('stages' in top && check(['stages'], top.stages, 'map')) {
    for (const [name, def] of Object.entries(top.stages as Record<string, unknown>)) stage(['stages', name], def);
  }
  if ('plots' in top) topPlots(['plots'], top.plots);
  for (const key of ['params', 'metrics'] as const) {
    if (key in top && check([key], top[key], 'strings')) unique([key], top[key] as unknown[]);
  }
  if ('artifacts' in top && check(['artifacts'], top.artifacts, 'map')) {
    for (const [name, artifact] of Object.entries(top.artifacts as Record<string, unknown>)) {
      const path = ['artifacts', name];
      if (!keys(path, artifact, ARTIFACT_KEYS)) continue;
      if (!('path' in artifact)) errors.push(missingKeyError(file, locations, path, 'path'));
      for (const key of ['path', 'type', 'desc'] as const) if (key in artifact) check([...path, key], artifact[key], 'string');
      if ('meta' in artifact) check([...path, 'meta'], artifact.meta, 'map');
      if ('labels' in artifact) check([...path, 'labels'], artifact.labels, 'strings');
    }
  }
  return errors;
}
