// Case builders for the rule tables: a test names the one thing it breaks in the clean model,
// and states each expected finding by the text its line contains, so lines stay exact without
// being hand-counted.
import { cleanModelFiles, DEFAULT_CARD_BODY, lineOf, type ModelOverrides } from '../../helpers/fixtures.ts';
import type { ExpectedFinding, InvalidRuleCase, RuleCase } from '../../helpers/rule-tester.ts';

export const DIR = 'models/churn';
export const CARD = `${DIR}/MODEL_CARD.md`;
export const LINEAGE = `${DIR}/lineage.yaml`;
export const TUNING = `${DIR}/tuning/trials.jsonl`;

/**
 * A card whose front matter is not YAML. Its parse error is artifact-parseable's finding; no rule
 * may report what the unread metadata might have said (issue 11: one finding per root cause).
 */
export const UNREADABLE_FRONT_MATTER: ModelOverrides = { files: { 'MODEL_CARD.md': `---\nlicense: [apache\n---\n\n${DEFAULT_CARD_BODY}` } };

export type Files = Record<string, string>;
/** Line of the `occurrence`-th line of `file` containing `needle`. */
export type At = (file: string, needle: string, occurrence?: number) => number;

export function validModel(name: string, overrides: ModelOverrides = {}, extra: Omit<RuleCase, 'name' | 'files'> = {}): RuleCase {
  return { name, files: cleanModelFiles(DIR, overrides), ...extra };
}

export function invalidModel(
  name: string,
  overrides: ModelOverrides,
  findings: (at: At, files: Files) => ExpectedFinding[],
  extra: Omit<RuleCase, 'name' | 'files'> = {},
): InvalidRuleCase {
  const files = cleanModelFiles(DIR, overrides);
  const at: At = (file, needle, occurrence = 1) => {
    const text = files[file];
    if (text === undefined) throw new Error(`no file ${file} in case "${name}"`);
    return lineOf(text, needle, occurrence);
  };
  return { name, files, findings: findings(at, files), ...extra };
}

export const error = (message: string, file: string, line: number): ExpectedFinding => ({ severity: 'error', message, file, line });
export const warn = (message: string, file: string, line: number): ExpectedFinding => ({ severity: 'warn', message, file, line });
