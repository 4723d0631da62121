// An ESLint-RuleTester for modelgate rules: each case is a tiny repository (head files, maybe
// base files and a policy) evaluated by the real engine, so a rule test also proves the rule
// is reachable through discovery, parsing, severity resolution and message formatting.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateWithRules } from '../../src/core/engine/pipeline.ts';
import type { ChangedFile, RepoState, Snapshot } from '../../src/core/engine/snapshot.ts';
import { loadPolicy } from '../../src/core/policy/load.ts';
import type { Finding, Rule } from '../../src/core/rules/define.ts';

export interface RuleCase {
  name: string;
  /** The head tree: repository path -> file text. */
  files: Record<string, string>;
  /** The base tree; given => changed files are the paths whose content differs. */
  base?: Record<string, string>;
  /** YAML text of `.github/modelgate.yml` (read from base, as the App does). */
  policy?: string;
  /** Become `rules.<ruleId>.options` of the policy. */
  options?: Record<string, unknown>;
  /** Overrides the computed changed files. */
  changed?: string[];
}

export interface ExpectedFinding {
  severity: 'error' | 'warn';
  message: string;
  file: string;
  line: number;
}

export interface InvalidRuleCase extends RuleCase {
  findings: ExpectedFinding[];
}

export const POLICY_PATH = '.github/modelgate.yml';

/** Git's blob SHA-1 (`git hash-object`), so staleness/audit code sees realistic SHAs. */
export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function repoState(sha: string, files: Record<string, string>): RepoState {
  return { sha, files: Object.fromEntries(Object.entries(files).map(([path, content]) => [path, { sha: gitBlobSha(content), content }])) };
}

/** Added, modified and removed paths between two trees, sorted. */
export function diffTrees(base: Record<string, string>, head: Record<string, string>): ChangedFile[] {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const changed: ChangedFile[] = [];
  for (const path of paths) {
    if (!(path in base)) changed.push({ path, status: 'added' });
    else if (!(path in head)) changed.push({ path, status: 'removed' });
    else if (base[path] !== head[path]) changed.push({ path, status: 'modified' });
  }
  return changed;
}

/** The snapshot an adapter would hand the engine for this case. */
export function caseSnapshot(c: RuleCase): Snapshot {
  const snapshot: Snapshot = { head: repoState('HEAD', c.files), changedFiles: 'all' };
  if (c.base) {
    snapshot.base = repoState('BASE', c.base);
    snapshot.changedFiles = diffTrees(c.base, c.files);
  }
  if (c.changed) {
    snapshot.changedFiles = c.changed.map((path) => ({
      path,
      status: !(path in c.files) ? 'removed' : c.base && !(path in c.base) ? 'added' : 'modified',
    }));
  }
  if (c.policy !== undefined) snapshot.policy = { path: POLICY_PATH, text: c.policy, ref: 'BASE' };
  return snapshot;
}

// Rule modules are loaded one by one (not through the registry) so a rule's tests run while
// other rule files are still missing or broken; a rule that fails to load fails only its tests.
const rulesDir = fileURLToPath(new URL('../../src/core/rules/', import.meta.url));
const loadedRules = new Map<string, Rule<any> | Error>();
for (const name of readdirSync(rulesDir)) {
  if (!name.endsWith('.ts') || name === 'index.ts' || name === 'define.ts') continue;
  const id = name.slice(0, -3);
  try {
    const mod = (await import(pathToFileURL(rulesDir + name).href)) as { default?: Rule<any> };
    loadedRules.set(id, mod.default ?? new Error(`src/core/rules/${name} has no default export`));
  } catch (e) {
    loadedRules.set(id, e instanceof Error ? e : new Error(String(e)));
  }
}

export function loadRule(ruleId: string): Rule<any> {
  const rule = loadedRules.get(ruleId);
  if (rule === undefined) throw new Error(`no rule file src/core/rules/${ruleId}.ts`);
  if (rule instanceof Error) throw new Error(`rule ${ruleId} failed to load: ${rule.message}`);
  return rule;
}

/** Evaluates one case with the real engine; returns this rule's findings sorted by file, line. */
export function runRule(ruleId: string, c: RuleCase): Finding[] {
  const rule = loadRule(ruleId);
  const snapshot = caseSnapshot(c);
  const loaded = loadPolicy(snapshot.policy);
  if (loaded.errors.length > 0) {
    throw new Error(`case "${c.name}": invalid policy: ${loaded.errors.map((e) => `${e.line}: ${e.message}`).join('; ')}`);
  }
  // The rule under test is always on: at the severity the policy sets, else its default.
  const setting = loaded.policy.rules[ruleId] ?? {};
  const severity = setting.severity && setting.severity !== 'off' ? setting.severity : rule.meta.defaultSeverity === 'off' ? 'warn' : rule.meta.defaultSeverity;
  loaded.policy.rules[ruleId] = { ...setting, severity, options: { ...setting.options, ...c.options } };
  const evaluation = evaluateWithRules(snapshot, loaded, [rule]);
  const findings = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)].filter((f) => f.ruleId === ruleId);
  // Engine-level failures (missing content, invalid options) would otherwise pass a valid case silently.
  const engineErrors = evaluation.findings.filter((f) => f.ruleId === 'modelgate');
  if (engineErrors.length > 0) throw new Error(`case "${c.name}": engine reported ${engineErrors.map((f) => `${f.file}:${f.line} ${f.message}`).join('; ')}`);
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.message.localeCompare(b.message)));
}

function pick(f: Finding): ExpectedFinding {
  return { severity: f.severity, message: f.message, file: f.file, line: f.line };
}

export function testRule(ruleId: string, cases: { valid: RuleCase[]; invalid: InvalidRuleCase[] }): void {
  describe(ruleId, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          expect(runRule(ruleId, c).map(pick)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          expect(c.findings.length, 'an invalid case must expect at least one finding').toBeGreaterThan(0);
          expect(runRule(ruleId, c).map(pick)).toEqual(c.findings);
        });
      }
    });
  });
}
