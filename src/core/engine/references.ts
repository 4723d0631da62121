// A card's `governance.lineage` / `governance.tuning_log` must name a file of this repository:
// one that points outside it, is a URL or is a directory can never be read, and without this
// error the model would simply have no lineage or tuning log (and, with lineage-present or
// tuning-log-present off, no finding at all).
import { lineOf, parseError } from '../artifacts/source.ts';
import type { ModelCard, ParseError } from '../artifacts/types.ts';
import { pathsUnder } from './paths.ts';
import type { TreeReader } from './reader.ts';

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** `resolved` is `resolveFrom(card dir, written)`: undefined when it is a URL or leaves the repository. */
export function referenceError(reader: TreeReader, card: ModelCard, key: 'lineage' | 'tuning_log', written: string, resolved: string | undefined): ParseError | undefined {
  const line = lineOf(card.locations, ['governance', key]);
  const shown = `governance.${key}: ${JSON.stringify(written)}`;
  if (resolved === undefined) {
    const message = URL_SCHEME.test(written.trim())
      ? `${shown} is a URL, so it cannot be checked; commit the file and name it relative to the card`
      : `${shown} points outside the repository, so it cannot be checked; name a file in this repository, relative to the card`;
    return parseError(card.file, line, 'schema', message);
  }
  if (!reader.has(resolved) && pathsUnder(reader.paths, resolved).length > 0) {
    return parseError(card.file, line, 'schema', `${shown} is a directory; name the file itself`);
  }
  return undefined;
}
