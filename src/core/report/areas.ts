// The per-model checklist: one row per governance area, ✅ / ⚠️ / ❌, saying what was found,
// or, when all is well, what evidence was seen (so a ✅ is never an unexplained tick).
import type { ModelArtifacts, RuleArea, Finding } from '../rules/define.ts';
import { codeSpan, escapeMarkdown, escapeMessage } from './escape.ts';
import type { Links } from './links.ts';

export interface AreaRow {
  icon: string;
  name: string;
  text: string;
}

const AREAS: { area: RuleArea; name: string }[] = [
  { area: 'artifacts', name: 'Artifacts' },
  { area: 'card', name: 'Model card' },
  { area: 'evaluation', name: 'Evaluation' },
  { area: 'tuning', name: 'Tuning' },
  { area: 'lineage', name: 'Lineage' },
  { area: 'operations', name: 'Operations' },
  { area: 'explainability', name: 'Explainability' },
];

/** Findings shown inline per area; the rest are in the findings table. */
const INLINE_FINDINGS = 2;

export function statusIcon(findings: readonly Finding[]): string {
  if (findings.some((f) => f.severity === 'error')) return '❌';
  if (findings.length > 0) return '⚠️';
  return '✅';
}

export function findingText(f: Finding, links: Links): string {
  return `${escapeMessage(f.message)} (${links.rule(f.ruleId)}, ${links.file(f.file, f.line, `${basename(f.file)}:${f.line}`)})`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** What was seen when an area has no findings. */
function evidence(area: RuleArea, head: ModelArtifacts | undefined): string {
  const g = head?.card.governance;
  switch (area) {
    case 'artifacts':
      return 'every artifact parsed';
    case 'card': {
      const seen = ['owners', 'intended use', 'limitations', 'training data', 'evaluation', 'ethical considerations'];
      return g ? seen.join(', ') : 'card sections present';
    }
    case 'evaluation': {
      const e = g?.evaluation;
      if (!e) return 'no evaluation claims to check';
      const parts = [`${e.metrics.length} metric${e.metrics.length === 1 ? '' : 's'} with uncertainty`];
      if (e.baselines.length) parts.push(`${e.baselines.length} baseline${e.baselines.length === 1 ? '' : 's'}`);
      if (e.slices.length) parts.push(`${e.slices.length} slice${e.slices.length === 1 ? '' : 's'}`);
      if (e.split) parts.push(`on ${codeSpan(e.split)}`);
      return parts.join(', ');
    }
    case 'tuning': {
      const log = head?.tuningLogs[0];
      if (!log) return 'no tuning claims to check';
      const s = log.study;
      const parts = [s.method ? `${escapeMarkdown(s.method)} search` : 'search', `${log.trials.length} trials`];
      if (s.seed !== undefined) parts.push(`seed ${s.seed}`);
      return parts.join(', ');
    }
    case 'lineage': {
      const lineage = head?.lineage[0];
      if (!lineage) return 'no lineage claims to check';
      const versioned = lineage.datasets.filter((d) => d.version).length;
      const parts = [`${lineage.datasets.length} dataset${lineage.datasets.length === 1 ? '' : 's'}, ${versioned} versioned`];
      if (lineage.splits) parts.push(`${lineage.splits.method} split`);
      parts.push(`${lineage.steps.length} steps`);
      return parts.join(', ');
    }
    case 'operations':
      return 'monitoring, retraining, fallback and retirement declared';
    case 'explainability': {
      const x = g?.explainability;
      if (!x) return 'nothing required';
      return [x.method ? escapeMarkdown(x.method) : undefined, x.artifact ? `at ${codeSpan(x.artifact)}` : undefined].filter(Boolean).join(' ') || 'documented';
    }
  }
}

/**
 * One row per area. `areaOf` maps a rule id to its area (from the rule registry); findings of
 * unknown rules (e.g. "policy invalid") land under Artifacts so they are never dropped.
 */
export function areaRows(findings: readonly Finding[], head: ModelArtifacts | undefined, areaOf: (ruleId: string) => RuleArea | undefined, links: Links): AreaRow[] {
  const rows: AreaRow[] = [];
  for (const { area, name } of AREAS) {
    const inArea = findings.filter((f) => (areaOf(f.ruleId) ?? 'artifacts') === area);
    if (area === 'artifacts' && inArea.length === 0) continue;
    const shown = inArea.slice(0, INLINE_FINDINGS).map((f) => findingText(f, links));
    const more = inArea.length - shown.length;
    const text = inArea.length === 0 ? evidence(area, head) : shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
    rows.push({ icon: statusIcon(inArea), name, text });
  }
  return rows;
}
