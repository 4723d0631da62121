// The built CLI on files up to what modelgate reads (100 MB): a tuning log that grows with every
// trial is parsed in pieces as it is read (parseArtifactStream), never held whole, and a file whose
// size alone refuses it (a 100 MB model_card.json) is not read at all. Peak RSS stays well under
// what reading them whole took (634 MB for these two files before).
import { closeSync, cpSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadLocalCheck } from '../../../src/adapters/cli/local-snapshot.ts';
import { parseArtifact } from '../../../src/core/artifacts/index.ts';
import { gitBlobSha } from '../../../src/adapters/cli/worktree.ts';
import { evaluate } from '../../../src/core/engine/evaluate.ts';
import { useBuiltCli } from './built-cli.ts';
import { root } from './harness.ts';

const cli = useBuiltCli();
const MB = 1024 * 1024;

/** Optuna's JournalFileBackend lines (Python separators): create, two params, complete, per trial. */
function journal(targetBytes: number, badLineAfter: number): { text: string; badLine: number; lines: number } {
  const worker = 'a4572293-4260-45be-9d2a-489e532dc113-140704507377600';
  const float = JSON.stringify(JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0.0001, high: 0.1, log: true } }));
  const int = JSON.stringify(JSON.stringify({ name: 'IntDistribution', attributes: { log: false, step: 1, low: 2, high: 12 } }));
  const out: string[] = [`{"op_code": 0, "worker_id": "${worker}", "study_name": "big", "directions": [2]}`];
  let size = out[0]!.length + 1;
  let badLine = 0;
  for (let t = 0; size < targetBytes; t++) {
    const block = [
      `{"op_code": 4, "worker_id": "${worker}", "study_id": 0, "datetime_start": "2024-06-07T17:27:27.682770"}`,
      `{"op_code": 5, "worker_id": "${worker}", "trial_id": ${t}, "param_name": "lr", "param_value_internal": ${0.001 + (t % 97) / 1000}, "distribution": ${float}}`,
      `{"op_code": 5, "worker_id": "${worker}", "trial_id": ${t}, "param_name": "depth", "param_value_internal": ${2 + (t % 10)}, "distribution": ${int}}`,
      `{"op_code": 6, "worker_id": "${worker}", "trial_id": ${t}, "state": 1, "values": [${0.8 + (t % 13) / 100}], "datetime_complete": "2024-06-07T17:27:27.689197"}`,
    ];
    for (const line of block) {
      out.push(line);
      size += line.length + 1;
    }
    if (badLine === 0 && size > badLineAfter) {
      out.push('{"op_code": 99}');
      badLine = out.length;
      size += 16;
    }
  }
  return { text: `${out.join('\n')}\n`, badLine, lines: out.length };
}

describe('modelgate validate on 100 MB files (built CLI)', () => {
  it('parses a 100 MB Optuna journal in pieces and refuses a 100 MB model_card.json unread, in under 300 MB', () => {
    const dir = cli.scratch({});
    // Just under the cap, with one bad line near the end: its error shows the whole file was parsed.
    const { text, badLine } = journal(100 * MB - 64 * 1024, 99 * MB);
    writeFileSync(join(dir, 'journal.log'), text);
    const size = Buffer.byteLength(text);
    // A sparse 100 MB card: refused by its size alone, so it need not hold real bytes.
    const card = openSync(join(dir, 'model_card.json'), 'w');
    ftruncateSync(card, 100 * MB);
    closeSync(card);
    // The child prints its own peak RSS (VmHWM) on exit, through a preloaded module.
    const preload = join(dir, 'peak-rss.cjs');
    writeFileSync(preload, `process.on('exit', () => { const m = /VmHWM:\\s+(\\d+) kB/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); process.stderr.write('peak-rss-kb ' + (m ? m[1] : process.resourceUsage().maxRSS) + '\\n'); });\n`);
    const run = spawnSync(process.execPath, ['--require', preload, cli.bin, 'validate', 'journal.log', 'model_card.json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(size).toBeGreaterThan(99 * MB);
    expect(run.stdout).toBe(
      [
        'journal.log: optuna-journal',
        `  journal.log:${badLine}  error  unknown op_code 99: Optuna's journal has op codes 0-9  (schema)`,
        'model_card.json: mct-model-card',
        `  model_card.json:1  error  file is ${100 * MB} bytes, over the 2097152-byte limit for governance artifacts; it was not parsed  (too-large)`,
        '2 files read, 2 errors in 2 files',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
    const peakMb = Number(/peak-rss-kb (\d+)/.exec(run.stderr)?.[1]) / 1024;
    expect(peakMb).toBeGreaterThan(0);
    expect(peakMb).toBeLessThan(300);
  }, 30_000);
});

describe('modelgate validate DIR with files over 2 MB (built CLI)', () => {
  it('lists them by name as before, and reports what parseArtifact reports for their bytes', () => {
    const state = `{"checkpoints": [${Array.from({ length: 20000 }, (_, i) => JSON.stringify(JSON.stringify({ trial_id: `t${i}`, status: 'TERMINATED', config: { lr: i / 1e4 }, _last_result: { val_loss: 0.3, done: true } }))).join(',\n')}],\n"runner_data": {"_metric": "val_loss", "_mode": "min"}}\n`;
    const { text } = journal(3 * MB, 2 * MB);
    const card = `{"model_details": {"name": "${'x'.repeat(3 * MB)}"}}`;
    const dir = cli.scratch({ 'tuning/experiment_state-2024.json': state, 'tuning/journal.log': text, 'model_card.json': card });
    const expected = (path: string, content: string) => {
      const result = parseArtifact(path, content);
      return [`${path}: ${result.format}`, ...result.errors.map((e) => `  ${e.file}:${e.line}${e.column ? `:${e.column}` : ''}  error  ${e.message}  (${e.code})`)];
    };
    expect(Buffer.byteLength(state)).toBeGreaterThan(2 * MB);
    const run = cli.run(['validate', '.'], dir);
    // The journal's name promises no format, and over 2 MB the name alone decides a walk: not listed, as before.
    expect(run.stdout).toBe(
      [...expected('model_card.json', card), ...expected('tuning/experiment_state-2024.json', state), '2 files read, 1 error in 1 file', ''].join('\n'),
    );
  }, 30_000);
});

describe('modelgate check on a tuning log over 2 MB', () => {
  it('hands the core the journal parsed as it was read (no bytes held), with the findings of a whole read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelgate-large-'));
    try {
      cpSync(join(root, 'examples/.github'), join(dir, '.github'), { recursive: true });
      cpSync(join(root, 'examples/models/churn-clean'), join(dir, 'models/churn-clean'), { recursive: true });
      const card = join(dir, 'models/churn-clean/MODEL_CARD.md');
      writeFileSync(card, readFileSync(card, 'utf8').replace('tuning_log: tuning/trials.jsonl', 'tuning_log: tuning/journal.log'));
      const { text } = journal(3 * MB, 2 * MB);
      writeFileSync(join(dir, 'models/churn-clean/tuning/journal.log'), text);

      const local = await loadLocalCheck({ dir, all: true });
      const entry = local.snapshot.head.files['models/churn-clean/tuning/journal.log']!;
      expect(entry.content).toBeUndefined();
      expect(entry.parsed?.format).toBe('optuna-journal');
      const bytes = new Uint8Array(readFileSync(join(dir, 'models/churn-clean/tuning/journal.log')));
      expect(entry.sha).toBe(gitBlobSha(bytes));
      const streamed = evaluate(local.snapshot, local.policy);

      // The same snapshot with the journal's bytes, as a whole read gives them.
      local.snapshot.head.files['models/churn-clean/tuning/journal.log'] = { content: bytes, sha: entry.sha! };
      const whole = evaluate(local.snapshot, local.policy);
      expect(streamed).toEqual(whole);
      expect(JSON.stringify(streamed)).toContain('unknown op_code 99');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
