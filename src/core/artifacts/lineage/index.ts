// The lineage parsers, one module per format; see DESIGN §2.2.
export { parseLineageManifest } from './manifest.ts';
export { lineageManifestSchema } from './schema.ts';
export { mergeDvc, parseDvcLock, parseDvcPipeline, parseDvcPointer, type DvcStep } from './dvc.ts';
export { parseOpenLineageEvent } from './openlineage.ts';
export { inferStepKind, writtenStepKind } from './kinds.ts';
