// Repository content for adapter tests: the real files of `examples/` (policy, three models),
// read from disk, plus small edits a scenario needs. One builder for the fake's state, so a
// test states only what differs from "a PR on the examples repository".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { FakeGitHub, type FakeState, type Files } from './fake-github.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

export const OWNER = 'acme';
export const REPO = 'models';
export const APP_ID = 4242;
export const BOT_LOGIN = 'modelgate[bot]';
export const INSTALLATION_ID = 1;
export const PR_NUMBER = 7;
export const AUTHOR = 'alice';

/** Members of the example policy's teams, and people outside them. */
export const TEAMS = {
  'acme/model-risk': ['rita', 'raj'],
  'acme/ml-reviewers': ['mona', 'max'],
};
export const PERMISSIONS: Record<string, string> = { alice: 'WRITE', rita: 'WRITE', raj: 'ADMIN', mona: 'WRITE', max: 'MAINTAIN', eve: 'WRITE', olga: 'READ' };

/** A stable fake commit SHA for a label. */
export const sha = (label: string): string => createHash('sha1').update(label).digest('hex');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every file of `examples/`, repository-relative, as committed. */
export function exampleFiles(): Files {
  const files: Files = {};
  for (const abs of walk(EXAMPLES)) files[relative(EXAMPLES, abs).split(sep).join('/')] = readFileSync(abs, 'utf8');
  return files;
}

/** The examples repository with `count` more models: copies of the clean model, each in its own directory. */
export function exampleFilesWithCopies(count: number): Files {
  const files = exampleFiles();
  const out: Files = { ...files };
  for (let i = 0; i < count; i++) {
    const dir = `models/copy-${String(i).padStart(2, '0')}`;
    for (const [path, text] of Object.entries(files)) {
      if (path.startsWith('models/churn-clean/')) out[path.replace('models/churn-clean/', `${dir}/`)] = text.replaceAll('models/churn-clean/', `${dir}/`);
    }
  }
  return out;
}

export function without(files: Files, prefix: string): Files {
  return Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith(prefix)));
}

export function edit(files: Files, path: string, change: (text: string) => string): Files {
  const text = files[path];
  if (text === undefined) throw new Error(`no ${path} to edit`);
  return { ...files, [path]: change(text) };
}

export function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}

/** The examples repository with one model directory left out: the base a PR adds it to. */
export const baseWithout = (modelDir: string): Files => without(exampleFiles(), modelDir);

export interface ScenarioOptions extends Partial<Omit<FakeState, 'pull'>> {
  base: Files;
  head: Files;
  /** Extra commits (e.g. the one a review was given on). */
  more?: Record<string, Files>;
  baseSha?: string;
  headSha?: string;
  mergeSha?: string;
}

/** A fake GitHub serving a PR from `base` to `head` on acme/models. */
export function scenario(options: ScenarioOptions): FakeGitHub {
  const { base, head, more = {}, baseSha = sha('base'), headSha = sha('head'), mergeSha, ...rest } = options;
  return new FakeGitHub({
    owner: OWNER,
    repo: REPO,
    installationId: INSTALLATION_ID,
    appId: APP_ID,
    botLogin: BOT_LOGIN,
    commits: { [baseSha]: base, [headSha]: head, ...more },
    pull: { number: PR_NUMBER, author: AUTHOR, base: baseSha, head: headSha, ...(mergeSha ? { mergeSha } : {}) },
    reviews: [],
    comments: [],
    commitAuthors: [AUTHOR],
    teams: structuredClone(TEAMS),
    permissions: { ...PERMISSIONS },
    fail: {},
    ...rest,
  });
}
