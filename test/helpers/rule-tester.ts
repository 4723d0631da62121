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
import type { Finding, FindingLocation, Rule } from '../../src/core/rules/define.ts';

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
  /** Every place of a finding that stands for several (`Finding.locations`); compared only when the finding has them. */
  locations?: FindingLocation[];
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
  return runCase(ruleId, c).findings;
}

/** runRule, plus the message ids the rule reported (findings carry only the formatted text). */
function runCase(ruleId: string, c: RuleCase): { findings: Finding[]; messageIds: Set<string> } {
  const rule = loadRule(ruleId);
  const messageIds = new Set<string>();
  const recording: Rule<any> = {
    meta: rule.meta,
    check: (ctx) => {
      const reports = rule.check(ctx);
      for (const r of reports) messageIds.add(r.messageId);
      return reports;
    },
  };
  const snapshot = caseSnapshot(c);
  const loaded = loadPolicy(snapshot.policy);
  if (loaded.errors.length > 0) {
    throw new Error(`case "${c.name}": invalid policy: ${loaded.errors.map((e) => `${e.line}: ${e.message}`).join('; ')}`);
  }
  // The rule under test is always on: at the severity the policy sets, else its default.
  const setting = loaded.policy.rules[ruleId] ?? {};
  const severity = setting.severity && setting.severity !== 'off' ? setting.severity : rule.meta.defaultSeverity === 'off' ? 'warn' : rule.meta.defaultSeverity;
  loaded.policy.rules[ruleId] = { ...setting, severity, options: { ...setting.options, ...c.options } };
  const evaluation = evaluateWithRules(snapshot, loaded, [recording]);
  const findings = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)].filter((f) => f.ruleId === ruleId);
  // Engine-level failures (missing content, invalid options) would otherwise pass a valid case silently.
  const engineErrors = evaluation.findings.filter((f) => f.ruleId === 'modelgate');
  if (engineErrors.length > 0) throw new Error(`case "${c.name}": engine reported ${engineErrors.map((f) => `${f.file}:${f.line} ${f.message}`).join('; ')}`);
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.message.localeCompare(b.message)));
  return { findings, messageIds };
}

function pick(f: Finding): ExpectedFinding {
  const picked: ExpectedFinding = { severity: f.severity, message: f.message, file: f.file, line: f.line };
  if (f.locations) picked.locations = f.locations;
  return picked;
}

export interface RuleCases {
  valid: RuleCase[];
  invalid: InvalidRuleCase[];
}

// ---------------------------------------------------------------------------------------------
// Case counts. scripts/check-rules.ts imports each rule's test file with a collector installed;
// testRule then hands over its tables instead of registering tests. Counting the tables the
// file really builds (not its text) means loops, spreads and helpers count as what they make,
// and a case repeated under another name counts once.

/** The issue's floor for every rule's table. */
export const MIN_CASES = { valid: 2, invalid: 3 } as const;

export interface DeclaredCases extends RuleCases {
  ruleId: string;
}

const COLLECTOR = Symbol.for('modelgate.testRule.collector');
type Collector = (declared: DeclaredCases) => void;

/** The tables `load` (an import of a rule test file) declares through testRule; no test is registered. */
export async function collectDeclaredCases(load: () => Promise<unknown>): Promise<DeclaredCases[]> {
  const declared: DeclaredCases[] = [];
  const slot = globalThis as Record<symbol, Collector | undefined>;
  slot[COLLECTOR] = (d) => declared.push(d);
  try {
    await load();
  } finally {
    delete slot[COLLECTOR];
  }
  return declared;
}

/** What a case feeds the engine: two cases with equal inputs are one case, whatever their names. */
function inputKey(c: RuleCase): string {
  return JSON.stringify([c.files, c.base ?? null, c.policy ?? null, c.options ?? null, c.changed ?? null]);
}

/** Why `ruleId`'s declared cases fall short: too few distinct valid / invalid cases, or repeated names. */
export function caseCountProblems(ruleId: string, declared: readonly DeclaredCases[]): string[] {
  const mine = declared.filter((d) => d.ruleId === ruleId);
  const valid = mine.flatMap((d) => d.valid);
  // An invalid case that expects no finding asserts nothing (testRule fails it, too).
  const invalid = mine.flatMap((d) => d.invalid).filter((c) => c.findings.length > 0);
  const problems: string[] = [];
  const distinct = (cases: RuleCase[]) => new Set(cases.map(inputKey)).size;
  for (const [kind, count] of [['valid', distinct(valid)], ['invalid', distinct(invalid)]] as const) {
    if (count < MIN_CASES[kind]) problems.push(`rule ${ruleId} has ${count} distinct ${kind} case(s); at least ${MIN_CASES[kind]} are required`);
  }
  const names = [...valid, ...mine.flatMap((d) => d.invalid)].map((c) => c.name);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`rule ${ruleId}: two cases are named "${name}"`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Messages. The engine turns an undeclared message id into "rule crashed", and a declared id no
// code reports is a message users never see; both are checked from the rule's source, which must
// name message ids as literals (`messageId: 'x'`, or a ternary of literals).

/** The message ids a rule's source can report; `dynamic` holds messageId expressions with no literal at all. */
export function reportedMessageIds(source: string): { ids: Set<string>; dynamic: string[] } {
  const ids = new Set<string>();
  const dynamic: string[] = [];
  for (const m of source.matchAll(/\bmessageId\s*:\s*([^,}\n]+)/g)) {
    const expression = m[1]!.trim();
    const literals = [...expression.matchAll(/'([^']*)'|"([^"]*)"/g)].map((l) => l[1] ?? l[2]!);
    if (literals.length === 0) dynamic.push(expression);
    for (const id of literals) ids.add(id);
  }
  return { ids, dynamic };
}

export function testRule(ruleId: string, cases: RuleCases): void {
  const collect = (globalThis as Record<symbol, Collector | undefined>)[COLLECTOR];
  if (collect) {
    collect({ ruleId, ...cases });
    return;
  }
  // Each case runs once; the message-coverage test below reuses the invalid cases' results.
  const results = new Map<RuleCase, ReturnType<typeof runCase>>();
  const run = (c: RuleCase) => results.get(c) ?? results.set(c, runCase(ruleId, c)).get(c)!;
  describe(ruleId, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          expect(run(c).findings.map(pick)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          expect(c.findings.length, 'an invalid case must expect at least one finding').toBeGreaterThan(0);
          expect(run(c).findings.map(pick)).toEqual(c.findings);
        });
      }
    });
    it('reports every message the rule declares in some invalid case', () => {
      const reported = new Set(cases.invalid.flatMap((c) => [...run(c).messageIds]));
      expect(Object.keys(loadRule(ruleId).meta.messages).filter((id) => !reported.has(id))).toEqual([]);
    });
  });
}
