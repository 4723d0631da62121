// A model that changes under the same version cannot be rolled back to, audited or told apart
// in monitoring: "2.3.0" would name two different models. So a change to an existing model's
// files must raise governance.version above the base branch's.
import { z } from 'zod';
import { isRecord, lineOf } from '../artifacts/source.ts';
import type { ModelCard } from '../artifacts/types.ts';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { governanceFile } from './support/locate.ts';
import { governanceDeclared } from './support/governance.ts';
import { compareSemver, parseSemver } from './support/semver.ts';
import { plural } from './support/wording.ts';

/** The version as written: the parser drops a non-semver value, but the card still shows it. */
function writtenVersion(card: ModelCard): string | undefined {
  if (card.governance?.version !== undefined) return card.governance.version;
  const raw = isRecord(card.metadata.governance) ? card.metadata.governance.version : undefined;
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
}

/** Key-order-independent JSON, so a reformatted front matter is not a metadata change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The card's metadata without `governance.version`: what a prose-only edit leaves unchanged. */
function metadataSansVersion(card: ModelCard): string {
  const { governance, ...rest } = card.metadata;
  if (!isRecord(governance)) return canonical(card.metadata);
  const { version: _version, ...otherGovernance } = governance;
  return canonical({ ...rest, governance: otherGovernance });
}

/** `v2.4` -> `2.4.0`: the semver a near-miss most likely meant. */
function coerced(written: string): string | undefined {
  const m = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/i.exec(written);
  return m ? `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}` : undefined;
}

function describeChanges(files: string[], cardPath: string): string {
  const shown = `\`${files.find((f) => f !== cardPath) ?? files[0]!}\``;
  return files.length === 1 ? shown : `${shown} and ${plural(files.length - 1, 'more file')}`;
}

export default defineRule({
  meta: {
    id: 'model-card-version-bumped',
    title: 'Model version increases when the model changes',
    antipattern: 'versioning / rollback',
    area: 'card',
    risk: 'documentation',
    rationale:
      'Rollback, audit and monitoring all name a model by its version; two different models under one version make ' +
      'a rollback target ambiguous and an incident impossible to trace. A new model (absent on the base branch) needs no bump; ' +
      'an edit to the card\'s prose alone (metadata unchanged) is not a model change.',
    howToFix: 'Raise `governance.version` above the base branch\'s (semver: patch for a retrain, minor for new features, major for a new interface).',
    defaultSeverity: 'error',
    appliesTo: 'card',
    controls: [partly(C.euAnnexIV_1a), partly(C.euAnnexIV_6), partly(C.srInventory)],
    options: z.object({}),
    messages: {
      missing: 'The model changed ({{changed}}) but the card has no {{field}}: add {{add}}.',
      invalid: 'Model version `{{version}}` is not a semantic version (MAJOR.MINOR.PATCH): write it as `"{{suggested}}"` (quoted: YAML reads an unquoted 2.4 as a number).',
      notBumped: 'The model changed ({{changed}}) but its version is still {{version}}, as on the base branch: raise {{field}}, e.g. to {{suggested}}.',
      lowered:
        'The model changed ({{changed}}) but its version {{version}} is lower than {{baseVersion}} on the base branch: raise {{field}} above it, e.g. to {{suggested}}.',
    },
    examples: {
      valid: ['# base: version: 2.3.0, model.txt changed\ngovernance:\n  version: 2.4.0'],
      invalid: ['# base: version: 2.3.0, model.txt changed\ngovernance:\n  version: 2.3.0', 'governance:\n  version: "2.4"          # not semver'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model?.base || model.changedFiles.length === 0) return [];
    const { card, cardPath } = model.head;
    const file = governanceFile(model.head);
    // A card with no block has no version because it has no block (model-card-governance's
    // finding); one whose front matter cannot be read may well have one (artifact-parseable's).
    if (!governanceDeclared(card)) return [];
    const baseCard = model.base.card;
    const cardOnly = model.changedFiles.every((f) => f === cardPath || f === model.base!.cardPath);
    if (cardOnly && metadataSansVersion(card) === metadataSansVersion(baseCard)) return [];

    const baseWritten = writtenVersion(baseCard);
    const baseVersion = baseWritten === undefined ? undefined : parseSemver(baseWritten);
    const suggested = baseVersion ? `${baseVersion.major}.${baseVersion.minor}.${baseVersion.patch + 1}` : '1.0.0';
    const changed = describeChanges(model.changedFiles, cardPath);
    const written = writtenVersion(card);
    // In the card's own format: a Model Card Toolkit card without a governance.yaml versions itself in `model_details`.
    const mct = card.format === 'mct-model-card' && model.head.governancePath === undefined;
    const field = mct ? '`model_details.version.name`' : '`governance.version`';
    if (written === undefined) {
      const line = card.governance ? card.governance.line : 1;
      const add = mct ? `\`"version": {"name": "${suggested}"}\` to \`model_details\`` : `\`version: "${suggested}"\``;
      return [{ messageId: 'missing', data: { changed, field, add }, file, line }];
    }
    const line = lineOf(card.locations, 'governance.version');
    const version = parseSemver(written);
    if (!version) return [{ messageId: 'invalid', data: { version: written, suggested: coerced(written) ?? suggested }, file, line }];
    // A base without a (valid) version gives nothing to compare with: any valid version is an increase.
    if (!baseVersion) return [];
    const order = compareSemver(version, baseVersion);
    if (order > 0) return [];
    const data = { changed, version: written, baseVersion: baseWritten!, suggested, field };
    return [{ messageId: order === 0 ? 'notBumped' : 'lowered', data, file, line }];
  },
});
