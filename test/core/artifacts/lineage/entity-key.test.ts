// lineage.yaml's entity key (`datasets[].entity_key`) and group key (`splits.group_by`): what
// lineage-group-split reads to tell a random split of many-rows-per-customer data from a group split.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lineageManifestSchema, parseLineageManifest } from '../../../../src/core/artifacts/lineage/index.ts';

const MANIFEST = `version: 1
datasets:
  - name: customer_activity
    version: sha256:f46a4f
    time_column: snapshot_date
    entity_key: customer_id
  - name: visits
    version: sha256:466dd2
    entity_key: [patient_id, site_id]
splits:
  method: group
  group_by: customer_id
  seed: 7
`;

describe('entity_key and group_by', () => {
  it('parse clean, as lists of columns', () => {
    const result = parseLineageManifest('lineage.yaml', MANIFEST);
    expect(result.errors).toEqual([]);
    expect(result.value?.datasets.map((d) => d.entityKey)).toEqual([['customer_id'], ['patient_id', 'site_id']]);
    expect(result.value?.splits).toMatchObject({ method: 'group', groupBy: ['customer_id'], seed: 7 });
    expect(result.value?.locations['splits.group_by']).toBe(12);
  });

  it('an empty key is a schema error at its line, not a silently missing key', () => {
    const result = parseLineageManifest('lineage.yaml', MANIFEST.replace('entity_key: customer_id', 'entity_key: ""'));
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([[6, 'schema']]);
    expect(result.value?.datasets[0]?.entityKey).toBeUndefined();
  });

  it('are in the generated JSON Schema, so editors offer them', () => {
    const schema = JSON.stringify(z.toJSONSchema(lineageManifestSchema, { io: 'input' }));
    expect(schema).toContain('"entity_key"');
    expect(schema).toContain('"group_by"');
  });
});
