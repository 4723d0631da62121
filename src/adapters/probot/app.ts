// The GitHub App: wires webhook events to one review of the pull request. Every review ends
// with the approval check completed; an error completes it as `failure` (fail closed).
import type { Octokit } from '@octokit/rest';
import type { Context, Probot } from 'probot';
import { parseCommands } from '../../core/approval/index.ts';
import { octokitClient, type GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';
import type { CommentAuthor } from '../github/publish.ts';
import { failClosed, reviewPullRequest, type ReviewOptions, type ReviewResult } from '../github/review.ts';
import { TOOL_VERSION } from '../../version.ts';
import { recordMergeAudit } from './merge-audit.ts';
import { replyToRefusedCommands } from './replies.ts';

/** The parts of a pull request (webhook payload or REST answer) a review needs. */
export interface PullLike {
  number: number;
  user: { login: string } | null;
  head: { sha: string };
  base: { sha: string };
  draft?: boolean;
  updated_at?: string;
  requested_reviewers?: ({ login: string } | { slug: string; name?: string })[] | null;
  requested_teams?: { slug: string }[] | null;
}

export interface AppOptions {
  /** The App's id: its comments carry it (`performed_via_github_app.id`). Default: `APP_ID`. */
  appId?: number;
  /** Web address of GitHub for links in reports (GHES: `https://ghe.example.com`). Default from GHE_HOST. */
  serverUrl?: string;
  /** Makes a GitHubClient from the event's authenticated Octokit (tests may wrap it to count). */
  clientFor?: (octokit: Octokit) => GitHubClient;
  ruleDocsUrl?: string;
}

type RunExtra = Pick<ReviewOptions, 'triggeringComment' | 'requestReviewers'> & { commenter?: string };

function serverUrlFromEnv(): string {
  return process.env.GHE_HOST ? `${process.env.GHE_PROTOCOL ?? 'https'}://${process.env.GHE_HOST}` : 'https://github.com';
}

/** Logins and team slugs GitHub already lists as requested (only webhook payloads carry them). */
function alreadyRequested(pull: PullLike): { users: string[]; teams: string[] } {
  const users = (pull.requested_reviewers ?? []).flatMap((r) => ('login' in r ? [r.login] : []));
  const teams = (pull.requested_teams ?? []).map((t) => t.slug);
  return { users, teams };
}

export function modelgateApp(options: AppOptions = {}) {
  const clientFor = options.clientFor ?? octokitClient;
  const serverUrl = options.serverUrl ?? serverUrlFromEnv();

  return (app: Probot) => {
    const appId = options.appId ?? (Number(process.env.APP_ID) || undefined);
    // Without the App's id the sticky comment cannot be told from a user's copy of it.
    if (appId === undefined) app.log.warn('modelgate: no App id (APP_ID); the checklist comment cannot be recognised and will be re-created');
    const author: CommentAuthor = appId !== undefined ? { appId } : {};

    const clientOf = (context: Context) => clientFor(context.octokit as unknown as Octokit);

    function prRef(context: Context, pull: PullLike): PullRequestRef {
      const { owner, repo } = context.repo();
      return {
        owner,
        repo,
        number: pull.number,
        author: pull.user?.login ?? 'ghost',
        headSha: pull.head.sha,
        baseSha: pull.base.sha,
        serverUrl,
        ...(pull.updated_at ? { updatedAt: pull.updated_at } : {}),
      };
    }

    async function run(context: Context, pull: PullLike, extra: RunExtra = {}) {
      const client = clientOf(context);
      const pr = prRef(context, pull);
      const { commenter, ...reviewExtra } = extra;
      let result: ReviewResult;
      try {
        result = await reviewPullRequest(client, pr, {
          toolVersion: TOOL_VERSION,
          author,
          ...reviewExtra,
          // A draft is not ready for reviewers; `ready_for_review` asks them.
          requestReviewers: extra.requestReviewers === true && pull.draft !== true,
          alreadyRequested: alreadyRequested(pull),
          ...(options.ruleDocsUrl ? { ruleDocsUrl: options.ruleDocsUrl } : {}),
        });
      } catch (error) {
        context.log.error({ err: error }, 'modelgate review failed; completing the approval check as failure');
        await failClosed(client, pr, error);
        return;
      }
      for (const warning of result.warnings) context.log.warn(`modelgate: ${warning}`);
      if (commenter === undefined) return;
      try {
        await replyToRefusedCommands(client, pr, commenter, result.decision);
      } catch (error) {
        // The gate is published; a missing courtesy reply must not turn it into a failure.
        context.log.warn({ err: error }, 'modelgate could not reply to a refused command');
      }
    }

    /** Events that name the PR but carry no current head: read it first (the head may have moved). */
    async function runByNumber(context: Context, pullNumber: number, extra: RunExtra = {}, knownHeadSha?: string) {
      let pull: PullLike;
      try {
        ({ data: pull } = (await context.octokit.rest.pulls.get(context.repo({ pull_number: pullNumber }))) as { data: PullLike });
      } catch (error) {
        context.log.error({ err: error }, `modelgate could not read pull request #${pullNumber}`);
        if (knownHeadSha) await failClosed(clientOf(context), { ...context.repo(), headSha: knownHeadSha }, error);
        return;
      }
      await run(context, pull, extra);
    }

    app.on(['pull_request.opened', 'pull_request.reopened', 'pull_request.ready_for_review', 'pull_request.synchronize'], async (context) => {
      await run(context, context.payload.pull_request as PullLike, { requestReviewers: true });
    });

    // Title/body edits do not change artifacts, but a base-branch change (also `edited`) does.
    app.on('pull_request.edited', async (context) => {
      if (!context.payload.changes?.base) return;
      await run(context, context.payload.pull_request as PullLike, { requestReviewers: true });
    });

    app.on(['pull_request_review.submitted', 'pull_request_review.dismissed'], async (context) => {
      await run(context, context.payload.pull_request as PullLike);
    });

    // Commands come from created comments only (`issue_comment.edited` is not subscribed to
    // here): an edit must not create or widen an approval. Bots' comments carry no commands.
    app.on('issue_comment.created', async (context) => {
      const { issue, comment } = context.payload;
      if (!issue.pull_request || comment.user?.type === 'Bot' || comment.performed_via_github_app) return;
      if (parseCommands(comment.body ?? '').length === 0) return;
      await runByNumber(context, issue.number, { triggeringComment: { id: comment.id, createdAt: comment.created_at }, commenter: comment.user?.login ?? 'ghost' });
    });

    app.on('check_run.rerequested', async (context) => {
      const checkRun = context.payload.check_run;
      for (const pull of checkRun.pull_requests) await runByNumber(context, pull.number, {}, checkRun.head_sha);
    });

    app.on('check_suite.rerequested', async (context) => {
      const suite = context.payload.check_suite;
      for (const pull of suite.pull_requests) await runByNumber(context, pull.number, {}, suite.head_sha);
    });

    app.on('pull_request.closed', async (context) => {
      const pull = context.payload.pull_request;
      if (!pull.merged || !pull.merge_commit_sha) return;
      try {
        await recordMergeAudit(clientOf(context), prRef(context, pull as PullLike), pull.merge_commit_sha, TOOL_VERSION, author);
      } catch (error) {
        // The merge already happened; the audit record stays readable in the PR comment.
        context.log.error({ err: error }, `modelgate could not write the merge audit of #${pull.number}`);
      }
    });
  };
}

export default modelgateApp();
