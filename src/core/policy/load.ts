// Reading `.github/modelgate.yml`: YAML -> schema check (errors with key path and line) ->
// `_extends` merge (org defaults first, the repository overrides) -> built-in defaults.
// Any error leaves the built-in defaults in `policy` and a non-empty `errors`: callers fail the
// gate closed on errors, and still get a usable policy to report findings with.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Locations, ParseError } from '../artifacts/types.ts';
import { isRecord, lineOf, parseError, parseYaml, readText, valueAt } from '../artifacts/source.ts';
import { defaultPolicy } from './defaults.ts';
import { DEFAULT_POLICY_PATH, describeKey, extendsKey, keyTarget, targetKey, type RepoName } from './location.ts';
import { RULE_IDS } from './rule-ids.ts';
import { policySchema, RISK_TIERS, type PolicyFile, type RuleSettingInput } from './schema.ts';
import type { Policy, RuleSetting } from './types.ts';

export interface PolicySource {
  path: string;
  text: string;
}

export interface LoadedPolicy {
  policy: Policy;
  errors: ParseError[];
  /** sha256 (hex) of the policy file text exactly as read, so `sha256sum` can verify the audit. */
  sha256?: string;
  /** Path of the policy file; absent when the built-in defaults apply. */
  path?: string;
  /** Key paths of the repository's policy file -> line, for findings about the policy itself. */
  locations: Locations;
  /**
   * The documents merged, the one `_extends` reaches last first and the repository's own file
   * last, each as written: where each effective value came from (`modelgate policy --print`).
   * Absent with no policy file or when the policy has errors.
   */
  layers?: PolicyLayer[];
}

export interface PolicyLayer {
  /** The file as messages name it: the policy's path, or `owner/repo:path` of an extended one. */
  file: string;
  data: PolicyFile;
  locations: Locations;
}

/** How deep `_extends` may chain (repo -> org -> enterprise); also stops cycles. */
const MAX_EXTENDS_DEPTH = 3;

/**
 * `extended` holds the documents `_extends` names, keyed by `extendsKey` (location.ts) of each
 * value as seen from the repository its file is in (`home` for the policy itself: the
 * repository it belongs to, unknown in a local run).
 */
export function loadPolicy(source?: PolicySource, extended: Record<string, string> = {}, home?: RepoName): LoadedPolicy {
  if (!source) return { policy: defaultPolicy(), errors: [], locations: {} };
  const sha256 = createHash('sha256').update(source.text, 'utf8').digest('hex');
  const chain: PolicyFile[] = [];
  const layers: PolicyLayer[] = [];
  const errors: ParseError[] = [];
  let locations: Locations = {};
  let current: { file: string; text: string; home?: RepoName } | undefined = { file: source.path, text: source.text, ...(home ? { home } : {}) };
  // A policy that extends its own repository extends itself.
  const visited = new Set<string>(home ? [targetKey(home)] : []);
  for (let depth = 0; current; depth++) {
    const read = readPolicyFile(current.file, current.text);
    if (depth === 0) locations = read.locations;
    errors.push(...read.errors);
    if (!read.file) break;
    chain.unshift(read.file);
    layers.unshift({ file: depth === 0 ? current.file : describeKey(current.file), data: read.file, locations: read.locations });
    const ext = read.file._extends;
    if (ext === undefined) break;
    const at = lineOf(read.locations, '_extends');
    const key = extendsKey(ext, current.home);
    if (visited.has(key) || depth + 1 >= MAX_EXTENDS_DEPTH) {
      errors.push(parseError(current.file, at, 'schema', `_extends: "${ext}" ${visited.has(key) ? 'extends itself (cycle)' : `nests deeper than ${MAX_EXTENDS_DEPTH} levels`}`));
      break;
    }
    visited.add(key);
    const text = extended[key];
    if (text === undefined) {
      const target = keyTarget(key);
      const where = target ? `${target.path ?? DEFAULT_POLICY_PATH} in ${target.owner}/${target.repo}` : `${DEFAULT_POLICY_PATH} there`;
      errors.push(parseError(current.file, at, 'unreadable', `_extends: "${ext}" could not be read (no ${where}, or no access); the gate fails closed`));
      break;
    }
    const next = keyTarget(key);
    current = { file: key, text, ...(next ? { home: next } : {}) };
  }
  if (errors.length > 0) return { policy: defaultPolicy(), errors, sha256, path: source.path, locations };
  const merged = chain.reduce<PolicyFile>((acc, file) => mergeFiles(acc, file), {});
  const policy = applyDefaults(merged);
  const root = chain[chain.length - 1]!;
  if (root._extends !== undefined) policy.extends = root._extends;
  return { policy, errors, sha256, path: source.path, locations, layers };
}

/** One document: YAML syntax, then the schema. An empty or comments-only file means "defaults". */
function readPolicyFile(file: string, text: string): { file?: PolicyFile; errors: ParseError[]; locations: Locations } {
  const read = readText(file, text);
  if (read.error) return read.error.code === 'empty-file' ? { file: {}, errors: [], locations: {} } : { errors: [read.error], locations: {} };
  const doc = parseYaml(file, read.text!);
  if (doc.errors.length > 0) return { errors: doc.errors, locations: doc.locations };
  const data = doc.data ?? {};
  if (!isRecord(data)) return { errors: [parseError(file, 1, 'schema', 'the policy must be a YAML mapping (key: value)')], locations: doc.locations };
  const result = policySchema.safeParse(data);
  if (result.success) return { file: result.data, errors: [], locations: doc.locations };
  const errors = result.error.issues.flatMap((issue) => issueErrors(file, issue, doc.locations, data));
  return { errors: errors.sort((a, b) => a.line - b.line), locations: doc.locations };
}

function pathText(path: PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

function issueErrors(file: string, issue: z.core.$ZodIssue, locations: Locations, data: unknown, prefix: PropertyKey[] = []): ParseError[] {
  const path = [...prefix, ...issue.path].map((k) => (typeof k === 'symbol' ? String(k) : k));
  // A rule setting written as a mapping failed as {severity, options}: say what is wrong inside it.
  const objectBranch = issue.code === 'invalid_union' ? issue.errors[1] : undefined;
  if (objectBranch && objectBranch.length > 0 && isRecord(valueAt(data, path))) {
    return objectBranch.flatMap((inner) => issueErrors(file, inner, locations, data, path));
  }
  if (issue.code === 'unrecognized_keys') {
    const isRules = path[path.length - 1] === 'rules';
    return issue.keys.map((key) => {
      const full = [...path, key];
      const message = isRules ? `${pathText(full)}: unknown rule "${key}"${didYouMean(key, RULE_IDS)}` : `${pathText(full)}: unknown key "${key}"`;
      return parseError(file, lineOf(locations, full.map(String)), 'unknown-key', message);
    });
  }
  const message = issue.code === 'invalid_union' ? 'expected off, warn, error or {severity, options}' : yamlWords(issue.message);
  return [parseError(file, lineOf(locations, path.map(String)), 'schema', path.length > 0 ? `${pathText(path)}: ${message}` : message)];
}

/** zod speaks JavaScript; policy authors write YAML. */
function yamlWords(message: string): string {
  return message
    .replace(/^Invalid (input|option): /, '')
    .replace(/expected (record|object)/, 'expected a mapping')
    .replace(/expected array/, 'expected a list')
    .replace(/received (record|object)/, 'got a mapping')
    .replace(/received array/, 'got a list')
    .replace(/received (\w+)/, 'got a $1');
}

/** ` (did you mean "x"?)` for a near miss, so a typo in a rule id is a one-glance fix. */
function didYouMean(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(key.length / 4)) + 1;
  for (const candidate of known) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function ruleSetting(input: RuleSettingInput): RuleSetting {
  return typeof input === 'string' ? { severity: input } : { ...input };
}

type RulesInput = Partial<Record<string, RuleSettingInput>>;

/** Per rule: a severity and options from the overriding file replace the base's, key by key. */
function mergeRules(base: RulesInput | undefined, over: RulesInput | undefined): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, s] of Object.entries(base ?? {})) if (s !== undefined) out[id] = ruleSetting(s);
  for (const [id, s] of Object.entries(over ?? {})) {
    if (s === undefined) continue;
    const next = ruleSetting(s);
    const prev = out[id] ?? {};
    out[id] = { ...prev, ...next, ...(prev.options || next.options ? { options: { ...prev.options, ...next.options } } : {}) };
  }
  return out;
}

/**
 * `over` wins key by key; lists replace, except the checklist, which is united by item id so an
 * org-mandated item cannot be dropped by a repository (it can be reworded).
 */
function mergeFiles(base: PolicyFile, over: PolicyFile): PolicyFile {
  const tiers: NonNullable<PolicyFile['tiers']> = {};
  for (const t of RISK_TIERS) {
    const b = base.tiers?.[t];
    const o = over.tiers?.[t];
    if (b || o) tiers[t] = { ...b, ...o, rules: mergeRules(b?.rules, o?.rules) };
  }
  const checklist = new Map<string, NonNullable<PolicyFile['checklist']>[number]>();
  for (const item of [...(base.checklist ?? []), ...(over.checklist ?? [])]) checklist.set(item.id, item);
  return {
    models: { ...base.models, ...over.models },
    rules: mergeRules(base.rules, over.rules),
    ...(over.frameworks ?? base.frameworks ? { frameworks: over.frameworks ?? base.frameworks } : {}),
    ...(over.inventory ?? base.inventory ? { inventory: { ...base.inventory, ...over.inventory } } : {}),
    tiers,
    approval: { ...base.approval, ...over.approval, waivers: { ...base.approval?.waivers, ...over.approval?.waivers } },
    checklist: [...checklist.values()],
    ...(over.exempt ?? base.exempt ? { exempt: over.exempt ?? base.exempt } : {}),
  };
}

function applyDefaults(file: PolicyFile): Policy {
  const d = defaultPolicy();
  const tiers = { ...d.tiers };
  for (const t of RISK_TIERS) {
    const given = file.tiers?.[t];
    tiers[t] = {
      approvals: given?.approvals ?? d.tiers[t].approvals,
      reviewers: given?.reviewers ?? d.tiers[t].reviewers,
      // The built-in tier overrides (explainability is an error at high tier) stay unless the file overrides that rule.
      rules: mergeRules(d.tiers[t].rules, given?.rules),
    };
  }
  const a = file.approval;
  return {
    models: { paths: file.models?.paths ?? d.models.paths, cards: file.models?.cards ?? d.models.cards },
    rules: mergeRules({}, file.rules),
    frameworks: [...new Set(file.frameworks ?? d.frameworks)],
    inventory: { org: file.inventory?.org ?? d.inventory.org },
    tiers,
    approval: {
      invalidateOn: a?.invalidate_on ?? d.approval.invalidateOn,
      allowAuthor: a?.allow_author ?? d.approval.allowAuthor,
      allowContributors: a?.allow_contributors ?? d.approval.allowContributors,
      requestReviewers: a?.request_reviewers ?? d.approval.requestReviewers,
      waivers: { by: a?.waivers?.by ?? d.approval.waivers.by, requireReason: a?.waivers?.require_reason ?? d.approval.waivers.requireReason },
    },
    checklist: (file.checklist ?? []).map((item) => ({ id: item.id, text: item.text, tiers: item.tiers ?? [...RISK_TIERS] })),
    exempt: (file.exempt ?? []).map((e) => ({ models: e.models ?? [], paths: e.paths ?? [], rules: e.rules, reason: e.reason.trim() })),
  };
}
