// The per-model checklist: one row per governance area, ✅ / ⚠️ / ❌, saying what was found,
// or, when all is well, what evidence was seen (so a ✅ is never an unexplained tick).
import type { ModelArtifacts, RuleArea, Finding } from '../rules/define.ts';
import { findSection, REQUIRED_SECTIONS } from '../rules/support/card-sections.ts';
import { bestTrials, combinedStudy } from '../rules/support/tuning.ts';
import { plural } from '../rules/support/wording.ts';
import { escapeMarkdown, escapeMessage, inertCodeSpan } from './escape.ts';
import type { Links } from './links.ts';
import { displayName } from './metrics-table.ts';

export interface AreaRow {
  icon: string;
  name: string;
  text: string;
}

/** Every area's title, in the order the checklist shows them; the rule docs group rules the same way. */
export const AREA_TITLES: Readonly<Record<RuleArea, string>> = {
  artifacts: 'Artifacts',
  card: 'Model card',
  evaluation: 'Evaluation',
  tuning: 'Tuning',
  lineage: 'Lineage',
  operations: 'Operations',
  explainability: 'Explainability',
};
const AREAS = Object.entries(AREA_TITLES) as [RuleArea, string][];

/** Findings shown inline per area; the rest are in the findings table. */
const INLINE_FINDINGS = 2;

export function statusIcon(findings: readonly Finding[]): string {
  if (findings.some((f) => f.severity === 'error')) return '❌';
  if (findings.length > 0) return '⚠️';
  return '✅';
}

/**
 * The problem half of a rule message: messages read "what is wrong: how to fix it", and the
 * checklist row only has room for the first half (the findings table has the whole message).
 * A colon inside a code span (`ci95: [lo, hi]`) does not count.
 */
export function headline(message: string): string {
  let inCode = false;
  for (let i = 0; i < message.length - 1; i++) {
    const ch = message[i];
    if (ch === '`') inCode = !inCode;
    else if (ch === ':' && !inCode && message[i + 1] === ' ' && i > 0) return message.slice(0, i);
  }
  return message.replace(/\.$/, '');
}

export function findingText(f: Finding, links: Links): string {
  return `${escapeMessage(headline(f.message), 300, { inert: true })} (${links.rule(f.ruleId)}, ${links.file(f.file, f.line, `${basename(f.file)}:${f.line}`)})`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** What was seen when an area has no findings. Every value from the card is escaped here. */
function evidence(area: RuleArea, head: ModelArtifacts | undefined): string {
  const g = head?.card.governance;
  switch (area) {
    case 'artifacts':
      return 'every artifact parsed';
    case 'card': {
      const seen = [...(g && g.owners.length > 0 ? ['owners'] : []), ...REQUIRED_SECTIONS.filter((s) => head && findSection(head.card.sections, s)).map((s) => s.label)];
      return seen.length > 0 ? seen.join(', ') : 'nothing required is missing';
    }
    case 'evaluation': {
      const e = g?.evaluation;
      if (!e) return 'no evaluation claims to check';
      const parts = [`${plural(e.metrics.length, 'metric')} with uncertainty`];
      if (e.baselines.length) parts.push(plural(e.baselines.length, 'baseline'));
      if (e.slices.length) parts.push(plural(e.slices.length, 'slice'));
      if (e.split) parts.push(`on ${inertCodeSpan(e.split, 40)}`);
      return parts.join(', ');
    }
    case 'tuning': {
      const logs = head?.tuningLogs ?? [];
      const study = combinedStudy(logs, head?.declaredTuningLog);
      if (!study) return 'no tuning claims to check';
      const trials = logs.flatMap((l) => l.trials);
      const parts = [study.method ? `${escapeMarkdown(study.method, 40)} search` : 'search', plural(trials.length, 'trial')];
      if (study.seed !== undefined) parts.push(`seed ${study.seed}`);
      const best = bestTrials(trials, study.objective)?.trials[0];
      const text = parts.join(', ');
      return best && g?.hyperparameters ? `${text}; shipped params = best trial ${escapeMarkdown(`#${best.id}`, 40)}` : text;
    }
    case 'lineage': {
      const lineage = head?.lineage[0];
      if (!lineage) return 'no lineage claims to check';
      const datasets = head.lineage.flatMap((l) => l.datasets);
      const versioned = datasets.filter((d) => d.version).length;
      const parts = [`${plural(datasets.length, 'dataset')}, ${versioned} versioned`];
      if (lineage.splits) parts.push(`${lineage.splits.method} split`);
      parts.push(plural(lineage.steps.length, 'step'));
      return parts.join(', ');
    }
    case 'operations': {
      if (!g) return 'nothing declared, nothing required';
      const parts: string[] = [];
      const drift = g.monitoring?.drift?.method;
      if (g.monitoring) parts.push(drift ? `monitoring (${escapeMarkdown(drift, 40)} drift${g.monitoring.alert ? ', alert' : ''})` : 'monitoring');
      if (g.retraining) parts.push(g.retraining.trigger ? `retraining on ${escapeMarkdown(g.retraining.trigger, 40)}` : 'retraining');
      if (g.fallback) parts.push(g.fallback.strategy ? `fallback ${escapeMarkdown(g.fallback.strategy, 40)}` : 'fallback');
      if (g.retirement) parts.push('retirement criteria');
      return parts.length > 0 ? parts.join(', ') : 'nothing required is missing';
    }
    case 'explainability': {
      const x = g?.explainability;
      if (!x) return 'nothing required';
      return [x.method ? escapeMarkdown(displayName(x.method), 60) : undefined, x.artifact ? `at ${inertCodeSpan(x.artifact, 120)}` : undefined].filter(Boolean).join(' ') || 'documented';
    }
  }
}

/**
 * One row per area. `areaOf` maps a rule id to its area (from the rule registry); findings of
 * unknown rules (e.g. "policy invalid") land under Artifacts so they are never dropped.
 */
export function areaRows(findings: readonly Finding[], head: ModelArtifacts | undefined, areaOf: (ruleId: string) => RuleArea | undefined, links: Links): AreaRow[] {
  const rows: AreaRow[] = [];
  for (const [area, name] of AREAS) {
    const inArea = findings.filter((f) => (areaOf(f.ruleId) ?? 'artifacts') === area);
    if (area === 'artifacts' && inArea.length === 0) continue;
    // Errors first: the row's icon is the worst finding, so its text should name it. Findings
    // arrive riskiest first (risk.ts), and the order holds within each severity.
    const ordered = [...inArea.filter((f) => f.severity === 'error'), ...inArea.filter((f) => f.severity !== 'error')];
    const shown = ordered.slice(0, INLINE_FINDINGS).map((f) => findingText(f, links));
    const more = inArea.length - shown.length;
    const text = inArea.length === 0 ? evidence(area, head) : shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
    rows.push({ icon: statusIcon(inArea), name, text });
  }
  return rows;
}
