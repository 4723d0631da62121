// An artifact modelgate could not read is an artifact no other rule looked at: the gate must
// say so at the file and line, never pass a PR because its lineage manifest happens to be
// binary, an LFS pointer or broken YAML.
import { z } from 'zod';
import type { ParseErrorCode } from '../artifacts/types.ts';
import { defineRule, type RuleReport } from './define.ts';

/** Codes for files that were never parsed (wrong kind of file), as opposed to parsed and invalid. */
const NOT_READ: ReadonlySet<ParseErrorCode> = new Set<ParseErrorCode>(['empty-file', 'too-large', 'binary', 'lfs-pointer', 'mlruns', 'unreadable']);

export default defineRule({
  meta: {
    id: 'artifact-parseable',
    title: 'Governance artifacts can be read and parsed',
    antipattern: '—',
    area: 'artifacts',
    risk: 'unchecked',
    rationale:
      'Every other rule reads the parsed model card, lineage manifest or tuning log. A binary file, a Git LFS pointer, ' +
      'committed MLflow runs, an oversized file or a syntax error means those rules saw nothing, so the PR must not pass silently.',
    howToFix:
      'Commit governance artifacts as plain UTF-8 text under the size limit (not through Git LFS, not as `mlruns/`), ' +
      'and fix the syntax or schema error at the reported line; `modelgate validate FILE` shows the same errors locally. ' +
      'A file read in full with a lesser gap (an OpenLineage event without `schemaURL`) is a warning.',
    defaultSeverity: 'error',
    appliesTo: 'pr',
    controlsNone: 'Hygiene: it reports governance artifacts modelgate could not read or parse, so that no other rule silently passes on them. It evidences no control itself; the controls are evidenced by the rules that read those artifacts.',
    options: z.object({}),
    messages: {
      notRead: 'Not checked: {{message}}.',
      invalid: 'Cannot be parsed: {{message}}. Fix it so the governance rules can check this file.',
      readWithWarning: 'Read with a warning: {{message}}.',
    },
    examples: {
      valid: ['# models/churn/lineage.yaml\nversion: 1\ndatasets:\n  - {name: transactions, version: "sha256:9f2c…"}'],
      invalid: [
        '# models/churn/lineage.yaml\nversion: 1\ndatasets:\n  - {name: transactions, version: "sha256:9f2c…"\n# unterminated flow mapping',
        '# models/churn/tuning/trials.jsonl (tracked by Git LFS)\nversion https://git-lfs.github.com/spec/v1\noid sha256:4d7a…\nsize 1048576',
      ],
    },
  },
  check(ctx) {
    return ctx.pr.parseErrors.map((error): RuleReport => {
      // A file read in full, with a lesser gap, is a warning whatever the rule's severity.
      const readInFull = error.severity === 'warn';
      return {
        messageId: readInFull ? 'readWithWarning' : NOT_READ.has(error.code) ? 'notRead' : 'invalid',
        ...(readInFull ? { severity: error.severity } : {}),
        // Parser messages are sentences without a final period; strip one if a parser adds it.
        data: { message: error.message.replace(/\.\s*$/, '') },
        file: error.file,
        line: error.line,
        ...(error.column !== undefined ? { column: error.column } : {}),
      };
    });
  },
});
