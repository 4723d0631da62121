// `modelgate evidence MODEL_DIR`: the evidence pack of one model for an examiner, one
// self-contained Markdown or HTML document (src/core/evidence). A report, not a gate: exit 0
// whatever it finds, 2 when it cannot run. The I/O is here: git for the commit and the blobs at
// it, GitHub for the last merge audit, the clock for the date, the file system for --out.
import { stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { evaluate } from '../../../core/engine/evaluate.ts';
import { CARD_MARKERS } from '../../../core/artifacts/index.ts';
import { buildEvidencePack, parseAuditEvidence, renderEvidenceHtml, renderEvidenceMarkdown, metricsChart, type AuditEvidence } from '../../../core/evidence/index.ts';
import { POLICY_PATHS } from '../../../core/policy/location.ts';
import { rules } from '../../../core/rules/index.ts';
import { FRAMEWORK_IDS, type FrameworkId } from '../../../core/rules/frameworks.ts';
import { TOOL_VERSION } from '../../../version.ts';
import { EXIT, RunFailure, UsageError, type Command } from '../command.ts';
import { latestAuditRun } from '../github-audits.ts';
import { lastCommitOf, listTree, repositoryOf, resolveCommit } from '../git.ts';
import { loadLocalCheck, type LocalCheck } from '../local-snapshot.ts';
import { countLine, withProgress } from '../progress.ts';
import { githubOption, todayOption } from '../report-options.ts';

const FORMATS = ['markdown', 'html'] as const;
type Format = (typeof FORMATS)[number];

const isFramework = (id: string): id is FrameworkId => (FRAMEWORK_IDS as readonly string[]).includes(id);

export const evidenceCommand: Command = {
  name: 'evidence',
  summary: 'write the evidence pack of one model: each framework control, its status and evidence',
  help: [
    'Usage: modelgate evidence MODEL_DIR [--framework F[,F...]] [--format markdown|html] [--out FILE]',
    '                         [--policy FILE] [--github OWNER/REPO] [--today YYYY-MM-DD]',
    '',
    'Writes one self-contained document about the model whose card is in MODEL_DIR, as it is in the',
    'working tree: for each control of the framework(s) its status (evidenced, partly, missing,',
    'waived), the rules mapped to it and the evidence (file, line, value, git blob SHA) or findings;',
    'the metrics against their baselines with their 95 % intervals, the lineage, the approvals and',
    'waivers of the last merge audit (with --github) and the policy\'s exemptions, with who granted',
    'them. The HTML has no script and loads nothing; print it to PDF from a browser.',
    '',
    'Options:',
    `  --framework F     ${FRAMEWORK_IDS.join(' | ')}, or several comma-separated`,
    '                    (default: the policy\'s `frameworks:`, else all four)',
    '  --format FORMAT   markdown | html (default: from the --out extension, else markdown)',
    '  --out FILE        write to FILE instead of standard output; with Markdown, the metrics chart',
    '                    is written beside it as FILE-without-extension.metrics.svg and linked',
    '  --policy FILE     the policy file to use (default: the repository\'s, as `check` reads it)',
    '  --github O/R      read the approvals and waivers of the model\'s last merge audit from the',
    '                    `modelgate / audit` check run of the merge commit that last changed it on',
    '                    GitHub repository O/R; needs a token in GITHUB_TOKEN (or GH_TOKEN)',
    '  --today DATE      the date the pack is dated (default: today, UTC)',
    '  -h, --help        show this help',
    '',
    'Exit status:',
    '  0  the pack was written (whatever the findings)',
    '  2  could not run: bad arguments, MODEL_DIR holds no model card, an invalid policy',
  ].join('\n'),
  options: {
    framework: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    policy: { type: 'string' },
    github: { type: 'string' },
    today: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`expected one MODEL_DIR, got ${positionals.length}${positionals.length > 0 ? `: ${positionals.join(' ')}` : ''}`);
    const frameworkArg = typeof values['framework'] === 'string' ? values['framework'] : undefined;
    const asked = frameworkArg === undefined ? undefined : [...new Set(frameworkArg.split(',').map((f) => f.trim()))];
    const unknown = asked?.find((f) => !isFramework(f));
    if (unknown !== undefined) throw new UsageError(`unknown framework '${unknown}': expected one of ${FRAMEWORK_IDS.join(', ')}`);
    const out = typeof values['out'] === 'string' ? values['out'] : undefined;
    const format = formatOf(typeof values['format'] === 'string' ? values['format'] : undefined, out);
    const today = todayOption(values);
    const policyArg = typeof values['policy'] === 'string' ? values['policy'] : undefined;
    const gh = githubOption(values);
    const dirArg = positionals[0]!;
    const dir = resolve(io.cwd, dirArg);

    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new RunFailure(`${dirArg}: no such directory`);
    const checked = await repositoryDirOf(dir);
    const { local, evaluation } = await withProgress(io, async (progress) => {
      const local = await loadLocalCheck({
        dir: checked,
        dirLabel: checked === dir ? dirArg : relative(io.cwd, checked) || '.',
        all: true,
        ...(policyArg !== undefined ? { policyFile: resolve(io.cwd, policyArg), policyLabel: policyArg } : {}),
        onProgress: (round, done, total) => progress.update(countLine('reading', done, total, `models (pass ${round + 1})`)),
      });
      return { local, evaluation: evaluate(local.snapshot, local.policy) };
    });
    for (const note of local.notes) io.err(`modelgate evidence: ${note}`);
    const model = evaluation.models.find((m) => !m.removed && resolve(local.root, m.dir) === dir);
    if (!model) {
      const under = evaluation.models.filter((m) => !m.removed && resolve(local.root, m.dir).startsWith(`${dir}/`)).map((m) => relative(io.cwd, resolve(local.root, m.dir)));
      const readme = (await stat(join(dir, 'README.md')).then((s) => s.isFile(), () => false))
        ? `: its README.md is not read as a model card (its front matter has none of ${CARD_MARKERS.join(', ')}, and the directory is not under the policy's models.paths)`
        : ' (no model card directly in it)';
      throw new UsageError(`${dirArg} is not a model directory${readme}${under.length > 0 ? `; models under it: ${under.join(', ')}` : ''}`);
    }
    const policyFrameworks = evaluation.policy.frameworks.filter(isFramework);
    const frameworks = (asked as FrameworkId[] | undefined) ?? (policyFrameworks.length > 0 ? policyFrameworks : [...FRAMEWORK_IDS]);

    const commit = local.repository ? headCommit(local.root) : undefined;
    const audit = gh !== undefined ? await readAudit(local, model.dir, gh.repository, gh.token) : undefined;
    const pack = buildEvidencePack({
      evaluation,
      model,
      frameworks,
      rules,
      ...policyOf(local, io.cwd, policyArg),
      ...(commit ? { commit: commit.sha, blobsAtCommit: commit.blobs } : {}),
      ...(audit?.evidence ? { audit: audit.evidence } : { auditNote: audit?.note ?? 'No merge audit was read: run with --github OWNER/REPO (and a token) to add the approvals and waivers of the pull request that last changed this model.' }),
      generatedOn: today,
      toolVersion: TOOL_VERSION,
    });

    if (out === undefined) {
      io.out((format === 'html' ? renderEvidenceHtml(pack) : renderEvidenceMarkdown(pack)).replace(/\r?\n$/, ''));
      return EXIT.ok;
    }
    const outPath = resolve(io.cwd, out);
    const written = [out];
    if (format === 'html') await writeOut(outPath, renderEvidenceHtml(pack), out);
    else {
      // GitHub's Markdown cannot inline an SVG: the chart goes beside the file, linked relatively.
      const chart = metricsChart(pack.metrics);
      const chartPath = `${outPath.slice(0, outPath.length - extname(outPath).length)}.metrics.svg`;
      if (chart) {
        const label = isAbsolute(out) ? chartPath : relative(io.cwd, chartPath);
        await writeOut(chartPath, `${chart}\n`, label);
        written.push(label);
      }
      await writeOut(outPath, renderEvidenceMarkdown(pack, chart ? { chartHref: encodeURI(basename(chartPath)) } : {}), out);
    }
    io.err(`modelgate evidence: wrote ${written.join(' and ')}`);
    return EXIT.ok;
  },
};

/**
 * The directory to check so the model is seen as `modelgate check` sees it: the nearest directory
 * at or above MODEL_DIR that holds a policy of its own (a demo layout such as examples/, which
 * `check` treats as a repository), else MODEL_DIR itself, which loadLocalCheck places in its git
 * repository. Inside git the walk stops below the top level: that one loadLocalCheck finds anyway.
 */
async function repositoryDirOf(modelDir: string): Promise<string> {
  const top = repositoryOf(modelDir)?.topLevel;
  for (let at = modelDir; ; at = dirname(at)) {
    if (top !== undefined && resolve(at) === resolve(top)) return modelDir;
    for (const path of POLICY_PATHS) if (await stat(join(at, path)).then((s) => s.isFile(), () => false)) return at;
    if (dirname(at) === at) return modelDir;
  }
}

function formatOf(explicit: string | undefined, out: string | undefined): Format {
  if (explicit !== undefined) {
    if (!(FORMATS as readonly string[]).includes(explicit)) throw new UsageError(`unknown format '${explicit}': expected one of ${FORMATS.join(', ')}`);
    return explicit as Format;
  }
  const ext = out === undefined ? '' : extname(out).toLowerCase();
  return ext === '.html' || ext === '.htm' ? 'html' : 'markdown';
}

async function writeOut(path: string, text: string, label: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new RunFailure(`--out ${label}: cannot write the file (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** HEAD and its blobs; undefined in a repository with no commit yet. */
function headCommit(root: string): { sha: string; blobs: Map<string, string> } | undefined {
  let sha: string;
  try {
    sha = resolveCommit('HEAD', root);
  } catch {
    return undefined;
  }
  const blobs = new Map([...listTree(sha, root)].map(([path, blob]) => [path, blob.sha]));
  return { sha, blobs };
}

/**
 * How the pack names the policy, and who granted its exemptions: the policy file records a reason
 * for each, not a person, so the grantor is the file and the last commit that changed it.
 */
function policyOf(local: LocalCheck, cwd: string, policyArg: string | undefined): { policyLabel: string; exemptionsGrantedBy: string } {
  const ref = local.policyRef;
  if (!ref) return { policyLabel: 'the built-in defaults (no policy file)', exemptionsGrantedBy: 'the built-in defaults' };
  const label = `${ref.path}${ref.ref ? ` at ${ref.ref}` : ''}${local.policy.sha256 ? ` (sha256 ${local.policy.sha256.slice(0, 12)})` : ''}`;
  const inRoot = policyArg !== undefined ? relative(local.root, resolve(cwd, policyArg)) : ref.path;
  const last = local.repository && !inRoot.startsWith('..') ? lastCommitOf(inRoot, local.root) : undefined;
  const grantor = `the policy file ${ref.path}${last ? `, last changed in ${last.sha.slice(0, 12)} by ${last.author} on ${last.date.slice(0, 10)}` : ''}`;
  return { policyLabel: label, exemptionsGrantedBy: grantor };
}

async function readAudit(local: LocalCheck, modelDir: string, repository: string, token: string): Promise<{ evidence?: AuditEvidence; note?: string }> {
  if (!local.repository) throw new RunFailure('--github needs MODEL_DIR to be in a git repository (merge commits are found with git log)');
  const merge = lastCommitOf(modelDir, local.root, { firstParent: true });
  if (!merge) return { note: `No merge audit: git has no commit that changed ${modelDir || '.'}.` };
  const source = { repository, token, apiUrl: process.env['GITHUB_API_URL'] || 'https://api.github.com' };
  const latest = await latestAuditRun(source, fetch, merge.sha);
  const evidence = latest ? parseAuditEvidence(latest.output?.summary ?? '', modelDir, { repository, commit: merge.sha, date: latest.completed_at }) : undefined;
  return evidence ? { evidence } : { note: `No merge audit of ${modelDir || '.'} on commit ${merge.sha.slice(0, 12)} in ${repository} (no \`modelgate / audit\` check run naming it).` };
}
