// A report built from hostile text: every field a pull request controls (card, lineage, tuning
// log, model directory, comment bodies) carries the same string `h`, evaluated and decided by the
// real engine and gate, so whatever the rules quote, the report has to escape.
import { decide } from '../../../src/core/approval/index.ts';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import type { FileEntry } from '../../../src/core/engine/snapshot.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { buildReportView, type ReportView } from '../../../src/core/report/view.ts';
import { ruleById } from '../../../src/core/rules/index.ts';

const POLICY = `tiers:
  high: {approvals: 2, reviewers: ["@acme/model-risk"]}
approval: {waivers: {by: ["@acme/model-risk"], require_reason: true}}
checklist:
  - {id: fairness-review, text: "Fairness review done", tiers: [high]}
`;

/** A YAML flow scalar for any string (JSON strings are YAML double-quoted scalars). */
const q = (text: string) => JSON.stringify(text);

export function hostileCard(h: string): string {
  return `---
governance:
  model: ${q(h)}
  version: ${q(h)}
  owners: [${q(h)}, ${q(`@${h}`)}]
  risk_tier: high
  intended_use: ${q(h)}
  lineage: lineage.yaml
  tuning_log: trials.jsonl
  hyperparameters: {${q(h)}: 0.1}
  evaluation:
    split: ${q(h)}
    metrics:
      - {name: ${q(h)}, value: 0.9, ci95: [0.89, 0.91], n: 1000}
    baselines:
      - {name: ${q(h)}, version: ${q(h)}, metrics: {${q(h)}: 0.8}}
      - {name: production, version: ${q(h)}, metrics: {${q(h)}: 0.95}}
    slices:
      - {name: ${q(h)}, metrics: {${q(h)}: 0.5}, n: 100}
  monitoring: {drift: {method: ${q(h)}, threshold: 0.2}, alert: ${q(h)}}
  retraining: {trigger: ${q(h)}}
  fallback: {strategy: ${q(h)}}
  explainability: {method: ${q(h)}, artifact: ${q(h)}}
---
# ${h.replace(/[\r\n\0]/g, ' ')}
x
`;
}

export function hostileLineage(h: string): string {
  return `version: 1
datasets:
  - {name: ${q(h)}, version: ${q(h)}, time_column: ${q(h)}}
splits: {method: random, train: {dataset: ${q(h)}}}
steps:
  - {name: ${q(h)}, kind: normalize, fit_on: ${q(h)}}
  - {name: ${q(`${h} split`)}, kind: split}
  - {name: ${q(`${h} fit`)}, kind: train, fit_on: train}
`;
}

export function hostileTuningLog(h: string): string {
  return [
    { type: 'study', method: h, seed: 1, search_space: { [h]: { low: 0.01, high: 0.2 } }, objective: { metric: h, split: 'test', direction: 'maximize' } },
    { type: 'trial', id: h, state: 'complete', params: { [h]: 0.2 }, metrics: { [`test/${h}`]: 0.9 } },
    { type: 'trial', id: 1, state: 'complete', params: { [h]: 0.3 }, metrics: { [`test/${h}`]: 0.8 } },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
}

/** A model directory name made of `h` (one path segment: `/` would only nest it). */
export function hostileDir(h: string): string {
  const segment = h.replace(/[/\\\0]/g, '_').replace(/^\.+$/, '_').trim();
  return `models/${segment || '_'}`;
}

export interface HostileInput {
  /** The text every PR-controlled field carries. */
  text: string;
  /** Also put `text` in the model directory's name. */
  inPath?: boolean;
  /** The pull request also deletes a second hostile model (`<dir>-gone`), shown as removed. */
  removed?: boolean;
}

export function hostileView(input: HostileInput): ReportView {
  const h = input.text;
  const dir = input.inPath ? hostileDir(h) : 'models/m';
  const files: Record<string, FileEntry> = {
    '.github/modelgate.yml': { content: POLICY, sha: 'p' },
    [`${dir}/MODEL_CARD.md`]: { content: hostileCard(h), sha: '1' },
    [`${dir}/lineage.yaml`]: { content: hostileLineage(h), sha: '2' },
    [`${dir}/trials.jsonl`]: { content: hostileTuningLog(h), sha: '3' },
  };
  const gone = `${dir}-gone`;
  const base: Record<string, FileEntry> = {
    ...files,
    [`${gone}/MODEL_CARD.md`]: { content: hostileCard(h), sha: '4' },
    [`${gone}/lineage.yaml`]: { content: hostileLineage(h), sha: '5' },
  };
  const loaded = loadPolicy({ path: '.github/modelgate.yml', text: POLICY });
  const changedFiles = input.removed ? [...Object.keys(files), ...Object.keys(base).filter((p) => !(p in files))].map((path) => ({ path, status: path in files ? ('added' as const) : ('removed' as const) })) : 'all';
  const evaluation = evaluate({ head: { sha: 'H', files }, ...(input.removed ? { base: { sha: 'B', files: base } } : {}), changedFiles, policy: { path: '.github/modelgate.yml', text: POLICY } }, loaded);
  if (input.removed && !evaluation.models.some((m) => m.removed)) throw new Error('the hostile removed model was not seen as removed');
  const user = (login: string) => ({ login, type: 'User' });
  const comment = (id: number, login: string, body: string) => ({ id, user: user(login), body, createdAt: '2026-01-01T00:00:00Z', edited: false, commitIdAtTime: 'H' });
  const oneLine = h.replace(/[\r\n]+/g, ' ');
  const decision = decide({
    evaluation,
    policy: evaluation.policy,
    pr: { author: 'alice', headSha: 'H', commitAuthors: ['alice'] },
    reviews: [{ id: 1, user: user('bob'), state: 'APPROVED', commitId: 'c0ffee', submittedAt: '2026-01-01T00:00:00Z' }],
    comments: [
      comment(1, 'carol', `/modelgate waive lineage-split-before-fit -- ${oneLine}`),
      comment(2, 'mallory', `/modelgate waive lineage-present -- ${oneLine}`),
      comment(3, 'mallory', `/modelgate ${oneLine}`),
      comment(4, 'carol', `/modelgate ack ${oneLine}`),
      comment(5, 'carol', `/modelgate approve ${oneLine}`),
    ],
    eligibility: { teamMembers: { 'acme/model-risk': ['bob', 'carol'] }, permissions: { bob: 'write', carol: 'write', mallory: 'read' } },
    blobsAt: { c0ffee: { [`${dir}/lineage.yaml`]: 'old' } },
  });
  return buildReportView({
    evaluation,
    decision,
    target: { serverUrl: 'https://github.com', repository: 'a/b', headSha: 'H' },
    policyRef: { path: '.github/modelgate.yml', ref: 'B' },
    toolVersion: '0.1.0',
    areaOf: (id) => ruleById(id)?.meta.area,
  });
}
