// `npm run bench [-- --quick]`: every benchmark, one after another, each with the same flags.
// Each prints its own ratios against a floor measured in the same run (bench/README.md).
import { spawnSync } from 'node:child_process';

const flags = process.argv.slice(2);
const benches = ['bench/parsers.ts', 'bench/cli.ts', 'bench/app.ts'];
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ${flags.join(' ')}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', bench, ...flags], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${bench} exited with ${run.status ?? run.signal}`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
