// A Hub dataset id names a repository, not data: `imdb` today is whatever its main branch holds,
// and datasets on the Hub are re-uploaded, re-split and fixed. A card that promises reproducible
// results must say which revision it trained and evaluated on, or the promise cannot be kept.
// This is the card-side twin of lineage-inputs-versioned (which reads the lineage manifest): the
// datasets here are the card's own `datasets:` front matter.
import { z } from 'zod';
import type { Lineage, ModelCard } from '../artifacts/types.ts';
import { defineRule } from './define.ts';
import { CONTROLS as C, partly } from './frameworks.ts';
import { sentences } from './support/card-prose.ts';
import { governanceState } from './support/governance.ts';
import { lineAt } from './support/locate.ts';
import { isBlank, listOf } from './support/wording.ts';

const options = z.object({
  requireClaim: z
    .boolean()
    .default(true)
    .describe('Only report when the card claims reproducibility; `false` asks every `datasets:` entry for a revision.'),
});

const CLAIM = /\breproducib(?:le|ility)\b/i;
const NEGATED = /\b(?:not|non|never|cannot|no)\b[^.]{0,20}\breproducib|\birreproducib/i;
// Not a claim about the model's results: a seed "for reproducibility" of a generation example (the GPT-2
// card template), or the template's own guidance ("you should describe ... reproducibility").
const NOT_ABOUT_RESULTS = /\bseed\b|\bset_seed\b|\brandomness\b|\bsampl(?:e|ed|ing)\b|\bgenerat(?:e|ed|ion)\b|\byou should\b|\bplease\b/i;
const FLOATING = new Set(['main', 'master', 'latest', 'head']);

/** The card's own claim of reproducibility: the intended use, else a sentence of its prose. */
function reproducibilityClaim(card: ModelCard): { text: string; line: number } | undefined {
  const intended = card.governance?.intendedUse;
  const claims = (text: string) => CLAIM.test(text) && !NEGATED.test(text) && !NOT_ABOUT_RESULTS.test(text);
  if (intended && claims(intended)) return { text: intended, line: lineAt(card.locations, 'governance.intended_use', card.governance!.line) };
  return sentences(card).find((s) => claims(s.text));
}

const pinnedRevision = (r: string | undefined) => !isBlank(r) && !FLOATING.has(r!.trim().toLowerCase());
const sameId = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when something in the card or lineage pins Hub dataset `id` to a revision. */
function isPinned(id: string, card: ModelCard, lineage: readonly Lineage[]): boolean {
  // `imdb@3f2a9c1`: the revision written into the id.
  const at = id.indexOf('@');
  if (at > 0 && pinnedRevision(id.slice(at + 1))) return true;
  if (card.results.some((r) => r.dataset && (sameId(r.dataset.type ?? '', id) || sameId(r.dataset.name ?? '', id)) && pinnedRevision(r.dataset.revision))) return true;
  // A lineage entry for it (`name: imdb`, `uri: hf://datasets/imdb@<sha>`) with a version.
  const uri = new RegExp(`(?:^|/)datasets/${escape(id)}(?:@([^/\\s]+))?(?:/|$)`, 'i');
  for (const d of lineage.flatMap((l) => l.datasets)) {
    const m = d.uri ? uri.exec(d.uri) : null;
    if ((sameId(d.name, id) || m) && (pinnedRevision(d.version) || pinnedRevision(m?.[1]))) return true;
  }
  // `load_dataset("imdb", revision="3f2a9c1")` in the card's own code.
  const call = new RegExp(`load_dataset\\(\\s*["']${escape(id)}["'][^)]*\\brevision\\s*=\\s*["']([^"']+)["']`, 'i');
  return card.sections.some((s) => {
    const m = call.exec(s.body);
    return m !== null && pinnedRevision(m[1]);
  });
}

export default defineRule({
  meta: {
    id: 'model-card-datasets-pinned',
    title: 'Hub datasets of a card that claims reproducibility are pinned to a revision',
    antipattern: 'audit trail',
    area: 'lineage',
    risk: 'provenance',
    rationale:
      'A Hugging Face dataset id (`datasets: [imdb]`) names a repository whose contents change: re-uploads, fixed labels, new ' +
      'splits. A card that says its results are reproducible must name the revision the model was trained and evaluated on, or ' +
      'rerunning it reads different rows. This is lineage-inputs-versioned for the card\'s own `datasets:` list; by default it ' +
      'only asks when the card (its text or `governance.intended_use`) claims reproducibility, because an unpinned id is the ' +
      'norm on the Hub and only a promise makes it a defect.',
    howToFix:
      'Pin each dataset: give its model-index `dataset` a `revision: <commit sha>`, list it in the lineage manifest with ' +
      '`version: <commit sha>` (or `uri: hf://datasets/<id>@<sha>`), or show `load_dataset("<id>", revision="<sha>")`; or drop the ' +
      'reproducibility claim.',
    defaultSeverity: 'warn',
    appliesTo: 'card',
    controls: [partly(C.euArt10_2b), partly(C.euAnnexIV_2d), partly(C.isoA7_5)],
    options,
    messages: {
      unpinnedDatasets:
        'The card claims reproducibility ("{{quote}}") but {{datasets}} in `datasets:` {{have}} no pinned revision: the Hub ' +
        'dataset can change under that name; pin {{them}} with a model-index `dataset.revision`, a lineage `version` or ' +
        '`load_dataset(..., revision=...)`.',
      unpinnedDatasetsNoClaim:
        '{{datasets}} in `datasets:` {{have}} no pinned revision: the Hub dataset can change under that name; pin {{them}} with a ' +
        'model-index `dataset.revision`, a lineage `version` or `load_dataset(..., revision=...)`.',
    },
    examples: {
      valid: [
        'datasets: [Sociovestix/lenu]\nmodel-index:\n  - name: lenu_US-DE\n    results:\n      - dataset: {name: lenu, type: Sociovestix/lenu, ' +
          'split: test, revision: fbe0b4b5b8d6950c10f5710f2c987728635a4afe}',
      ],
      invalid: ['datasets: [conll2003]\n---\nThis model is intended for reproducibility of the NER evaluation published in the paper.'],
    },
  },
  check(ctx) {
    const model = ctx.model;
    if (!model) return [];
    const { card, cardPath: file, lineage } = model.head;
    if (card.format !== 'hf-model-card' || governanceState(card) === 'unreadable') return [];
    const claim = reproducibilityClaim(card);
    if (ctx.options.requireClaim && !claim) return [];
    const unpinned = card.datasets.map((id, i) => ({ id, i })).filter(({ id }) => id.trim() !== '' && !isPinned(id, card, lineage));
    if (unpinned.length === 0) return [];
    const plural = unpinned.length > 1;
    const data = { datasets: listOf(unpinned.map(({ id }) => `\`${id.trim()}\``)), have: plural ? 'have' : 'has', them: plural ? 'them' : 'it' };
    const line = lineAt(card.locations, `datasets.${unpinned[0]!.i}`, lineAt(card.locations, 'datasets', 1));
    if (!claim) return [{ messageId: 'unpinnedDatasetsNoClaim', data, file, line }];
    const quote = claim.text.length > 100 ? `${claim.text.slice(0, 97)}...` : claim.text;
    return [{ messageId: 'unpinnedDatasets', data: { ...data, quote }, file, line }];
  },
});
