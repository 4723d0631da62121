// modelgate's own lineage manifest (`lineage.yaml`, DESIGN §2.2) -> Lineage.
// Validation is the zod schema (strict); the mapping below is deliberately lenient and runs even
// when validation failed, so one typo reports an error *and* the rest of the manifest still reaches
// the rules (a bad `observed:` value must not hide a fit-before-split leak three lines further on).
import type { z } from 'zod';
import { isRecord, lineOf, parseError, parseYaml, valueAt } from '../source.ts';
import type { Lineage, LineageDataset, LineageSplits, LineageStep, Locations, ParseError, ParseResult, QualityAssertion, SplitPart } from '../types.ts';
import { byLine, describeValue, missingKeyError, schemaError, list, str, strings, unknownKeyError, withOptional, type Path } from './shared.ts';
import { STEP_KINDS_TEXT, writtenStepKind } from './kinds.ts';
import { allowedManifestKeys, lineageManifestSchema, splitMethods } from './schema.ts';

const FORMAT = 'modelgate-lineage' as const;

export function parseLineageManifest(file: string, text: string): ParseResult<Lineage> {
  const doc = parseYaml(file, text);
  // A document the YAML reader complained about (syntax, duplicate keys, aliases, depth) is not
  // mapped at all: with a duplicate key we cannot know which of the two values the author meant.
  if (doc.errors.length > 0 || (doc.data === undefined && text.trim() !== '')) {
    return { format: FORMAT, errors: byLine(doc.errors) };
  }
  const { data, locations } = doc;
  if (!isRecord(data)) {
    const line = locations[''] ?? 1;
    const problem = `expected a map with version, datasets, splits and steps, found ${describeValue(data)}`;
    return { format: FORMAT, errors: [parseError(file, line, 'schema', `the top level: ${problem} (line ${line})`)] };
  }
  const checked = lineageManifestSchema.safeParse(data);
  const errors = checked.success ? [] : dedupe(checked.error.issues.flatMap((issue) => issueErrors(file, locations, data, issue)));
  return { format: FORMAT, value: toLineage(file, data, locations), errors: byLine(errors) };
}

// ---------------------------------------------------------------------------------------------
// zod issues -> ParseErrors. Messages are written here, not taken from zod, so they name the
// manifest's own words (a list, a map) and stay stable across zod versions.

type Issue = z.core.$ZodIssue;

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a map',
};

function issueErrors(file: string, locations: Locations, data: unknown, issue: Issue): ParseError[] {
  const path: Path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const value = valueAt(data, path);
  const parent = path.slice(0, -1);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKeyError(file, locations, path, key, allowedManifestKeys(path)));
    case 'invalid_type':
    case 'invalid_union':
    case 'invalid_value': {
      if (value === undefined && path.length > 0) {
        // A missing tuple member ([start] with no end) is a wrong-length list, not a missing key.
        const container = valueAt(data, parent);
        if (Array.isArray(container)) return [schemaError(file, locations, parent, `expected a list of exactly 2 values [start, end], found ${container.length}`)];
        return [missingKeyError(file, locations, parent, String(path[path.length - 1]))];
      }
      const expected = path[0] === 'steps' && path[2] === 'kind' ? STEP_KINDS_TEXT : expectedText(issue);
      return [schemaError(file, locations, path, `expected ${expected}, found ${describeValue(value)}`)];
    }
    case 'too_small':
    case 'too_big':
      if (Array.isArray(value) && path[path.length - 1] === 'range') {
        return [schemaError(file, locations, path, `expected a list of exactly 2 values [start, end], found ${value.length}`)];
      }
      if (issue.origin === 'array' && issue.code === 'too_small') return [schemaError(file, locations, path, `expected at least ${Number(issue.minimum)} item, found ${describeValue(value)}`)];
      if (path[path.length - 1] === 'fraction') return [schemaError(file, locations, path, `expected a share of the rows above 0 and at most 1 (0.8 for 80 %), found ${describeValue(value)}`)];
      if (issue.origin === 'string') return [schemaError(file, locations, path, 'must not be empty')];
      return [schemaError(file, locations, path, issue.message)];
    default:
      return [schemaError(file, locations, path, issue.message)];
  }
}

function expectedText(issue: Issue): string {
  if (issue.code === 'invalid_type') return EXPECTED[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') {
    const shown = issue.values.map((v) => (typeof v === 'string' ? v : String(v)));
    return shown.length === 1 ? shown[0]! : `one of ${shown.join(', ')}`;
  }
  if (issue.code === 'invalid_union') {
    const options = issue.errors.flat().flatMap((i) =>
      i.code === 'invalid_type' ? [EXPECTED[i.expected] ?? i.expected] : i.code === 'too_small' && i.origin === 'string' ? ['a non-empty string'] : [],
    );
    const unique = [...new Set(options)];
    return unique.length === 0 ? 'a different value' : unique.length === 1 ? unique[0]! : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
  }
  return 'a different value';
}

function dedupe(errors: ParseError[]): ParseError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
}

// ---------------------------------------------------------------------------------------------
// Lenient mapping: take what has the right shape, skip what has not (its error is reported above).

function toLineage(file: string, data: Record<string, unknown>, locations: Locations): Lineage {
  const at = (...path: (string | number)[]) => lineOf(locations, path.map(String));
  const datasets: LineageDataset[] = [];
  list(data.datasets).forEach((d, i) => {
    if (!isRecord(d) || typeof d.name !== 'string') return;
    const qualityAssertions: QualityAssertion[] = [];
    list(d.quality_assertions).forEach((q, j) => {
      if (!isRecord(q) || typeof q.check !== 'string') return;
      const result = q.result === 'pass' || q.result === 'fail' ? q.result : 'unknown';
      qualityAssertions.push(withOptional({ check: q.check, result, line: at('datasets', i, 'quality_assertions', j) }, { column: str(q.column) }));
    });
    const version = typeof d.version === 'number' ? String(d.version) : str(d.version);
    const entityKey = columns(d.entity_key);
    datasets.push(withOptional({ name: d.name, qualityAssertions, line: at('datasets', i) }, { uri: str(d.uri), version, timeColumn: str(d.time_column), entityKey }));
  });

  const steps: LineageStep[] = [];
  list(data.steps).forEach((s, i) => {
    if (!isRecord(s) || typeof s.name !== 'string') return;
    const kind = typeof s.kind === 'string' ? (writtenStepKind(s.kind) ?? 'other') : 'other';
    const fitOn = str(s.fit_on)?.trim().toLowerCase();
    steps.push(withOptional({ name: s.name, kind, inputs: strings(s.inputs), outputs: strings(s.outputs), line: at('steps', i) }, { fitOn }));
  });

  const lineage: Lineage = { format: FORMAT, file, datasets, steps, locations };
  if (isRecord(data.splits)) lineage.splits = toSplits(data.splits, at);
  return lineage;
}

function toSplits(s: Record<string, unknown>, at: (...path: (string | number)[]) => number): LineageSplits {
  const method = (splitMethods as readonly unknown[]).includes(s.method) ? (s.method as LineageSplits['method']) : 'unknown';
  const splits: LineageSplits = { method, line: at('splits') };
  if (typeof s.seed === 'number' && Number.isInteger(s.seed)) splits.seed = s.seed;
  const groupBy = columns(s.group_by);
  if (groupBy) splits.groupBy = groupBy;
  for (const part of ['train', 'validation', 'test'] as const) {
    const p = s[part];
    if (!isRecord(p)) continue;
    const splitPart: SplitPart = { line: at('splits', part) };
    if (typeof p.dataset === 'string') splitPart.dataset = p.dataset;
    const range = Array.isArray(p.range) ? p.range.map(bound) : [];
    if (range.length === 2 && range[0] !== undefined && range[1] !== undefined) splitPart.range = [range[0], range[1]];
    if (typeof p.fraction === 'number' && p.fraction > 0 && p.fraction <= 1) splitPart.fraction = p.fraction;
    splits[part] = splitPart;
  }
  return splits;
}

function bound(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return undefined;
}

/** `customer_id` or `[customer_id, store_id]` -> a list; nothing usable -> undefined. */
function columns(v: unknown): string[] | undefined {
  const list = (typeof v === 'string' ? [v] : strings(v)).map((c) => c.trim()).filter((c) => c !== '');
  return list.length > 0 ? list : undefined;
}
