// Fixture builder for report tests: the examples/ repository as a Snapshot (blob SHAs as git
// computes them, so audit records look real), evaluated under its own policy, and a decision
// with no reviews unless a test passes some.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decide } from '../../../src/core/approval/index.ts';
import type { ApprovalDecision, DecideInput } from '../../../src/core/approval/types.ts';
import { evaluate, type Evaluation } from '../../../src/core/engine/evaluate.ts';
import type { FileEntry, Snapshot } from '../../../src/core/engine/snapshot.ts';
import { loadPolicy } from '../../../src/core/policy/load.ts';
import { appRuleDocsUrl } from '../../../src/core/report/links.ts';
import { buildReportView, type ReportInput, type ReportView } from '../../../src/core/report/view.ts';
import { ruleById } from '../../../src/core/rules/index.ts';

export const root = join(import.meta.dirname, '../../..');
export const HEAD_SHA = '4f1c2d3e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d';
export const BASE_SHA = '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b';
export const TARGET = { serverUrl: 'https://github.com', repository: 'acme/models', headSha: HEAD_SHA };
/** Rule links as the App posts them when it knows its public URL: to the pages it serves itself. */
export const APP_PUBLIC_URL = 'https://modelgate.example.com';
export const APP_DOCS = appRuleDocsUrl(APP_PUBLIC_URL);

export function blobSha(content: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(content)}\0`).update(content).digest('hex');
}

export function exampleFiles(): Record<string, FileEntry> {
  const base = join(root, 'examples');
  const files: Record<string, FileEntry> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const content = readFileSync(path, 'utf8');
        files[relative(base, path).split('\\').join('/')] = { content, sha: blobSha(content) };
      }
    }
  };
  walk(base);
  return files;
}

export interface ExampleRun {
  evaluation: Evaluation;
  decision: ApprovalDecision;
}

/** The examples with only `modelDir`'s files changed (all of them), optionally against a base tree. */
export function runExample(modelDir: string, options: { base?: Record<string, FileEntry>; decide?: Partial<DecideInput> } = {}): ExampleRun {
  const files = exampleFiles();
  const policyText = files['.github/modelgate.yml']!.content as string;
  const loaded = loadPolicy({ path: '.github/modelgate.yml', text: policyText });
  const changed = options.base
    ? Object.keys(files).filter((p) => p.startsWith(`${modelDir}/`) && options.base![p]?.sha !== files[p]!.sha)
    : Object.keys(files).filter((p) => p.startsWith(`${modelDir}/`));
  const snapshot: Snapshot = {
    head: { sha: HEAD_SHA, files },
    changedFiles: changed.map((path) => ({ path, status: 'modified' as const })),
    policy: { path: '.github/modelgate.yml', text: policyText },
    ...(options.base ? { base: { sha: BASE_SHA, files: options.base } } : {}),
  };
  const evaluation = evaluate(snapshot, loaded);
  const decision = decide({
    evaluation,
    policy: evaluation.policy,
    pr: { author: 'alice', headSha: HEAD_SHA, commitAuthors: ['alice'] },
    reviews: [],
    comments: [],
    eligibility: { teamMembers: { 'acme/model-risk': ['bob', 'carol'], 'acme/ml-reviewers': ['dave'] } },
    blobsAt: {},
    ...options.decide,
  });
  return { evaluation, decision };
}

export function viewOf(run: ExampleRun, extra: Partial<ReportInput> = {}): ReportView {
  return buildReportView({
    evaluation: run.evaluation,
    decision: run.decision,
    target: TARGET,
    policyRef: { path: '.github/modelgate.yml', ref: BASE_SHA },
    toolVersion: '0.1.0',
    areaOf: (id) => ruleById(id)?.meta.area,
    ruleDocsUrl: APP_DOCS,
    ...extra,
  });
}
