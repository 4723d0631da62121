// What a passing rule read, so the pack can cite it: a rule reports only where something is
// wrong, so a pass leaves no place behind. Each rule that maps to a control names here the card
// fields and artifact parts it checks; the pack cites each one found (file, line, value, blob).
// test/core/evidence/rule-sources.test.ts holds every rule with `meta.controls` to an entry, so
// a new rule cannot silently evidence nothing. The first source is the one the rule cannot check
// without (no baselines, no regression check): when it is absent the rule passed with nothing to
// check, and the pack says so instead of citing the rest.
import { lineOf } from '../artifacts/source.ts';
import type { Lineage, TuningLog } from '../artifacts/types.ts';
import type { ModelArtifacts } from '../rules/define.ts';
import type { EvidenceItem } from './types.ts';

/** A dotted path into the card's metadata (`governance.monitoring`), or a part of an artifact. */
export type Source = string | 'card:file' | 'card:sections' | 'lineage:file' | 'tuning:file' | 'lineage:datasets' | 'lineage:splits' | 'lineage:steps' | 'lineage:quality' | 'tuning:study' | 'tuning:trials';

const EVAL = 'governance.evaluation';

export const RULE_SOURCES: Readonly<Record<string, readonly Source[]>> = {
  'evaluation-baseline-compared': [`${EVAL}.baselines`],
  'evaluation-fairness-slices': [`${EVAL}.slices`],
  'evaluation-gain-attributed': [`${EVAL}.baselines`, `${EVAL}.ablations`],
  'evaluation-gain-significant': [`${EVAL}.baselines`, `${EVAL}.metrics`],
  'evaluation-no-regression': [`${EVAL}.baselines`, `${EVAL}.metrics`],
  'evaluation-no-test-selection': [`${EVAL}.split`, 'tuning:study'],
  'evaluation-slices-reported': [`${EVAL}.slices`],
  'evaluation-split-declared': [`${EVAL}.split`],
  'evaluation-test-set-isolated': [`${EVAL}.split`, 'lineage:splits'],
  'evaluation-uncertainty-reported': [`${EVAL}.metrics`],
  'explainability-documented': ['governance.explainability'],
  'lineage-group-split': ['lineage:splits'],
  'lineage-inputs-versioned': ['lineage:datasets'],
  'lineage-present': ['lineage:file', 'governance.lineage', 'lineage:steps'],
  'lineage-quality-assertions': ['lineage:quality'],
  'lineage-split-before-fit': ['lineage:steps'],
  'lineage-temporal-split': ['lineage:splits'],
  'model-card-datasets-pinned': ['datasets', 'lineage:datasets'],
  'model-card-governance': ['governance.model', 'governance.risk_tier'],
  'model-card-no-placeholders': ['card:sections'],
  'model-card-owners': ['governance.owners'],
  'model-card-present': ['card:file'],
  'model-card-required-sections': ['card:sections', 'governance.intended_use'],
  'model-card-version-bumped': ['governance.version'],
  'operations-fallback-declared': ['governance.fallback'],
  'operations-monitoring-planned': ['governance.monitoring'],
  'operations-retirement-criteria': ['governance.retirement'],
  'operations-retraining-planned': ['governance.retraining'],
  'tuning-log-no-test-leakage': ['tuning:study'],
  'tuning-log-params-match': ['governance.hyperparameters', 'tuning:trials'],
  'tuning-log-present': ['tuning:file', 'governance.tuning_log', 'tuning:study'],
  'tuning-log-reproducible': ['tuning:study'],
};

const MAX_VALUE = 160;

/** A value as a table cell shows it: scalars as written, lists and mappings in YAML flow style, bounded. */
export function shortValue(value: unknown): string {
  const text = flow(value, 0);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function flow(value: unknown, depth: number): string {
  if (depth > 4) return '…';
  if (Array.isArray(value)) return `[${value.map((v) => flow(v, depth + 1)).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}: ${flow(v, depth + 1)}`).join(', ')}}`;
  return String(value);
}

/** Own-property walk: a path from a rule table, but the object is an untrusted document. */
function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let at: unknown = doc;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function lineageItems(lineage: Lineage, part: Source): Omit<EvidenceItem, 'blob'>[] {
  const at = (line: number, value: string) => [{ file: lineage.file, line, value }];
  switch (part) {
    case 'lineage:datasets':
      if (lineage.datasets.length === 0) return [];
      return at(lineage.datasets[0]!.line, lineage.datasets.map((d) => `${d.name} @ ${d.version ?? 'unversioned'}`).join(', '));
    case 'lineage:splits':
      if (!lineage.splits) return [];
      return at(lineage.splits.line, `method ${lineage.splits.method}${lineage.splits.seed !== undefined ? `, seed ${lineage.splits.seed}` : ''}`);
    case 'lineage:steps':
      if (lineage.steps.length === 0) return [];
      return at(lineage.steps[0]!.line, lineage.steps.map((s) => (s.fitOn ? `${s.name} (fit on ${s.fitOn})` : s.name)).join(' → '));
    case 'lineage:quality': {
      const checks = lineage.datasets.flatMap((d) => d.qualityAssertions);
      if (checks.length === 0) return [];
      const passed = checks.filter((c) => c.result === 'pass').length;
      return at(checks[0]!.line, `${checks.length} quality assertions, ${passed} pass`);
    }
    default:
      return [];
  }
}

function tuningItems(log: TuningLog, part: Source): Omit<EvidenceItem, 'blob'>[] {
  const study = log.study;
  if (part === 'tuning:study') {
    const objective = study.objective ? `objective ${study.objective.metric}${study.objective.split ? ` on ${study.objective.split}` : ''}` : 'no objective';
    return [{ file: log.file, line: study.line, value: [objective, study.method, study.seed !== undefined ? `seed ${study.seed}` : undefined, `${log.trials.length} trials`].filter(Boolean).join(', ') }];
  }
  if (part === 'tuning:trials' && log.trials.length > 0) return [{ file: log.file, line: log.trials[0]!.line, value: `${log.trials.length} trials` }];
  return [];
}

/** Nothing to cite: `baselines: []` states no baseline, as a missing key does. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** The places a passing rule read, in the order RULE_SOURCES lists them; empty when none exists. */
export function evidenceOf(ruleId: string, head: ModelArtifacts, blobs: Readonly<Record<string, string>>): EvidenceItem[] {
  const card = head.card;
  const items: Omit<EvidenceItem, 'blob'>[] = [];
  for (const [i, source] of (RULE_SOURCES[ruleId] ?? []).entries()) {
    if (i === 1 && items.length === 0) return [];
    if (source === 'card:file') items.push({ file: head.cardPath, line: 1, value: card.format });
    else if (source === 'card:sections') {
      // The headings a reader navigates by: the top two levels.
      const sections = card.sections.filter((s) => s.level <= 2);
      if (sections.length > 0) items.push({ file: head.cardPath, line: sections[0]!.line, value: shortValue(sections.map((s) => s.heading).join(' · ')) });
    } else if (source === 'lineage:file') items.push(...head.lineage.map((l) => ({ file: l.file, line: 1, value: l.format })));
    else if (source === 'tuning:file') items.push(...head.tuningLogs.map((t) => ({ file: t.file, line: 1, value: `${t.format}, ${t.trials.length} trials` })));
    else if (source.startsWith('lineage:')) for (const lineage of head.lineage) items.push(...lineageItems(lineage, source));
    else if (source.startsWith('tuning:')) for (const log of head.tuningLogs) items.push(...tuningItems(log, source));
    else {
      const value = valueAt(card.metadata, source);
      if (isEmpty(value) || !Object.hasOwn(card.locations, source)) continue;
      // A governance block read from a sidecar has its lines there (ModelArtifacts.governancePath).
      const file = source.startsWith('governance.') && head.governancePath ? head.governancePath : head.cardPath;
      items.push({ file, line: lineOf(card.locations, source), value: shortValue(value) });
    }
  }
  return items.map((item) => {
    const bounded = { ...item, value: shortValue(item.value) };
    return Object.hasOwn(blobs, item.file) ? { ...bounded, blob: blobs[item.file]! } : bounded;
  });
}
