// The runner in-process: dispatch, help, version and usage errors, with an in-memory io.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/adapters/cli/command.ts';
import { mainHelp, runCli } from '../../../src/adapters/cli/run.ts';
import { PACKAGE_REPOSITORY } from '../../../src/version.ts';

const root = join(import.meta.dirname, '../../..');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd: root, out: (line) => out.push(line), err: (line) => err.push(line), color: false };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('runCli', () => {
  it('prints the command list with --help, -h and help', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      expect(await run(flag)).toEqual({ code: 0, out: [mainHelp()], err: [] });
    }
    expect(mainHelp()).toContain('  validate   parse model cards, lineage manifests and tuning logs; report parse errors');
    expect(mainHelp()).toContain('  schema     print the JSON Schema of the policy, model card, lineage manifest, tuning log, JSON report or JSON inventory');
    expect(mainHelp()).toContain('  policy     print the effective policy, with where each value comes from');
  });

  it('prints the command list on stderr and exits 2 without a command', async () => {
    expect(await run()).toEqual({ code: 2, out: [], err: [mainHelp()] });
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, out: [version], err: [] });
    expect(await run('-v')).toEqual({ code: 0, out: [version], err: [] });
  });

  it('knows the package\'s repository as package.json names it (rule links default to its docs)', () => {
    const { repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: string | { url: string } };
    expect(PACKAGE_REPOSITORY).toBe(typeof repository === 'object' ? repository.url : repository);
  });

  it('`help <command>` is `<command> --help`', async () => {
    const viaHelp = await run('help', 'schema');
    expect(viaHelp).toEqual(await run('schema', '--help'));
    expect(viaHelp.out[0]!.split('\n')[0]).toBe('Usage: modelgate schema [policy|model-card|lineage|tuning-log|report|inventory]');
  });

  it.each([
    [['deploy'], ["modelgate: unknown command 'deploy'", "Run 'modelgate --help' for the list of commands."]],
    [['--frobnicate'], ["modelgate: unknown option '--frobnicate'", "Run 'modelgate --help' for usage."]],
    [['validate', '-x', 'examples'], ["modelgate validate: unknown option '-x'", "Run 'modelgate validate --help' for usage."]],
    [['validate', '--help=yes'], ["modelgate validate: option '-h, --help' does not take an argument", "Run 'modelgate validate --help' for usage."]],
    [['schema', 'lineage', 'policy'], ['modelgate schema: expected one schema name, got 2', "Run 'modelgate schema --help' for usage."]],
    [['schema', 'card'], ["modelgate schema: unknown schema 'card': expected one of policy, model-card, lineage, tuning-log, report, inventory", "Run 'modelgate schema --help' for usage."]],
  ])('%j is a usage error (exit 2)', async (argv, err) => {
    expect(await run(...argv)).toEqual({ code: 2, out: [], err });
  });

  it('turns an unexpected failure into one line and exit 2, never a stack trace', async () => {
    const err: string[] = [];
    const io: CliIo = {
      cwd: root,
      out: () => {
        throw new Error('stdout closed');
      },
      err: (line) => err.push(line),
      color: false,
    };
    expect(await runCli(['schema'], io)).toBe(2);
    expect(err).toEqual(['modelgate schema: internal error: stdout closed']);
  });
});
