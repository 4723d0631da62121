// `modelgate policy --print`: the effective policy, after `_extends` and the built-in defaults,
// written as a policy file (loading it gives the same policy) with each value followed by where
// it came from: `file:line` of the document that set it, or "default". When a policy surprises
// someone, this answers "which file said that?" without reading the merge rules.
import { stringify } from 'yaml';
import { lineOf, valueAt } from '../artifacts/source.ts';
import type { LoadedPolicy, PolicyLayer } from './load.ts';
import { RISK_TIERS } from './schema.ts';
import type { Exemption, RuleSetting } from './types.ts';

export interface PrintRuleInfo {
  id: string;
  defaultSeverity: string;
}

/** Where the origin comments start, so they read as one column. */
const ORIGIN_COLUMN = 45;

type Path = (string | number)[];

interface Line {
  text: string;
  origin?: string;
}

function flow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim();
}

function settingValue(setting: RuleSetting | undefined, defaultSeverity: string | undefined): unknown {
  const severity = setting?.severity ?? defaultSeverity;
  if (!setting?.options) return severity;
  return severity === undefined ? { options: setting.options } : { severity, options: setting.options };
}

export function printPolicy(loaded: LoadedPolicy, rules: readonly PrintRuleInfo[]): string {
  const policy = loaded.policy;
  // Most specific first: the repository's file, then what it extends.
  const layers: PolicyLayer[] = [...(loaded.layers ?? [])].reverse();
  const at = (layer: PolicyLayer, path: Path) => `${layer.file}:${lineOf(layer.locations, path.map(String))}`;
  const setBy = (path: Path) => layers.filter((layer) => valueAt(layer.data, path) !== undefined).map((layer) => at(layer, path));
  const origin = (path: Path) => setBy(path)[0] ?? 'default';
  // Rule settings merge key by key across documents: every document that set one is named.
  const ruleOrigin = (path: Path) => setBy(path).join(', ') || 'default';

  const lines: Line[] = [];
  const leaf = (indent: number, key: string, value: unknown, from: string) => lines.push({ text: `${' '.repeat(indent)}${key}: ${flow(value)}`, origin: from });
  const heading = (indent: number, key: string) => lines.push({ text: `${' '.repeat(indent)}${key}:` });

  if (policy.extends !== undefined) leaf(0, '_extends', policy.extends, origin(['_extends']));
  heading(0, 'models');
  leaf(2, 'paths', policy.models.paths, origin(['models', 'paths']));
  leaf(2, 'cards', policy.models.cards, origin(['models', 'cards']));

  heading(0, 'rules');
  const defaults = new Map(rules.map((r) => [r.id, r.defaultSeverity]));
  const ids = [...new Set([...defaults.keys(), ...Object.keys(policy.rules)])].sort();
  for (const id of ids) leaf(2, id, settingValue(policy.rules[id], defaults.get(id)), ruleOrigin(['rules', id]));

  // Left out when empty, as the defaults leave it: most policies name no framework.
  if (policy.frameworks.length > 0) leaf(0, 'frameworks', policy.frameworks, origin(['frameworks']));
  if (policy.inventory.org) {
    heading(0, 'inventory');
    leaf(2, 'org', true, origin(['inventory', 'org']));
  }

  heading(0, 'tiers');
  for (const tier of RISK_TIERS) {
    const t = policy.tiers[tier];
    heading(2, tier);
    leaf(4, 'approvals', t.approvals, origin(['tiers', tier, 'approvals']));
    leaf(4, 'reviewers', t.reviewers, origin(['tiers', tier, 'reviewers']));
    const overrides = Object.keys(t.rules).sort();
    if (overrides.length === 0) leaf(4, 'rules', {}, origin(['tiers', tier, 'rules']));
    else {
      heading(4, 'rules');
      for (const id of overrides) leaf(6, id, settingValue(t.rules[id], undefined), ruleOrigin(['tiers', tier, 'rules', id]));
    }
  }

  const a = policy.approval;
  heading(0, 'approval');
  leaf(2, 'invalidate_on', a.invalidateOn, origin(['approval', 'invalidate_on']));
  leaf(2, 'allow_author', a.allowAuthor, origin(['approval', 'allow_author']));
  leaf(2, 'allow_contributors', a.allowContributors, origin(['approval', 'allow_contributors']));
  leaf(2, 'request_reviewers', a.requestReviewers, origin(['approval', 'request_reviewers']));
  heading(2, 'waivers');
  leaf(4, 'by', a.waivers.by, origin(['approval', 'waivers', 'by']));
  leaf(4, 'require_reason', a.waivers.requireReason, origin(['approval', 'waivers', 'require_reason']));

  // Checklist items are united by id across documents: an item comes from the last that has it.
  if (policy.checklist.length === 0) leaf(0, 'checklist', [], origin(['checklist']));
  else {
    heading(0, 'checklist');
    for (const item of policy.checklist) {
      const layer = layers.find((l) => l.data.checklist?.some((c) => c.id === item.id));
      const index = layer?.data.checklist?.findIndex((c) => c.id === item.id) ?? -1;
      lines.push({ text: `  - ${flow({ id: item.id, text: item.text, tiers: item.tiers })}`, origin: layer ? at(layer, ['checklist', index]) : 'default' });
    }
  }

  // The exempt list is replaced as a whole: it comes from the most specific document that has one.
  if (policy.exempt.length === 0) leaf(0, 'exempt', [], origin(['exempt']));
  else {
    heading(0, 'exempt');
    const layer = layers.find((l) => l.data.exempt !== undefined);
    policy.exempt.forEach((e, i) => lines.push({ text: `  - ${flow(exemptionValue(e))}`, origin: layer ? at(layer, ['exempt', i]) : 'default' }));
  }

  const sources = layers.map((l) => l.file);
  const header = sources.length === 0 ? 'no policy file, so the built-in defaults' : `${[sources[0], ...sources.slice(1).map((s) => `extending ${s}`)].join(', ')}, over the built-in defaults`;
  const body = lines.map((l) => (l.origin === undefined ? l.text : `${l.text.length <= ORIGIN_COLUMN - 2 ? l.text.padEnd(ORIGIN_COLUMN) : `${l.text}  `}# ${l.origin}`));
  return [`# The effective modelgate policy: ${header}.`, '# After each value: the file and line it comes from, or "default".', ...body, ''].join('\n');
}

/** An exemption as a policy file writes it: the lists it leaves out (any model, any file) stay out. */
function exemptionValue(e: Exemption): Record<string, unknown> {
  return { ...(e.models.length > 0 ? { models: e.models } : {}), ...(e.paths.length > 0 ? { paths: e.paths } : {}), rules: e.rules, reason: e.reason };
}
