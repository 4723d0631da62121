// The GitHub Action (DESIGN §7): the same review as the App, run by a workflow with its token.
// On a pull request event it runs reviewPullRequest (reviews and commands read through the
// API, so the decision is the App's), publishes the decision as the commit status
// `modelgate/approval` (never check runs with the App's names: branch protection pins the App),
// and reports in the job: summary, annotations, outputs, the JSON report, SARIF when asked.
// `schedule`/`workflow_dispatch` check every model of the workspace, as `modelgate check --all`.
// Everything GitHub-specific comes in through `ActionEnv`, so tests can drive it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Octokit } from '@octokit/rest';
import { evaluate, type Evaluation } from '../../core/engine/evaluate.ts';
import { jsonReport, type JsonReport } from '../../core/report/formats/json.ts';
import { formatSarif } from '../../core/report/formats/sarif.ts';
import { formatMarkdown } from '../../core/report/formats/markdown.ts';
import { resolveRuleDocsUrl } from '../../core/report/links.ts';
import { renderComment } from '../../core/report/render.ts';
import { TOOL_VERSION } from '../../version.ts';
import { errorMessage, pluralize } from '../messages.ts';
import { loadLocalCheck } from '../cli/local-snapshot.ts';
import { octokitClient, type GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';
import { APPROVAL_STATUS, LaggingReadError, reviewPullRequest, type ReviewOptions } from '../github/review.ts';
import { octokitInventoryClient, type InventoryClient } from '../github/inventory-client.ts';
import { keepWorkspaceInventory } from './inventory.ts';

export type FailOn = 'error' | 'warn' | 'never';
export type Gate = 'status' | 'fail' | 'off';

export interface ActionInputs {
  token: string;
  policy?: string;
  failOn: FailOn;
  comment: boolean;
  gate: Gate;
  sarifFile?: string;
  /** Where rule docs are, for the links of the comment, summary and SARIF (links.ts resolveRuleDocsUrl). */
  ruleDocsUrl?: string;
  /** Keep the repository's "Model inventory" issue on `push` to the default branch and on `schedule`/`workflow_dispatch` (inventory.ts). */
  inventory: boolean;
}

/** What the Action needs from @actions/core (tests may pass a recorder). */
export interface ActionIo {
  info(message: string): void;
  warning(message: string, props?: { file?: string; startLine?: number; title?: string }): void;
  error(message: string, props?: { file?: string; startLine?: number; title?: string }): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  summary(markdown: string): Promise<void>;
}

export interface ActionEnv {
  eventName: string;
  eventPath?: string;
  repository: string;
  apiUrl: string;
  serverUrl: string;
  workspace: string;
  /** Where the JSON report is written (RUNNER_TEMP, else the workspace). */
  tempDir: string;
  /** GITHUB_SHA and GITHUB_REF_NAME: the commit and branch the workflow runs on. */
  sha?: string;
  refName?: string;
}

/** Who writes the comment with a workflow's GITHUB_TOKEN. */
const BOT_LOGIN = 'github-actions[bot]';

function parseChoice<T extends string>(name: string, value: string, choices: readonly T[], fallback: T): T {
  const v = value.trim().toLowerCase();
  if (v === '') return fallback;
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new Error(`input ${name}: expected one of ${choices.join(', ')}, got '${value}'`);
}

export function readInputs(getInput: (name: string) => string): ActionInputs {
  const comment = getInput('comment').trim().toLowerCase();
  const inventory = parseChoice('inventory', getInput('inventory'), ['true', 'false'] as const, 'false');
  const format = parseChoice('format', getInput('format'), ['json', 'sarif'] as const, 'json');
  const sarif = getInput('sarif-file').trim();
  const policy = getInput('policy').trim();
  const docs = getInput('docs-url').trim();
  const ruleDocsUrl = resolveRuleDocsUrl(docs ? { explicit: docs } : {});
  if (docs && ruleDocsUrl !== docs) throw new Error(`input docs-url: expected an http(s) URL (with {id} where the rule id goes, or a folder to which <rule-id>.md is appended), got '${docs}'`);
  return {
    token: getInput('github-token'),
    ...(policy ? { policy } : {}),
    failOn: parseChoice('fail-on', getInput('fail-on'), ['error', 'warn', 'never'] as const, 'error'),
    comment: comment === '' ? true : !['false', 'no', 'off', '0'].includes(comment),
    gate: parseChoice('gate', getInput('gate'), ['status', 'fail', 'off'] as const, 'status'),
    ...(sarif || format === 'sarif' ? { sarifFile: sarif || 'modelgate.sarif' } : {}),
    ...(ruleDocsUrl ? { ruleDocsUrl } : {}),
    inventory: inventory === 'true',
  };
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'issue_comment']);
const FULL_EVENTS = new Set(['schedule', 'workflow_dispatch']);

interface PullLike {
  number: number;
  user?: { login?: string } | null;
  head: { sha: string };
  base: { sha: string };
  updated_at?: string;
  /** How many files the pull request changes: every page of its file list is then read at once. */
  changed_files?: number;
}

function countsOf(evaluation: Evaluation) {
  return { errors: evaluation.errors, warnings: evaluation.warnings };
}

function annotate(io: ActionIo, evaluation: Evaluation): void {
  for (const f of [...evaluation.findings, ...evaluation.models.flatMap((m) => m.findings)]) {
    const props = { file: f.file, startLine: Math.max(1, f.line), title: f.ruleId };
    if (f.severity === 'error') io.error(f.message, props);
    else io.warning(f.message, props);
  }
}

async function writeOutputs(io: ActionIo, env: ActionEnv, inputs: ActionInputs, evaluation: Evaluation, decision: JsonReport['decision']): Promise<string> {
  const report: JsonReport = { ...jsonReport(evaluation, TOOL_VERSION), decision };
  const reportPath = join(env.tempDir, 'modelgate-report.json');
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  if (inputs.sarifFile) {
    const sarifPath = resolve(env.workspace, inputs.sarifFile);
    await mkdir(dirname(sarifPath), { recursive: true });
    await writeFile(sarifPath, formatSarif(evaluation, { toolVersion: TOOL_VERSION, ...(inputs.ruleDocsUrl ? { ruleDocsUrl: inputs.ruleDocsUrl } : {}) }));
  }
  const { errors, warnings } = countsOf(evaluation);
  io.setOutput('decision', decision);
  io.setOutput('errors', String(errors));
  io.setOutput('warnings', String(warnings));
  io.setOutput('report', reportPath);
  return reportPath;
}

function failOnFindings(io: ActionIo, inputs: ActionInputs, evaluation: Evaluation): boolean {
  const { errors, warnings } = countsOf(evaluation);
  if (inputs.failOn === 'error' && errors > 0) {
    io.setFailed(`modelgate: ${pluralize(errors, 'error')} found`);
    return true;
  }
  if (inputs.failOn === 'warn' && errors + warnings > 0) {
    io.setFailed(`modelgate: ${pluralize(errors, 'error')}, ${pluralize(warnings, 'warning')} found (fail-on: warn)`);
    return true;
  }
  return false;
}

async function readEvent(env: ActionEnv): Promise<Record<string, any>> {
  if (!env.eventPath) return {};
  return JSON.parse(await readFile(env.eventPath, 'utf8')) as Record<string, any>;
}

/** Runs the Action. Never throws: a failure fails the step, saying why. */
export async function runAction(
  env: ActionEnv,
  inputs: ActionInputs,
  io: ActionIo,
  clientFor: (token: string, apiUrl: string) => GitHubClient = defaultClient,
  inventoryClientFor: (token: string, apiUrl: string) => InventoryClient = defaultInventoryClient,
): Promise<void> {
  try {
    if (PR_EVENTS.has(env.eventName)) return await reviewPull(env, inputs, io, clientFor);
    if (FULL_EVENTS.has(env.eventName)) {
      const evaluation = await checkWorkspace(env, inputs, io);
      if (inputs.inventory) await keepWorkspaceInventory(env, inputs, io, () => evaluation, await readEvent(env), inventoryClientFor);
      return;
    }
    if (env.eventName === 'push' && inputs.inventory) {
      const evaluationOf = async () => {
        const local = await loadWorkspace(env, inputs, io);
        return evaluate(local.snapshot, local.policy);
      };
      return await keepWorkspaceInventory(env, inputs, io, evaluationOf, await readEvent(env), inventoryClientFor);
    }
    io.info(
      `modelgate: nothing to review on a ${env.eventName} event (it reviews pull_request, pull_request_target, pull_request_review and issue_comment events on pull requests, checks every model on schedule and workflow_dispatch, and with inventory: true keeps the "Model inventory" issue on push)`,
    );
  } catch (error) {
    io.setFailed(`modelgate: ${errorMessage(error)}`);
  }
}

function actionOctokit(token: string, apiUrl: string): Octokit {
  return new Octokit({ auth: token, baseUrl: apiUrl.replace(/\/$/, ''), userAgent: `modelgate-action/${TOOL_VERSION}` });
}

function defaultClient(token: string, apiUrl: string): GitHubClient {
  return octokitClient(actionOctokit(token, apiUrl));
}

function defaultInventoryClient(token: string, apiUrl: string): InventoryClient {
  return octokitInventoryClient(actionOctokit(token, apiUrl));
}

async function reviewPull(env: ActionEnv, inputs: ActionInputs, io: ActionIo, clientFor: (token: string, apiUrl: string) => GitHubClient): Promise<void> {
  const event = await readEvent(env);
  const [owner, repo] = env.repository.split('/') as [string, string];
  if (!owner || !repo) throw new Error(`GITHUB_REPOSITORY is not owner/repo: '${env.repository}'`);
  if (env.eventName === 'issue_comment' && !event['issue']?.pull_request) {
    io.info('modelgate: the comment is on an issue, not a pull request: nothing to review');
    return;
  }
  const number = Number(event['pull_request']?.number ?? event['issue']?.number);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`the ${env.eventName} event names no pull request`);
  if (!inputs.token) throw new Error('input github-token is empty');
  const client = clientFor(inputs.token, env.apiUrl);
  // A review or a comment event's copy of the PR may be older than the PR: read it.
  let pull = event['pull_request'] as PullLike | undefined;
  if (env.eventName !== 'pull_request' && env.eventName !== 'pull_request_target') pull = undefined;
  if (!pull) pull = await readPull(inputs.token, env.apiUrl, owner, repo, number);
  if (inputs.policy) io.warning(`input policy (${inputs.policy}) is not used on pull requests: the policy of the base branch applies, so a change cannot relax its own gate`);
  const pr: PullRequestRef = {
    owner,
    repo,
    number,
    author: pull.user?.login ?? 'ghost',
    headSha: pull.head.sha,
    baseSha: pull.base.sha,
    serverUrl: env.serverUrl.replace(/\/$/, ''),
    ...(pull.updated_at ? { updatedAt: pull.updated_at } : {}),
    ...(typeof pull.changed_files === 'number' ? { changedFiles: pull.changed_files } : {}),
  };
  let result;
  try {
    const extra = eventExtra(env.eventName, event);
    for (let attempt = 1; result === undefined; attempt++) {
      try {
        result = await reviewPullRequest(client, pr, {
          toolVersion: TOOL_VERSION,
          author: { botLogin: BOT_LOGIN },
          comment: inputs.comment,
          tolerateReadOnly: true,
          publish: inputs.gate === 'status' ? 'status' : 'none',
          ...(inputs.ruleDocsUrl ? { ruleDocsUrl: inputs.ruleDocsUrl } : {}),
          ...extra,
        });
      } catch (error) {
        // GitHub's API may not show the event's review or comment yet: as the App, wait and read again.
        if (!(error instanceof LaggingReadError) || attempt >= LAGGING_READ_TRIES) throw error;
        await new Promise((done) => setTimeout(done, LAG_RETRY_MS));
      }
    }
  } catch (error) {
    // Fail closed: the status says why, the step fails.
    if (inputs.gate === 'status') {
      await client
        .createCommitStatus({ owner, repo }, pr.headSha, { state: 'failure', context: APPROVAL_STATUS, description: `modelgate could not review: ${errorMessage(error)}` })
        .catch(() => undefined);
    }
    throw error;
  }
  const { evaluation, decision } = result;
  annotate(io, evaluation);
  const notes = [
    // A fork's pull request runs with a read-only token: the report is here, and that is no failure.
    ...(result.commentSkipped ? [`> [!NOTE]\n> modelgate did not comment on this pull request: ${result.commentSkipped}. The report is here instead.`] : []),
    ...(result.statusSkipped ? [`> [!NOTE]\n> modelgate did not publish the \`${APPROVAL_STATUS}\` commit status: ${result.statusSkipped}.`] : []),
    ...result.warnings.filter((w) => !w.startsWith('no comment:') && !w.startsWith(`no ${APPROVAL_STATUS} status:`)).map((w) => `> [!WARNING]\n> ${w}`),
  ];
  await io.summary([...notes, renderComment(result.view)].join('\n\n'));
  for (const w of result.warnings) if (!w.startsWith('no comment:') && !w.startsWith(`no ${APPROVAL_STATUS} status:`)) io.warning(w);
  await writeOutputs(io, env, inputs, evaluation, decision.state);
  io.info(`modelgate: ${decision.summary.replace(/`/g, '')}`);
  if (inputs.gate === 'fail' && decision.state !== 'pass') {
    io.setFailed(`modelgate: the approval gate is ${decision.state}: ${decision.summary.replace(/`/g, '')}`);
    return;
  }
  failOnFindings(io, inputs, evaluation);
}

const LAGGING_READ_TRIES = 3;
const LAG_RETRY_MS = 2000;

/** What the event says happened, as the App passes it (probot/app.ts): commands and reviews are read through the API. */
function eventExtra(eventName: string, event: Record<string, any>): Pick<ReviewOptions, 'triggeringComment' | 'expectReview' | 'expectComment'> {
  const action = String(event['action'] ?? '');
  if (eventName === 'issue_comment' && event['comment']) {
    const comment = event['comment'] as { id: number; created_at: string };
    if (action === 'created') return { triggeringComment: { id: comment.id, createdAt: comment.created_at } };
    if (action === 'edited' || action === 'deleted') return { expectComment: { id: comment.id, change: action } };
  }
  if (eventName === 'pull_request_review' && event['review'] && (action === 'submitted' || action === 'dismissed')) {
    const review = event['review'] as { id: number; state: string };
    return { expectReview: { id: review.id, state: String(review.state).toUpperCase() } };
  }
  return {};
}

async function readPull(token: string, apiUrl: string, owner: string, repo: string, number: number): Promise<PullLike> {
  const octokit = new Octokit({ auth: token, baseUrl: apiUrl.replace(/\/$/, '') });
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  return data as PullLike;
}

async function loadWorkspace(env: ActionEnv, inputs: ActionInputs, io: ActionIo) {
  const local = await loadLocalCheck({
    dir: env.workspace,
    all: true,
    ...(inputs.policy ? { policyFile: resolve(env.workspace, inputs.policy), policyLabel: inputs.policy } : {}),
  });
  for (const note of local.notes) io.info(`modelgate: ${note}`);
  return local;
}

async function checkWorkspace(env: ActionEnv, inputs: ActionInputs, io: ActionIo): Promise<Evaluation> {
  const local = await loadWorkspace(env, inputs, io);
  const evaluation = evaluate(local.snapshot, local.policy);
  annotate(io, evaluation);
  await io.summary(formatMarkdown(evaluation, { toolVersion: TOOL_VERSION, ...(local.policyRef ? { policyRef: local.policyRef } : {}), ...(inputs.ruleDocsUrl ? { ruleDocsUrl: inputs.ruleDocsUrl } : {}) }));
  const report = jsonReport(evaluation, TOOL_VERSION);
  await writeOutputs(io, env, inputs, evaluation, report.decision);
  io.info(`modelgate: ${pluralize(evaluation.models.length, 'model')} checked: ${pluralize(evaluation.errors, 'error')}, ${pluralize(evaluation.warnings, 'warning')}`);
  failOnFindings(io, inputs, evaluation);
  return evaluation;
}
