// The floor of bench/app.ts: the least a Probot app can do for a pull request, run as Probot runs
// an app (`run`: the environment, Probot's own server and webhook middleware, Probot's Octokit with
// its retry and throttle plugins). On `pull_request.opened` it creates one completed check run.
import { pathToFileURL } from 'node:url';
import { run, type Probot } from 'probot';

export const TRIVIAL_CHECK = 'trivial / check';

const app = (probot: Probot) => {
  probot.on('pull_request.opened', async (context) => {
    await context.octokit.rest.checks.create(
      context.repo({
        name: TRIVIAL_CHECK,
        head_sha: context.payload.pull_request.head.sha,
        status: 'completed' as const,
        conclusion: 'success' as const,
        output: { title: 'ok', summary: 'ok' },
      }),
    );
  });
};

// Started as a program (bench/app.ts spawns it); imported, it only names its check.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run(app);
