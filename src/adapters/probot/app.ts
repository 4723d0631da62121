// The GitHub App: wires webhook events to one review of the pull request. Every handler ends
// with the approval check completed; an error completes it as `failure` (fail closed).
import type { Octokit } from '@octokit/rest';
import type { Context, Probot } from 'probot';
import { parseCommands } from '../../core/approval/index.ts';
import { octokitClient, type GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';
import { failClosed, reviewPullRequest } from '../github/review.ts';
import { recordMergeAudit } from './merge-audit.ts';
import { replyToRefusedCommands } from './replies.ts';
import { TOOL_VERSION } from '../../version.ts';

interface PullLike {
  number: number;
  user: { login: string } | null;
  head: { sha: string };
  base: { sha: string };
  draft?: boolean;
}

export interface AppOptions {
  /** Makes a GitHubClient from the event's authenticated Octokit (tests may wrap it to count). */
  clientFor?: (octokit: Octokit) => GitHubClient;
  ruleDocsUrl?: string;
}

function prRef(context: Context, pull: PullLike): PullRequestRef {
  const { owner, repo } = context.repo();
  const serverUrl = process.env.GHE_HOST ? `${process.env.GHE_PROTOCOL ?? 'https'}://${process.env.GHE_HOST}` : 'https://github.com';
  return { owner, repo, number: pull.number, author: pull.user?.login ?? 'ghost', headSha: pull.head.sha, baseSha: pull.base.sha, serverUrl };
}

export function modelgateApp(options: AppOptions = {}) {
  const clientFor = options.clientFor ?? octokitClient;

  return (app: Probot) => {
    const appId = Number(process.env.APP_ID) || undefined;
    const author = { ...(appId ? { appId } : {}) };

    async function run(context: Context, pull: PullLike, extra: { triggeringCommentId?: number; requestReviewers?: boolean } = {}) {
      const client = clientFor(context.octokit as unknown as Octokit);
      const pr = prRef(context, pull);
      try {
        const result = await reviewPullRequest(client, pr, { toolVersion: TOOL_VERSION, author, ...extra, ...(options.ruleDocsUrl ? { ruleDocsUrl: options.ruleDocsUrl } : {}) });
        if (extra.triggeringCommentId !== undefined) {
          await replyToRefusedCommands(client, pr, extra.triggeringCommentId, result.decision);
        }
      } catch (error) {
        context.log.error({ err: error }, 'modelgate review failed; completing the approval check as failure');
        await failClosed(client, pr, error);
      }
    }

    app.on(['pull_request.opened', 'pull_request.reopened', 'pull_request.ready_for_review', 'pull_request.synchronize'], async (context) => {
      await run(context, context.payload.pull_request, { requestReviewers: true });
    });

    // Title/body edits do not change artifacts, but a base-branch change (also `edited`) does.
    app.on('pull_request.edited', async (context) => {
      if (!context.payload.changes?.base) return;
      await run(context, context.payload.pull_request);
    });

    app.on(['pull_request_review.submitted', 'pull_request_review.dismissed'], async (context) => {
      await run(context, context.payload.pull_request);
    });

    // Commands come from created comments only: an edit must not create or widen an approval.
    app.on('issue_comment.created', async (context) => {
      const { issue, comment } = context.payload;
      if (!issue.pull_request || parseCommands(comment.body ?? '').length === 0) return;
      if (comment.user?.type === 'Bot') return;
      const { data: pull } = await context.octokit.rest.pulls.get(context.repo({ pull_number: issue.number }));
      await run(context, pull as PullLike, { triggeringCommentId: comment.id });
    });

    app.on('check_run.rerequested', async (context) => {
      for (const pull of context.payload.check_run.pull_requests) await rerun(context, pull.number);
    });

    app.on('check_suite.rerequested', async (context) => {
      for (const pull of context.payload.check_suite.pull_requests) await rerun(context, pull.number);
    });

    app.on('pull_request.closed', async (context) => {
      if (!context.payload.pull_request.merged) return;
      const client = clientFor(context.octokit as unknown as Octokit);
      await recordMergeAudit(client, prRef(context, context.payload.pull_request), context.payload.pull_request.merge_commit_sha ?? undefined, TOOL_VERSION);
    });

    async function rerun(context: Context, pullNumber: number) {
      const { data: pull } = await context.octokit.rest.pulls.get(context.repo({ pull_number: pullNumber }));
      await run(context, pull as PullLike);
    }
  };
}

export default modelgateApp();
