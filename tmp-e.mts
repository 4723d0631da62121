import fc from 'fast-check';
import { parseDvcLock, parseDvcPipeline, parseDvcPointer, parseLineageManifest, parseOpenLineageEvent } from './src/core/artifacts/lineage/index.ts';
const parsers = { parseLineageManifest, parseDvcPipeline, parseDvcLock, parseDvcPointer, parseOpenLineageEvent };
const keys = ['version', 'datasets', 'splits', 'steps', 'stages', 'vars', 'outs', 'deps', 'schema', 'run', 'job', 'inputs', 'outputs', 'dataset', 'eventTime', 'plots', 'artifacts'];
const doc = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }));
for (const [name, p] of Object.entries(parsers)) {
  try {
    fc.assert(fc.property(doc, (v) => { p('f', JSON.stringify(v)); }), { numRuns: 20000 });
  } catch (e) { console.log(name, String(e).slice(0, 1500)); }
}
