// `modelgate validate FILE|DIR…`: parse artifacts and report parse errors only (no rules).
// Says which format each file was read as, so a user sees at once when a file was taken for
// something it is not.
import { parseError, readText } from '../../../core/artifacts/source.ts';
import type { ParseError } from '../../../core/artifacts/types.ts';
import { loadPolicy } from '../../../core/policy/load.ts';
import { pluralize } from '../../messages.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { collectArtifactFiles, isPolicyPath, parseArtifactFile, type ArtifactFile } from '../files.ts';
import { unfetchedExtends } from '../local-snapshot.ts';
import { countLine, withProgress } from '../progress.ts';

function formatParseError(error: ParseError): string {
  const position = error.column === undefined ? `${error.line}` : `${error.line}:${error.column}`;
  return `  ${error.file}:${position}  ${error.severity === 'warn' ? 'warning' : 'error'}  ${error.message}  (${error.code})`;
}

/**
 * Checks a policy file on its own. `_extends` names another repository's policy, which a local
 * run cannot fetch, so it resolves to "no extra defaults" here; the App reads it for real.
 */
function validatePolicy(file: ArtifactFile): { format: string; errors: ParseError[] } {
  const read = readText(file.path, file.content);
  if (read.text === undefined) return { format: 'modelgate-policy', errors: read.error && read.error.code !== 'empty-file' ? [read.error] : [] };
  return { format: 'modelgate-policy', errors: loadPolicy({ path: file.path, text: read.text }, unfetchedExtends(file.path, read.text)).errors };
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'parse model cards, lineage manifests and tuning logs; report parse errors',
  help: [
    'Usage: modelgate validate FILE|DIR…',
    '',
    'Parses each artifact and prints the format it was read as, then its parse errors.',
    'Directories are searched recursively (node_modules and .git are skipped) for model cards,',
    'lineage manifests (lineage.yaml, dvc.yaml, dvc.lock, *.dvc, OpenLineage events) and tuning',
    'logs (modelgate JSONL, Optuna, W&B sweeps, NNI, Ray Tune), and the policy file',
    '.github/modelgate.yml is checked against its schema. No rules are run: use `check`.',
    'Symbolic links are never followed: a linked file (or one the search finds with an artifact\'s',
    'name) is reported as an error, and a linked directory is not searched.',
    '',
    'Exit status: 0 when every file parses, 1 when any has errors, 2 on a usage error.',
    '',
    'Options:',
    '  -h, --help  show this help',
  ].join('\n'),
  async run({ positionals }, io) {
    if (positionals.length === 0) throw new UsageError('expected at least one FILE or DIR');
    const files = await collectArtifactFiles(positionals, io.cwd);
    let errorCount = 0;
    let failedFiles = 0;
    await withProgress(io, async (progress) => {
      for (const [i, file] of files.entries()) {
        const result =
          file.unreadable !== undefined
            ? { format: 'unknown', errors: [parseError(file.path, 1, 'unreadable', `could not be read: ${file.unreadable}`)] }
            : isPolicyPath(file.path)
              ? validatePolicy(file)
              : await parseArtifactFile(file);
        progress.around(() => {
          io.out(`${file.path}: ${result.format}`);
          for (const error of result.errors) io.out(formatParseError(error));
        });
        progress.update(countLine('validating', i + 1, files.length, 'files'));
        // A warning (the file was read in full) is printed but fails nothing.
        const errors = result.errors.filter((e) => e.severity !== 'warn').length;
        errorCount += errors;
        if (errors > 0) failedFiles++;
      }
    });
    if (files.length === 0) io.err(`modelgate validate: no artifacts found in ${positionals.join(', ')}`);
    const read = `${pluralize(files.length, 'file')} read`;
    io.out(errorCount === 0 ? `${read}, no errors` : `${read}, ${pluralize(errorCount, 'error')} in ${pluralize(failedFiles, 'file')}`);
    return errorCount === 0 ? EXIT.ok : EXIT.errors;
  },
};
