import { testRule } from '../../helpers/rule-tester.ts';
import { realWorldFile } from '../../helpers/real-world.ts';
import { CARD, DIR, error, invalidModel, LINEAGE, TUNING, validModel, warn } from './model-case.ts';

/** The real OpenLineage RunEvent, as a producer that leaves out the (required) `schemaURL` writes it. */
const EVENT_WITHOUT_SCHEMA_URL = realWorldFile('lineage/openlineage-example_full_event.json').replace(/,\n\s*"schemaURL": "[^"]*"\n}/, '\n}');

const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';

testRule('artifact-parseable', {
  valid: [
    validModel('card, lineage and tuning log all parse'),
    validModel('plain Hugging Face card without governance', { card: { governance: null }, lineage: null, tuning: null }),
  ],
  invalid: [
    invalidModel('tuning log committed through Git LFS', { files: { 'tuning/trials.jsonl': LFS_POINTER } }, () => [
      error(
        'Not checked: file is a Git LFS pointer, not the artifact itself: commit governance artifacts as plain text (exclude them from LFS).',
        TUNING,
        1,
      ),
    ]),
    invalidModel('binary lineage manifest', { files: { 'lineage.yaml': 'version: 1\u0000\u0001\u0002' } }, () => [
      error('Not checked: file is binary (contains NUL bytes); governance artifacts must be text.', LINEAGE, 1),
    ]),
    invalidModel('lineage manifest with a duplicate key', { files: { 'lineage.yaml': 'version: 1\ndatasets:\n  - {name: tx, version: v1}\nversion: 1\n' } }, () => [
      error('Cannot be parsed: duplicate key: map keys must be unique. Fix it so the governance rules can check this file.', LINEAGE, 4),
    ]),
    invalidModel('tuning log with an invalid JSON line', { files: { 'tuning/trials.jsonl': '{"type":"study","method":"random"}\n{"type":"trial",\n' } }, () => [
      error('Cannot be parsed: invalid JSON: property name expected. Fix it so the governance rules can check this file.', TUNING, 2),
    ]),
    invalidModel('lineage manifest with an unknown key and a card with a bad governance field', {
      card: { governance: { risk_tier: 'extreme' } },
      lineage: { datasets: [{ name: 'tx', version: 'v1', fit_onn: 'train' }] },
    }, (at) => [
      error('Cannot be parsed: governance.risk_tier: expected one of low, medium, high, found \"extreme\". Fix it so the governance rules can check this file.', CARD, at(CARD, 'risk_tier:')),
      error('Cannot be parsed: unknown key \"fit_onn\" in datasets.0 (line 5); allowed: name, uri, version, time_column, entity_key, quality_assertions. Fix it so the governance rules can check this file.', LINEAGE, at(LINEAGE, 'fit_onn')),
    ]),
    invalidModel(
      'an OpenLineage event without schemaURL is read, with a warning (real-world event)',
      { card: { governance: { lineage: 'run.openlineage.json' } }, lineage: null, files: { 'run.openlineage.json': EVENT_WITHOUT_SCHEMA_URL } },
      () => [
        warn(
          'Read with a warning: the top level: missing key "schemaURL" (line 1), so the spec version the event follows is unknown; it was read as OpenLineage 2-0: ' +
            'add the spec URL the producer writes, e.g. "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent".',
          `${DIR}/run.openlineage.json`,
          1,
        ),
      ],
    ),
    invalidModel('committed MLflow runs', { files: { 'mlruns/0/meta.yaml': 'artifact_location: file:///tmp/mlruns/0\n' } }, () => [
      error(`Not checked: committed MLflow tracking data (${DIR}/mlruns/) is not a governance artifact: log runs to a tracking server and reference them from the model card.`, `${DIR}/mlruns/0/meta.yaml`, 1),
    ]),
  ],
});
