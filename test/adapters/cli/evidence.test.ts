// `modelgate evidence` run for real (in-process, the same dispatch as the binary): on the demo
// model with planted antipatterns in this repository, as the acceptance names it; on a
// copy of examples/ outside git and inside a fresh git repository; and its usage errors.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { git, root, runInProcess } from './harness.ts';

const sandbox = mkdtempSync(join(tmpdir(), 'modelgate-evidence-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function examplesCopy(): string {
  const dir = mkdtempSync(join(sandbox, 'examples-'));
  cpSync(join(root, 'examples'), dir, { recursive: true });
  return dir;
}

/** Control -> status, from the Markdown summary table of one framework section. */
function statuses(markdown: string, framework: string): Record<string, string> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(framework))!;
  const rows = [...section.matchAll(/^\| (.+?) \| [✔◐✘⊘] (evidenced|partly|missing|waived) \| /gm)];
  return Object.fromEntries(rows.map((m) => [m[1]!.replace(/\\(.)/g, '$1'), m[2]!]));
}

// fraud-planted has no fallback, no monitoring plan, no uncertainty, no baseline, tuning
// parameters that differ from the best trial and trials selected on the test set: each is an
// open finding of a rule mapped to the controls below. No baseline also leaves
// evaluation-no-regression nothing to check, so Art. 15(1) has no evidence either.
const FRAUD_EU_AI_ACT = {
  'Art. 10(2)(b)': 'partly',
  'Art. 10(2)(c)': 'partly',
  'Art. 10(2)(f)': 'partly',
  'Art. 10(3)': 'partly',
  'Art. 11(1)': 'partly',
  'Art. 13(3)(b)(i)': 'partly',
  'Art. 13(3)(b)(ii)': 'missing',
  'Art. 13(3)(b)(iii)': 'partly',
  'Art. 13(3)(b)(iv)': 'partly',
  'Art. 13(3)(b)(v)': 'partly',
  'Art. 13(3)(e)': 'partly',
  'Art. 15(1)': 'missing',
  'Art. 15(3)': 'missing',
  'Art. 15(4)': 'missing',
  'Annex IV(1)(a)': 'partly',
  'Annex IV(2)(b)': 'missing',
  'Annex IV(2)(d)': 'partly',
  'Annex IV(2)(g)': 'missing',
  'Annex IV(3)': 'partly',
  'Annex IV(6)': 'partly',
  'Annex IV(9)': 'missing',
};

describe('modelgate evidence examples/models/fraud-planted --framework eu-ai-act', () => {
  it('writes the Markdown pack to stdout with the exact status of every control', async () => {
    const { code, stdout, stderr } = await runInProcess(root, 'evidence', 'examples/models/fraud-planted', '--framework', 'eu-ai-act', '--today', '2026-12-06');
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout.split('\n')[0]).toBe('# Evidence pack: card\\-fraud\\-detector 1\\.3\\.0');
    expect(statuses(stdout, 'EU AI Act')).toEqual(FRAUD_EU_AI_ACT);
    expect(stdout).toContain('0 evidenced · 14 partly · 7 missing · 0 waived.');
    // The lineage leaks are evidence against Annex IV(2)(g) (validation and testing procedures and data).
    expect(stdout).toContain('Status: 4 open findings of evaluation\\-baseline\\-compared\\, lineage\\-split\\-before\\-fit\\, lineage\\-temporal\\-split\\, tuning\\-log\\-no\\-test\\-leakage.');
    expect(stdout).toContain('| `lineage-split-before-fit` | partly | failed | ✘ `models/fraud-planted/lineage.yaml:25` `scale` \\(normalize\\) is fit on all rows before `split`');
    // Every finding of the model is under a control here: no "Other findings".
    expect(stdout).not.toContain('## Other findings');
    expect(stdout).toContain('```mermaid\nflowchart LR');
    // examples/ holds a policy of its own: the pack reads it, as `modelgate check examples` does.
    expect(stdout).toMatch(/^\| Policy \| \\\.github\\\/modelgate\\\.yml \\\(sha256 [0-9a-f]{12}\\\) \|$/m);
  });

  it('--out FILE.html writes the self-contained HTML pack', async () => {
    const out = join(sandbox, 'fraud.html');
    const { code, stdout, stderr } = await runInProcess(root, 'evidence', 'examples/models/fraud-planted', '--framework', 'eu-ai-act', '--today', '2026-12-06', '--out', out);
    expect([code, stdout, stderr]).toEqual([0, '', `modelgate evidence: wrote ${out}`]);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<h1>Evidence pack: card-fraud-detector 1.3.0</h1>');
    // A finding's quoted values are code, with the prose's spaces around them kept.
    expect(html).toContain('No monitoring plan: add <code>governance.monitoring</code> with a drift check');
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<span class="badge s-missing">✘ missing<\/span>/g)).toHaveLength(14); // 7 in the table, 7 on the controls
  });
});

describe('modelgate evidence on a copy of examples/', () => {
  it('outside git: no commit; the Markdown gets its chart as an SVG file beside it', async () => {
    const dir = examplesCopy();
    const { code, stderr } = await runInProcess(dir, 'evidence', 'models/churn-clean', '--framework', 'nist-ai-rmf', '--today', '2026-12-06', '--out', 'pack.md');
    expect([code, stderr]).toEqual([0, 'modelgate evidence: wrote pack.md and pack.metrics.svg']);
    const markdown = readFileSync(join(dir, 'pack.md'), 'utf8');
    expect(markdown).toContain('| Commit | not in a git repository |');
    expect(markdown).toContain('![Metrics against baselines, with 95 % intervals](pack.metrics.svg)');
    expect(readFileSync(join(dir, 'pack.metrics.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /);
    expect(Object.values(statuses(markdown, 'NIST')).every((s) => s === 'partly')).toBe(true);
  });

  it('in git: names the commit and whether each file is the committed blob', async () => {
    const dir = examplesCopy();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'models');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    const card = join(dir, 'models/churn-clean/MODEL_CARD.md');
    writeFileSync(card, `${readFileSync(card, 'utf8')}\nEdited.\n`);
    const { code, stdout } = await runInProcess(dir, 'evidence', 'models/churn-clean', '--framework', 'eu-ai-act', '--today', '2026-12-06');
    expect(code).toBe(0);
    expect(stdout).toContain(`| Commit | \`${head}\` |`);
    expect(stdout).toMatch(/^\| `models\/churn-clean\/MODEL_CARD.md` \| `[0-9a-f]{40}` \| no \(changed in the working tree\) \|$/m);
    expect(stdout).toMatch(/^\| `models\/churn-clean\/lineage.yaml` \| `[0-9a-f]{40}` \| yes \|$/m);
    // Exemptions are granted by the policy file: git says who last changed it.
    expect(stdout).toContain("The policy exempts none of this model's findings.");
  });

  it('defaults to every framework when neither --framework nor the policy names one', async () => {
    const { code, stdout } = await runInProcess(examplesCopy(), 'evidence', 'models/sentiment-hf', '--today', '2026-12-06');
    expect(code).toBe(0);
    expect([...stdout.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
      'SR 11\\-7 Supervisory Guidance on Model Risk Management',
      'EU AI Act',
      'NIST AI Risk Management Framework 1\\.0',
      'ISO\\/IEC 42001\\:2023 AI management system',
      'Metrics against baselines',
      'Lineage',
      'Approvals and waivers',
      'Exemptions',
      'Files',
      'How to read this',
    ]);
  });
});

describe('modelgate evidence --github', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('reads approvals and waivers from the audit check run of the last merge: a waived finding makes its control waived', async () => {
    const dir = examplesCopy();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'models');
    const merge = git(dir, 'rev-parse', 'HEAD').trim();
    const record = {
      models: [{ path: 'models/fraud-planted' }],
      approvals: [{ user: 'ada', via: 'review', commit: 'abc1234' }],
      waivers: [{ ruleId: 'operations-fallback-declared', by: 'risk-lead', reason: 'Payments fall back to the rules engine by design.' }],
      decision: 'approved',
    };
    const asked: string[] = [];
    vi.stubEnv('GITHUB_TOKEN', 'test-token');
    vi.stubEnv('GITHUB_API_URL', 'https://github.example/api/v3');
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      const summary = `Pull request #42 merged.\n\n\`\`\`json\n${JSON.stringify(record)}\n\`\`\`\n`;
      return new Response(JSON.stringify({ check_runs: [{ id: 9, name: 'modelgate / audit', completed_at: '2026-11-30T10:00:00Z', output: { summary } }] }), { status: 200 });
    });
    const { code, stdout } = await runInProcess(dir, 'evidence', 'models/fraud-planted', '--framework', 'eu-ai-act', '--github', 'acme/models', '--today', '2026-12-06');
    expect(code).toBe(0);
    expect(asked).toEqual([`https://github.example/api/v3/repos/acme/models/commits/${merge}/check-runs?check_name=modelgate%20%2F%20audit&per_page=100`]);
    expect(statuses(stdout, 'EU AI Act')['Art. 15(4)']).toBe('waived');
    expect(stdout).toContain(`From the \`modelgate / audit\` check run of pull request #42 (merge commit \`${merge.slice(0, 12)}\`, 2026\\-11\\-30T10\\:00\\:00Z) in acme\\/models: decision \`approved\`.`);
    expect(stdout).toContain('Approved by: ada (review, at `abc1234`).');
    expect(stdout).toContain('| `operations-fallback-declared` | risk\\-lead | Payments fall back to the rules engine by design\\. |');
    expect(stdout).toContain('⊘ `models/fraud-planted/MODEL_CARD.md:15`');
  });
});

describe('modelgate evidence usage errors (exit 2)', () => {
  it.each([
    [['evidence'], 'modelgate evidence: expected one MODEL_DIR, got 0'],
    [['evidence', 'models/fraud-planted', '--framework', 'sox'], "modelgate evidence: unknown framework 'sox': expected one of sr-11-7, eu-ai-act, nist-ai-rmf, iso-42001"],
    [['evidence', 'models/fraud-planted', '--format', 'pdf'], "modelgate evidence: unknown format 'pdf': expected one of markdown, html"],
    [['evidence', 'models/fraud-planted', '--today', '6 Dec'], "modelgate evidence: --today takes a date such as 2027-06-01, got '6 Dec'"],
    [['evidence', 'models'], 'modelgate evidence: models is not a model directory (no model card directly in it); models under it: models/churn-clean, models/fraud-planted, models/sentiment-hf'],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await runInProcess(examplesCopy(), ...argv);
    expect([code, stdout, stderr]).toEqual([2, '', `${message}\nRun 'modelgate evidence --help' for usage.`]);
  });

  it('a directory whose README.md is no model card says why', async () => {
    const dir = examplesCopy();
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/README.md'), '---\ntags: [notes]\n---\n# Notes\n');
    const { code, stderr } = await runInProcess(dir, 'evidence', 'docs');
    expect([code, stderr]).toEqual([
      2,
      "modelgate evidence: docs is not a model directory: its README.md is not read as a model card (its front matter has none of governance, model-index, base_model, pipeline_tag, library_name, and the directory is not under the policy's models.paths)\nRun 'modelgate evidence --help' for usage.",
    ]);
  });

  it('a directory that does not exist', async () => {
    const { code, stderr } = await runInProcess(examplesCopy(), 'evidence', 'models/nope');
    expect([code, stderr]).toEqual([2, 'modelgate evidence: models/nope: no such directory']);
  });
});
