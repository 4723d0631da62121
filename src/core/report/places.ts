// Every place of one root cause (`Finding.locations`: the 37 placeholders of one card), as a
// collapsed list in the finding's table cell: one row per finding keeps the table readable, and a
// reviewer opens the list when they want to visit each place. Notes quote the pull request, so
// they are escaped like any message; the list is capped so one finding cannot fill the comment.
import type { Finding } from '../rules/define.ts';
import { escapeMessage } from './escape.ts';
import type { Links } from './links.ts';

/** Places linked in the comment per finding; the JSON and SARIF reports carry every one. */
export const MAX_PLACES_SHOWN = 50;

/** `<details>` listing the places of `f`; null when it has one place (its own `file:line` says it). */
export function placesCell(f: Finding, links: Links): string | null {
  const places = f.locations ?? [];
  if (places.length < 2) return null;
  const shown = places.slice(0, MAX_PLACES_SHOWN).map((p) => {
    // Places in the finding's own file need only the file name; others their whole path.
    const label = p.file === f.file ? `${p.file.slice(p.file.lastIndexOf('/') + 1)}:${p.line}` : `${p.file}:${p.line}`;
    const note = p.note ? ` — ${escapeMessage(p.note, 120, { inert: true })}` : '';
    return `${links.file(p.file, p.line, label)}${note}`;
  });
  const more = places.length - shown.length;
  // ` · ` rather than `<br>`: the comment's only HTML stays the template's own details/summary.
  return `<details><summary>${places.length} places</summary>${[...shown, ...(more > 0 ? [`… and ${more} more`] : [])].join(' · ')}</details>`;
}
