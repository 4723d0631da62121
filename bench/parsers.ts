// In-process cost of parsing a tuning log and a JSON model card at the 2 MB cap, each as a ratio
// against its floor: JSON.parse of the same bytes (line by line for JSONL), measured in the same run.
// Run: npx tsx bench/parsers.ts [--runs N]
import { readFileSync } from 'node:fs';
import { parseArtifact } from '../src/core/artifacts/index.ts';
import { LIMITS } from '../src/core/artifacts/source.ts';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const TARGET = LIMITS.maxBytes - 64 * 1024; // just under the cap, so the file is parsed, not refused

function tuningJsonl(): string {
  const lines = [JSON.stringify({ type: 'study', name: 'bench', method: 'random', seed: 1, search_space: { lr: { low: 0.001, high: 0.1, log: true }, depth: { low: 2, high: 12, step: 1 } }, objective: { metric: 'auc', split: 'validation', direction: 'maximize' } })];
  let size = lines[0]!.length;
  for (let id = 0; size < TARGET; id++) {
    const line = JSON.stringify({ type: 'trial', id, state: 'complete', seed: 42, params: { lr: 0.001 + (id % 97) / 1000, depth: 2 + (id % 10) }, metrics: { 'validation/auc': 0.8 + (id % 13) / 100, 'validation/log_loss': 0.3 + (id % 7) / 100 } });
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

function mctCard(): string {
  const card = JSON.parse(readFileSync(new URL('../test/fixtures/real-world/model-cards/mct-full.json', import.meta.url), 'utf8')) as { quantitative_analysis: { performance_metrics: unknown[] } };
  const metrics: unknown[] = [];
  card.quantitative_analysis.performance_metrics = metrics;
  for (let i = 0; JSON.stringify(card, null, 2).length < TARGET; ) {
    for (let k = 0; k < 500; k++, i++) metrics.push({ type: 'accuracy', value: String(0.8 + (i % 17) / 100), slice: `region=${i}`, confidence_interval: { lower_bound: '0.75', upper_bound: '0.95' } });
  }
  while (JSON.stringify(card, null, 2).length > TARGET) metrics.pop();
  return JSON.stringify(card, null, 2);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const cases = [
  { name: '2 MB JSONL tuning log', file: 'tuning/trials.jsonl', text: tuningJsonl(), floor: (t: string) => t.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)) },
  { name: '2 MB JSON MCT card', file: 'model_card.json', text: mctCard(), floor: (t: string) => JSON.parse(t) },
];

console.log(`node ${process.version}, ${RUNS} runs after one warm-up, medians`);
for (const c of cases) {
  const bytes = new TextEncoder().encode(c.text);
  const check = parseArtifact(c.file, bytes);
  if (check.errors.length > 0) throw new Error(`${c.name}: ${JSON.stringify(check.errors.slice(0, 3))}`);
  const parse: number[] = [];
  const floor: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    // The floor decodes the same bytes too, as parseArtifact does.
    const f = time(() => c.floor(new TextDecoder().decode(bytes)));
    const p = time(() => parseArtifact(c.file, bytes));
    if (r === 0) continue;
    floor.push(f);
    parse.push(p);
    ratios.push(p / f);
  }
  console.log(`${c.name} (${bytes.length} bytes): parseArtifact ${median(parse).toFixed(1)} ms, JSON.parse ${median(floor).toFixed(1)} ms, ratio ${median(ratios).toFixed(1)}× (min ${Math.min(...ratios).toFixed(1)}, max ${Math.max(...ratios).toFixed(1)})`);
}
