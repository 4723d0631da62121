// The GitHub App: wires webhook events to one review of the pull request. Every review ends
// with the approval check completed; an error completes it as `failure` (fail closed). A push to
// the default branch rebuilds the "Model inventory" issue instead (inventory-push.ts).
import type { Octokit } from '@octokit/rest';
import type { Context, Probot } from 'probot';
import { parseCommands } from '../../core/approval/index.ts';
import { octokitClient, type GitHubClient } from '../github/client.ts';
import type { PullRequestRef } from '../github/load-snapshot.ts';
import type { CommentAuthor } from '../github/publish.ts';
import { APPROVAL_CHECK, failClosed, LaggingReadError, reviewPullRequest, type ReviewOptions, type ReviewResult } from '../github/review.ts';
import { othersRecordedOnHead } from '../github/shared-head.ts';
import { TOOL_VERSION } from '../../version.ts';
import { octokitInventoryClient, type InventoryClient } from '../github/inventory-client.ts';
import { keepInventoryOnPush } from './inventory-push.ts';
import { recordMergeAudit } from './merge-audit.ts';
import { PerKeyQueue, type KeyedLock } from './queue.ts';
import { PostedReplies, replyToRefusedCommands } from './replies.ts';

/** The parts of a pull request (webhook payload or REST answer) a review needs. */
export interface PullLike {
  number: number;
  user: { login: string } | null;
  head: { sha: string };
  base: { sha: string };
  draft?: boolean;
  updated_at?: string;
  /** How many files the pull request changes: all pages of its file list are then read at once. */
  changed_files?: number;
}

export interface AppOptions {
  /** The App's id: its comments carry it (`performed_via_github_app.id`). Default: `APP_ID`. */
  appId?: number;
  /** Web address of GitHub for links in reports (GHES: `https://ghe.example.com`). Default from GHE_HOST. */
  serverUrl?: string;
  /** Makes a GitHubClient from the event's authenticated Octokit (tests may wrap it to count). */
  clientFor?: (octokit: Octokit) => GitHubClient;
  ruleDocsUrl?: string;
  /**
   * Key of the signature on the hidden record of commands in the checklist comment (see
   * command-state.ts). Default: `WEBHOOK_SECRET`, which the server cannot start without.
   */
  stateSecret?: string;
  /** Pause before reading again when GitHub's API lags behind an event (default 2 s). */
  lagRetryMs?: number;
  /**
   * Runs of one pull request (and approval checks of one head) one at a time: PerKeyQueue within
   * this process (the default), or a Redis lease every replica honours (REDIS_URL, redis-lock.ts).
   */
  lock?: KeyedLock;
  /** Makes the inventory issues' client from the event's Octokit (tests may wrap it). */
  inventoryClientFor?: (octokit: Octokit) => InventoryClient;
  /** Today's date, YYYY-MM-DD, for overdue reviews in the inventory issue (default: the clock, UTC). */
  today?: () => string;
}

/** `replyTo`: the comment whose event triggered the run, answered when its commands were refused. */
type RunExtra = Pick<ReviewOptions, 'triggeringComment' | 'requestReviewers' | 'expectReview' | 'expectComment'> & { replyTo?: { login: string; commentId: number } };

/** Tries of a review whose reads lag behind its event (see LaggingReadError). */
const LAGGING_READ_TRIES = 2;

/** GitHub's web address as Probot's environment names it: GHE_HOST (and GHE_PROTOCOL) on GHES. */
export function serverUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL ?? 'https'}://${env.GHE_HOST}` : 'https://github.com';
}

export function modelgateApp(options: AppOptions = {}) {
  const clientFor = options.clientFor ?? octokitClient;
  const serverUrl = options.serverUrl ?? serverUrlFromEnv();

  return (app: Probot) => {
    const appId = options.appId ?? (Number(process.env.APP_ID) || undefined);
    // Without the App's id the sticky comment cannot be told from a user's copy of it.
    if (appId === undefined) app.log.warn('modelgate: no App id (APP_ID); the checklist comment cannot be recognised and will be re-created');
    const author: CommentAuthor = appId !== undefined ? { appId } : {};
    const stateKey = options.stateSecret ?? process.env.WEBHOOK_SECRET;
    if (!stateKey) app.log.warn('modelgate: no WEBHOOK_SECRET; approvals by command count only in the run their comment triggers');

    const clientOf = (context: Context) => clientFor(context.octokit as unknown as Octokit);

    // Runs for one pull request never overlap (queue.ts): the last decision published is the
    // one read last. Every handler that reads or writes a PR's gate goes through `serially`.
    // The same queue serializes the approval check of a head shared by several PRs (keys
    // `owner/repo@sha`, see shared-head.ts), taken inside a PR's run and never the other way round.
    const queue: KeyedLock = options.lock ?? new PerKeyQueue();
    const serially = async <T>(context: Context, pullNumber: number, task: () => Promise<T>): Promise<T> => {
      const { owner, repo } = context.repo();
      const result = await queue.run(`${owner}/${repo}#${pullNumber}`.toLowerCase(), task);
      await reviewFollowUps(context);
      return result;
    };

    /**
     * PRs found open on a head with no decision recorded there (shared-head.ts), or held back by a
     * PR that closed: each is reviewed once per event, after the run that named it has left its
     * own PR's queue (two runs each waiting for the other's PR would never end).
     */
    const followUps = new WeakMap<Context, { waiting: number[]; done: Set<number> }>();
    function followUp(context: Context, from: number, numbers: readonly number[]): void {
      const pending = followUps.get(context) ?? { waiting: [], done: new Set<number>() };
      followUps.set(context, pending);
      pending.done.add(from);
      pending.waiting.push(...numbers);
    }
    async function reviewFollowUps(context: Context): Promise<void> {
      const pending = followUps.get(context);
      for (let n = pending?.waiting.shift(); pending && n !== undefined; n = pending.waiting.shift()) {
        if (pending.done.has(n)) continue;
        pending.done.add(n);
        await runByNumber(context, n);
      }
    }
    // Replies posted by this process: a redelivery must not repeat one GitHub's reads do not show yet.
    const postedReplies = new PostedReplies();

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
        ...(typeof pull.changed_files === 'number' ? { changedFiles: pull.changed_files } : {}),
      };
    }

    async function run(context: Context, pull: PullLike, extra: RunExtra = {}) {
      const client = clientOf(context);
      const pr = prRef(context, pull);
      const { replyTo, ...reviewExtra } = extra;
      let result: ReviewResult | undefined;
      for (let attempt = 1; result === undefined; attempt++) {
        try {
          result = await reviewPullRequest(client, pr, {
            toolVersion: TOOL_VERSION,
            author,
            headQueue: queue,
            ...reviewExtra,
            // A draft is not ready for reviewers; `ready_for_review` asks them.
            requestReviewers: extra.requestReviewers === true && pull.draft !== true,
            ...(stateKey ? { stateKey } : {}),
            ...(options.ruleDocsUrl ? { ruleDocsUrl: options.ruleDocsUrl } : {}),
          });
        } catch (error) {
          if (error instanceof LaggingReadError && attempt < LAGGING_READ_TRIES) {
            await new Promise((resolve) => setTimeout(resolve, options.lagRetryMs ?? 2000));
            continue;
          }
          context.log.error({ err: error }, 'modelgate review failed; completing the approval check as failure');
          await failClosed(client, pr, error, queue);
          return;
        }
      }
      for (const warning of result.warnings) context.log.warn(`modelgate: ${warning}`);
      if (result.unreviewedOnHead.length > 0) followUp(context, pull.number, result.unreviewedOnHead);
      if (replyTo === undefined) return;
      try {
        await replyToRefusedCommands(client, pr, replyTo, result, postedReplies);
      } catch (error) {
        // The gate is published; a missing courtesy reply must not turn it into a failure.
        context.log.warn({ err: error }, 'modelgate could not reply to a refused command');
      }
    }

    /**
     * Events that name the PR but carry no current head: read it first (the head may have moved),
     * inside the PR's queue so the head read is the one after any run before it.
     */
    function runByNumber(context: Context, pullNumber: number, extra: RunExtra = {}, knownHeadSha?: string): Promise<void> {
      return serially(context, pullNumber, async () => {
        let pull: PullLike;
        try {
          ({ data: pull } = (await context.octokit.rest.pulls.get(context.repo({ pull_number: pullNumber }))) as { data: PullLike });
        } catch (error) {
          context.log.error({ err: error }, `modelgate could not read pull request #${pullNumber}`);
          if (knownHeadSha) await failClosed(clientOf(context), { ...context.repo(), headSha: knownHeadSha }, error, queue);
          return;
        }
        await run(context, pull, extra);
      });
    }

    app.on(['pull_request.opened', 'pull_request.reopened', 'pull_request.ready_for_review', 'pull_request.synchronize'], async (context) => {
      const pull = context.payload.pull_request as PullLike;
      await serially(context, pull.number, () => run(context, pull, { requestReviewers: true }));
    });

    // Title/body edits do not change artifacts, but a base-branch change (also `edited`) does.
    app.on('pull_request.edited', async (context) => {
      if (!context.payload.changes?.base) return;
      const pull = context.payload.pull_request as PullLike;
      await serially(context, pull.number, () => run(context, pull, { requestReviewers: true }));
    });

    app.on(['pull_request_review.submitted', 'pull_request_review.dismissed'], async (context) => {
      const pull = context.payload.pull_request as PullLike;
      const { review } = context.payload;
      await serially(context, pull.number, () => run(context, pull, { expectReview: { id: review.id, state: String(review.state).toUpperCase() } }));
    });

    // Commands count only from created comments. Bots' comments carry no commands (this also
    // keeps modelgate's own comment edits from triggering it).
    const fromPerson = (comment: { user?: { type?: string } | null; performed_via_github_app?: unknown }) => comment.user?.type !== 'Bot' && !comment.performed_via_github_app;

    app.on('issue_comment.created', async (context) => {
      const { issue, comment } = context.payload;
      if (!issue.pull_request || !fromPerson(comment)) return;
      if (parseCommands(comment.body ?? '').length === 0) return;
      await runByNumber(context, issue.number, { triggeringComment: { id: comment.id, createdAt: comment.created_at }, replyTo: { login: comment.user?.login ?? 'ghost', commentId: comment.id } });
    });

    // An edit never creates or widens an approval (the gate refuses edited comments as a whole),
    // but editing or deleting a command takes it back: the gate is evaluated again, or the check
    // would keep showing an approval its own rules no longer count. A command typed into an edit
    // gets the usual reply saying it was not applied.
    app.on(['issue_comment.edited', 'issue_comment.deleted'], async (context) => {
      const { issue, comment } = context.payload;
      if (!issue.pull_request || !fromPerson(comment)) return;
      const before = context.payload.action === 'edited' ? (context.payload.changes.body?.from ?? '') : (comment.body ?? '');
      const after = context.payload.action === 'edited' ? (comment.body ?? '') : '';
      const hasCommand = (text: string) => parseCommands(text).length > 0;
      if (!hasCommand(before) && !hasCommand(after)) return;
      const expectComment = { id: comment.id, change: context.payload.action };
      await runByNumber(context, issue.number, hasCommand(after) ? { expectComment, replyTo: { login: comment.user?.login ?? 'ghost', commentId: comment.id } } : { expectComment });
    });

    /**
     * "Re-run" on a check or a suite: review each PR it names again. For a fork's commit GitHub
     * names none (the Checks API only looks at this repository's branches), so the open PRs are
     * searched for that head. A commit that heads no open PR is left alone; a search that fails
     * completes that commit's approval check as `failure` (the re-run was asked for and could not
     * be done).
     */
    async function rerun(context: Context, listed: readonly { number: number }[], headSha: string) {
      let numbers = listed.map((p) => p.number);
      if (numbers.length === 0) {
        const client = clientOf(context);
        try {
          const found = await client.findOpenPullsByHead(context.repo(), headSha);
          if (!found.complete && found.numbers.length === 0) context.log.warn(`modelgate: no pull request found for ${headSha} among the first open ones; comment /modelgate recheck on it`);
          numbers = found.numbers;
        } catch (error) {
          context.log.error({ err: error }, `modelgate could not look up the pull requests of ${headSha}`);
          await failClosed(client, { ...context.repo(), headSha }, error, queue);
          return;
        }
      }
      for (const number of numbers) await runByNumber(context, number, {}, headSha);
    }

    app.on('check_run.rerequested', async (context) => {
      const checkRun = context.payload.check_run;
      await rerun(context, checkRun.pull_requests, checkRun.head_sha);
    });

    app.on('check_suite.rerequested', async (context) => {
      const suite = context.payload.check_suite;
      await rerun(context, suite.pull_requests, suite.head_sha);
    });

    // The App's slug names its bot (`<slug>[bot]` in REST, `<slug>` in GraphQL); read once.
    let slug: Promise<string> | undefined;
    const appSlug = (): Promise<string> => {
      slug ??= app
        .auth()
        .then(async (octokit) => (await octokit.rest.apps.getAuthenticated()).data?.slug ?? '')
        .then((s) => {
          if (!s) throw new Error('GitHub named no slug for this App');
          return s;
        });
      slug.catch(() => (slug = undefined));
      return slug;
    };

    // The "Model inventory" issue: rebuilt on every push to the default branch (inventory-push.ts).
    app.on('push', async (context) => {
      const { payload } = context;
      const branch = payload.repository.default_branch;
      if (payload.deleted || payload.ref !== `refs/heads/${branch}` || /^0+$/.test(payload.after)) return;
      if (appId === undefined) return; // its issue could not be told from a copy (see the warning above)
      try {
        const name = await appSlug();
        await keepInventoryOnPush(
          {
            client: clientOf(context),
            inventory: (options.inventoryClientFor ?? octokitInventoryClient)(context.octokit as unknown as Octokit),
            lock: queue,
            writer: { appId, botLogin: `${name}[bot]` },
            botName: name,
            today: options.today?.() ?? new Date().toISOString().slice(0, 10),
            warn: (message) => context.log.warn(message),
          },
          context.repo(),
          { branch, commit: payload.after },
        );
      } catch (error) {
        // Thrown on: a queue with retries (REDIS_URL) tries the delivery again.
        context.log.error({ err: error }, `modelgate could not update the model inventory of ${payload.repository.full_name}`);
        throw error;
      }
    });

    app.on('pull_request.closed', async (context) => {
      const pull = context.payload.pull_request;
      // Queued too: a run still in flight publishes its checks before they are read.
      // Without our own App id, modelgate cannot tell its checks from another's: no record then.
      if (appId === undefined) return;
      await serially(context, pull.number, async () => {
        const mergeSha = pull.merged ? pull.merge_commit_sha : null;
        if (mergeSha) {
          try {
            await recordMergeAudit(clientOf(context), prRef(context, pull as PullLike), mergeSha, TOOL_VERSION, appId);
          } catch (error) {
            // The merge already happened; the record stays readable in the head's rules check.
            context.log.error({ err: error }, `modelgate could not write the merge audit of #${pull.number}`);
          }
        }
        // Other open PRs with this head may be held back by this one's decision (shared-head.ts):
        // they are reviewed again, now without it. If that cannot be read, they stay held back.
        try {
          followUp(context, pull.number, await othersRecordedOnHead(clientOf(context), context.repo(), APPROVAL_CHECK, pull.head.sha, pull.number, appId));
        } catch (error) {
          context.log.error({ err: error }, `modelgate could not read the approval check of ${pull.head.sha}; other pull requests on it keep their gate until reviewed again`);
        }
      });
    });
  };
}

export default modelgateApp();
