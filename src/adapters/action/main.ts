// Entry of the GitHub Action (action.yml: `runs.main: dist/index.js`, bundled by
// scripts/build-action.js): @actions/core in, runAction out.
import * as core from '@actions/core';
import { readInputs, runAction } from './run.ts';

const env = process.env;
let inputs;
try {
  inputs = readInputs((name) => core.getInput(name));
} catch (error) {
  core.setFailed(`modelgate: ${(error as Error).message}`);
}
if (inputs) {
  await runAction(
    {
      eventName: env['GITHUB_EVENT_NAME'] ?? '',
      ...(env['GITHUB_EVENT_PATH'] ? { eventPath: env['GITHUB_EVENT_PATH'] } : {}),
      repository: env['GITHUB_REPOSITORY'] ?? '',
      apiUrl: env['GITHUB_API_URL'] ?? 'https://api.github.com',
      serverUrl: env['GITHUB_SERVER_URL'] ?? 'https://github.com',
      workspace: env['GITHUB_WORKSPACE'] ?? process.cwd(),
      tempDir: env['RUNNER_TEMP'] ?? env['GITHUB_WORKSPACE'] ?? process.cwd(),
      ...(env['GITHUB_SHA'] ? { sha: env['GITHUB_SHA'] } : {}),
      ...(env['GITHUB_REF_NAME'] ? { refName: env['GITHUB_REF_NAME'] } : {}),
    },
    inputs,
    {
      info: (m) => core.info(m),
      warning: (m, p) => core.warning(m, p ?? {}),
      error: (m, p) => core.error(m, p ?? {}),
      setOutput: (n, v) => core.setOutput(n, v),
      setFailed: (m) => core.setFailed(m),
      summary: async (markdown) => {
        // Without GITHUB_STEP_SUMMARY (a local run) there is nowhere to write it.
        if (!env['GITHUB_STEP_SUMMARY']) return;
        await core.summary.addRaw(markdown, true).write();
      },
    },
  );
}
