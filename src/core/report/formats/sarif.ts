// `--format sarif`: SARIF 2.1.0, for `github/codeql-action/upload-sarif` and any SARIF viewer.
// Every registered rule is described once (driver.rules, with its doc page); each finding is a
// result pointing at its file and line. A finding that stands for several places (37 placeholders
// of one card) keeps its first place as the result's location and lists every other one in
// `relatedLocations`, each with what is there, so a viewer can walk them all. Each rule carries
// its doc page as `help.markdown` (and `helpUri` when docs are published somewhere); each result
// carries `partialFingerprints` from rule, file and message (not the line), so code scanning
// keeps one alert per finding across runs and edits elsewhere in the file.
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import { ENGINE_RULE_ID } from '../../engine/run-rules.ts';
import type { Evaluation } from '../../engine/evaluate.ts';
import type { Finding, Rule } from '../../rules/define.ts';
import { rules as registeredRules } from '../../rules/index.ts';
import { controlTag } from '../../rules/frameworks.ts';
import { encodePath } from '../escape.ts';
import { DEFAULT_RULE_DOCS_URL, linkDestination, ruleDocUrl } from '../links.ts';
import { renderRuleDoc } from '../rule-doc.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  toolVersion: string;
  /**
   * Prepended to every (repository-relative) path: the checked directory's path inside the
   * git repository, so code scanning places results when the CLI checked a subdirectory.
   */
  pathPrefix?: string;
  /** Where rule docs are (see links.ts resolveRuleDocsUrl); default: the package's, if any; none: no `helpUri`. */
  ruleDocsUrl?: string;
  /** The tool's home page (`driver.informationUri`); omitted when not given. */
  informationUri?: string;
  /** Defaults to the registry; tests pass their own. */
  rules?: readonly Rule<any>[];
}

const LEVEL = { error: 'error', warn: 'warning' } as const;

/**
 * A plain-text SARIF message may carry embedded links, `[text](destination)` (SARIF 2.1.0
 * §3.11.6), which viewers render as hyperlinks, and the spec offers no escape for a literal
 * `](`. Messages quote PR text, so `](` becomes `] (`: no value can plant a link in a viewer.
 */
export function sarifText(message: string): string {
  return message.replace(/\]\(/g, '] (');
}

/** A rule's doc page as `help.markdown`: the generated docs/rules/<id>.md without its generator comment or relative links. */
function helpMarkdown(rule: Rule<any>): string {
  return renderRuleDoc(rule)
    .replace(/^<!--[^\n]*-->\n+/, '')
    .replace(/\n\[All rules\]\(README\.md\)\n*$/, '\n')
    .trimEnd();
}

function descriptor(rule: Rule<any>, docs: string | undefined): Sarif.ReportingDescriptor {
  const m = rule.meta;
  const helpUri = ruleDocUrl(docs, m.id);
  return {
    id: m.id,
    name: m.id.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: m.title },
    fullDescription: { text: m.rationale },
    help: { text: m.howToFix, markdown: helpMarkdown(rule) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: m.defaultSeverity === 'off' ? { enabled: false, level: 'warning' } : { level: LEVEL[m.defaultSeverity] },
    properties: { tags: ['mlops', m.area, ...new Set((m.controls ?? []).map(controlTag))], antipattern: m.antipattern },
  };
}

/** Findings of the engine itself (policy invalid, rule crashed, content missing) have no rule module. */
const ENGINE_DESCRIPTOR: Sarif.ReportingDescriptor = {
  id: ENGINE_RULE_ID,
  name: 'Modelgate',
  shortDescription: { text: 'modelgate could not check something it needed to (the gate fails closed)' },
  fullDescription: { text: 'An invalid policy, a rule that crashed, or an artifact whose content could not be read. modelgate reports these as errors instead of passing silently.' },
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['mlops', 'artifacts'] },
};

function byLocation(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * The message with what changes between runs without the finding changing taken out: numbers
 * (counts, line numbers, metric values) and runs of whitespace.
 */
function normalizedMessage(message: string): string {
  return message.replace(/\d+(?:\.\d+)?/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * `partialFingerprints` for code scanning's deduplication: a hash of rule, file and normalized
 * message (never the line, which moves with unrelated edits), numbered when one file holds
 * several findings that normalize alike (in file order), as GitHub's own fingerprints do (`:<n>`).
 */
function fingerprints(findings: readonly Finding[], prefix: string): Array<Record<string, string>> {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = createHash('sha256').update(`${f.ruleId}\0${prefix}${f.file}\0${normalizedMessage(f.message)}`).digest('hex').slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return { 'modelgateFindingHash/v1': `${hash}:${n}` };
  });
}

export function sarifLog(evaluation: Evaluation, options: SarifOptions): Sarif.Log {
  const docs = options.ruleDocsUrl ?? DEFAULT_RULE_DOCS_URL;
  const informationUri = options.informationUri ? linkDestination(options.informationUri) : undefined;
  const descriptors = [...(options.rules ?? registeredRules)].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)).map((r) => descriptor(r, docs));
  const findings = [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)].sort(byLocation);
  if (findings.some((f) => !descriptors.some((d) => d.id === f.ruleId))) descriptors.push(ENGINE_DESCRIPTOR);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/\/+$/, '')}/` : '';
  const physical = (file: string, region: Sarif.Region): Sarif.PhysicalLocation => ({ artifactLocation: { uri: encodePath(`${prefix}${file}`), uriBaseId: '%SRCROOT%' }, region });
  const prints = fingerprints(findings, prefix);
  const results: Sarif.Result[] = findings.map((f, i) => {
    const region: Sarif.Region = { startLine: Math.max(1, f.line) };
    if (f.column !== undefined && f.column > 0) region.startColumn = f.column;
    const primary: Sarif.Location = { physicalLocation: physical(f.file, region) };
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? index.get(ENGINE_RULE_ID)!,
      level: LEVEL[f.severity],
      message: { text: sarifText(f.message) },
      locations: [primary],
      partialFingerprints: prints[i]!,
    };
    // Finding.locations starts with the finding's own place: its note goes on the primary location.
    const [own, ...others] = f.locations ?? [];
    if (own?.note !== undefined) primary.message = { text: sarifText(own.note) };
    if (others.length > 0) {
      result.relatedLocations = others.map((l, i) => ({
        id: i + 1,
        physicalLocation: physical(l.file, { startLine: Math.max(1, l.line) }),
        ...(l.note === undefined ? {} : { message: { text: sarifText(l.note) } }),
      }));
    }
    return result;
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'modelgate', version: options.toolVersion, semanticVersion: options.toolVersion, ...(informationUri ? { informationUri } : {}), rules: descriptors } }, results }],
  };
}

export function formatSarif(evaluation: Evaluation, options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(evaluation, options), null, 2)}\n`;
}
