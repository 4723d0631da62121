// A baseline (`modelgate check --baseline FILE`): the findings a repository had when it adopted
// modelgate, recorded so that only new ones fail, as ESLint's bulk suppressions and Sonar's
// "new code" do. A finding is recorded by fingerprint: rule, file and message with its numbers
// left out, never its line, so an edit above it (or a metric value that moved) keeps it matched.
// Findings with one fingerprint are counted: more of them than recorded reports all of them,
// since which one is new cannot be told. modelgate's own findings are never recorded.
import { createHash } from 'node:crypto';
import type { Finding } from '../rules/define.ts';
import type { Evaluation } from './pipeline.ts';
import { ENGINE_RULE_ID } from './run-rules.ts';

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  /** How many findings had this fingerprint. */
  count: number;
  /** The first one's message, for whoever reads the file; matching uses the fingerprint. */
  message: string;
}

export interface Baseline {
  tool: 'modelgate';
  kind: 'baseline';
  version: 1;
  findings: BaselineEntry[];
}

/** Numbers (line numbers, counts, metric values) move with unrelated edits; the wording does not. */
function normalizedMessage(message: string): string {
  return message.replace(/\d+(?:[.,]\d+)*/g, '#').replace(/\s+/g, ' ').trim();
}

export function findingFingerprint(f: Finding): string {
  return createHash('sha256').update(`${f.ruleId}\0${f.file}\0${normalizedMessage(f.message)}`, 'utf8').digest('hex').slice(0, 16);
}

function allFindings(evaluation: Evaluation): Finding[] {
  return [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)];
}

const recordable = (f: Finding) => f.ruleId !== ENGINE_RULE_ID;

export function makeBaseline(evaluation: Evaluation): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const f of allFindings(evaluation).filter(recordable)) {
    const fingerprint = findingFingerprint(f);
    const entry = entries.get(fingerprint);
    if (entry) entry.count++;
    else entries.set(fingerprint, { ruleId: f.ruleId, file: f.file, fingerprint, count: 1, message: f.message });
  }
  const order = (a: BaselineEntry, b: BaselineEntry) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.ruleId !== b.ruleId ? (a.ruleId < b.ruleId ? -1 : 1) : a.fingerprint < b.fingerprint ? -1 : 1);
  return { tool: 'modelgate', kind: 'baseline', version: 1, findings: [...entries.values()].sort(order) };
}

/** The baseline as committed: stable JSON, one entry per fingerprint, sorted, so its diffs read well. */
export function baselineText(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function parseBaseline(text: string, file: string): { baseline: Baseline } | { error: string } {
  const refused = (why: string) => ({ error: `${file}: not a modelgate baseline (${why})` });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return refused('not JSON: create it with --update-baseline');
  }
  const doc = data as Partial<Baseline> | null;
  if (!doc || typeof doc !== 'object' || doc.tool !== 'modelgate' || doc.kind !== 'baseline' || doc.version !== 1 || !Array.isArray(doc.findings)) return refused('create it with --update-baseline');
  const findings: BaselineEntry[] = [];
  for (const [i, e] of doc.findings.entries()) {
    const entry = e as Partial<BaselineEntry> | null;
    if (!entry || typeof entry.ruleId !== 'string' || typeof entry.file !== 'string' || typeof entry.fingerprint !== 'string' || !Number.isInteger(entry.count) || entry.count! < 1) {
      return refused(`findings[${i}] needs ruleId, file, fingerprint and count`);
    }
    findings.push({ ruleId: entry.ruleId, file: entry.file, fingerprint: entry.fingerprint, count: entry.count!, message: typeof entry.message === 'string' ? entry.message : '' });
  }
  return { baseline: { tool: 'modelgate', kind: 'baseline', version: 1, findings } };
}

/** The evaluation with only the findings `keep` accepts, counts recomputed. */
export function keepFindings(evaluation: Evaluation, keep: (f: Finding) => boolean): Evaluation {
  const models = evaluation.models.map((m) => ({ ...m, findings: m.findings.filter(keep) }));
  const findings = evaluation.findings.filter(keep);
  const all = [...findings, ...models.flatMap((m) => m.findings)];
  return { ...evaluation, models, findings, errors: all.filter((f) => f.severity === 'error').length, warnings: all.filter((f) => f.severity === 'warn').length };
}

export interface BaselineResult {
  /** The evaluation without the findings the baseline holds. */
  evaluation: Evaluation;
  /** Findings left out because the baseline holds them. */
  suppressed: number;
  /** Recorded findings that no longer occur (the baseline can be tightened). */
  gone: number;
}

export function applyBaseline(evaluation: Evaluation, baseline: Baseline): BaselineResult {
  const recorded = new Map<string, number>();
  for (const e of baseline.findings) if (e.ruleId !== ENGINE_RULE_ID) recorded.set(e.fingerprint, (recorded.get(e.fingerprint) ?? 0) + e.count);
  const current = new Map<string, number>();
  for (const f of allFindings(evaluation).filter(recordable)) {
    const fingerprint = findingFingerprint(f);
    current.set(fingerprint, (current.get(fingerprint) ?? 0) + 1);
  }
  const covered = (fingerprint: string) => (current.get(fingerprint) ?? 0) <= (recorded.get(fingerprint) ?? 0);
  const kept = keepFindings(evaluation, (f) => !recordable(f) || !covered(findingFingerprint(f)));
  const count = (e: Evaluation) => allFindings(e).length;
  let gone = 0;
  for (const [fingerprint, n] of recorded) gone += Math.max(0, n - (current.get(fingerprint) ?? 0));
  return { evaluation: kept, suppressed: count(evaluation) - count(kept), gone };
}
