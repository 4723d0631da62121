// Rule parity (DESIGN §3): every rule file is registered, named after its id, known to the
// policy schema, documented with fresh generated docs, tested with at least MIN_CASES distinct
// valid and invalid cases, and reports exactly the messages it declares. Exits 1 listing every
// problem, so CI names exactly what to fix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_IDS } from '../src/core/policy/rule-ids.ts';
import { RISK_CLASSES } from '../src/core/rules/define.ts';
import { rules } from '../src/core/rules/index.ts';
import { optionRows } from '../src/core/report/rule-doc.ts';
import { errorMessage } from '../src/adapters/messages.ts';
import { caseCountProblems, collectDeclaredCases, MIN_CASES, reportedMessageIds } from '../test/helpers/rule-tester.ts';
import { root, staleDocs } from './generate-rule-docs.ts';

const rulesDir = join(root, 'src/core/rules');
const NOT_RULES = new Set(['index.ts', 'define.ts', 'frameworks.ts']);

/** Counts the cases test/core/rules/<id>.test.ts declares through testRule (see rule-tester.ts). */
async function caseProblems(id: string, testPath: string): Promise<string[]> {
  const file = `test/core/rules/${id}.test.ts`;
  let declared: Awaited<ReturnType<typeof collectDeclaredCases>>;
  try {
    declared = await collectDeclaredCases(() => import(pathToFileURL(testPath).href));
  } catch (error) {
    const reason = errorMessage(error);
    // vitest's describe/it throw outside a test run: other tests belong in another file.
    return [`${file} could not be loaded to count its cases (${reason}); a rule's test file declares its cases through testRule only`];
  }
  const problems = declared.filter((d) => d.ruleId !== id).map((d) => `${file} declares cases for rule ${d.ruleId}; they belong in test/core/rules/${d.ruleId}.test.ts`);
  if (!declared.some((d) => d.ruleId === id)) problems.push(`${file} never calls testRule('${id}', ...)`);
  else problems.push(...caseCountProblems(id, declared).map((p) => `${file}: ${p}`));
  return problems;
}

async function problemsFound(): Promise<{ errors: string[]; warnings: string[] }> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const files = readdirSync(rulesDir)
    .filter((n) => n.endsWith('.ts') && !NOT_RULES.has(n))
    .map((n) => n.slice(0, -3))
    .sort();
  const registered = rules.map((r) => r.meta.id);

  for (const id of files) if (!registered.includes(id)) errors.push(`src/core/rules/${id}.ts is not registered in src/core/rules/index.ts (or its meta.id differs from the file name)`);
  for (const id of registered) if (!files.includes(id)) errors.push(`rule ${id} is registered but src/core/rules/${id}.ts does not exist (meta.id must equal the file name)`);
  if (registered.join() !== [...registered].sort().join()) errors.push('src/core/rules/index.ts: rules are not sorted by id');
  for (const id of registered) if (!(RULE_IDS as readonly string[]).includes(id)) errors.push(`rule ${id} is missing from src/core/policy/rule-ids.ts (policies could not configure it)`);
  for (const id of RULE_IDS) if (!registered.includes(id)) errors.push(`src/core/policy/rule-ids.ts lists ${id}, which is not a registered rule`);

  for (const rule of rules) {
    const id = rule.meta.id;
    const sourcePath = join(rulesDir, `${id}.ts`);
    const source = existsSync(sourcePath) ? readFileSync(sourcePath, 'utf8') : '';
    const testPath = join(root, 'test/core/rules', `${id}.test.ts`);
    if (!existsSync(testPath)) errors.push(`rule ${id} has no test/core/rules/${id}.test.ts`);
    else errors.push(...(await caseProblems(id, testPath)));
    const reported = reportedMessageIds(source);
    for (const messageId of Object.keys(rule.meta.messages)) {
      if (!reported.ids.has(messageId)) errors.push(`rule ${id}: message "${messageId}" is declared but never reported`);
    }
    for (const messageId of reported.ids) {
      if (!Object.hasOwn(rule.meta.messages, messageId)) errors.push(`rule ${id}: reports messageId "${messageId}", which meta.messages does not define (the engine would report "rule crashed")`);
    }
    for (const expression of reported.dynamic) errors.push(`rule ${id}: messageId \`${expression}\` names no message literally; write the ids as literals so they can be checked`);
    if (!rule.meta.options.safeParse({}).success) errors.push(`rule ${id}: options must all have defaults (a policy may give none)`);
    // Reports list findings riskiest first by this class; without it a rule ranks by its antipattern and area (report/risk.ts).
    if (!(RISK_CLASSES as readonly string[]).includes(rule.meta.risk ?? '')) errors.push(`rule ${id}: meta.risk must be one of ${RISK_CLASSES.join(', ')} (reports rank its findings by it)`);
    if (!rule.meta.examples || rule.meta.examples.valid.length === 0 || rule.meta.examples.invalid.length === 0) warnings.push(`rule ${id}: no valid/invalid examples for its doc`);
    for (const o of optionRows(rule)) if (!o.description) warnings.push(`rule ${id}: option ${o.name} has no .describe() text for its doc`);
  }
  return { errors, warnings };
}

async function main(): Promise<number> {
  const { errors, warnings } = await problemsFound();
  const { stale, orphaned } = await staleDocs();
  for (const file of stale) errors.push(`${file} is missing or stale: run \`npm run docs\``);
  for (const file of orphaned) errors.push(`${file} documents no rule: run \`npm run docs\``);
  for (const w of warnings) console.warn(`warning: ${w}`);
  if (errors.length > 0) {
    console.error(`Rule parity: ${errors.length} problem(s):\n${errors.map((e) => `  ${e}`).join('\n')}`);
    return 1;
  }
  console.log(`Rule parity: ${rules.length} rules registered, documented, tested (≥${MIN_CASES.valid} valid and ≥${MIN_CASES.invalid} invalid cases each) and reporting exactly their declared messages.`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`check-rules: ${errorMessage(error)}`);
    process.exitCode = 1;
  },
);
