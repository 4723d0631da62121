// `modelgate schema NAME`: print the JSON Schema of a hand-written file, for editors and CI.
import { isSchemaName, jsonSchemaFor, SCHEMA_NAMES } from '../../../core/schemas.ts';
import { EXIT, UsageError, type Command } from '../command.ts';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of the policy, model card, lineage manifest, tuning log, JSON report or JSON inventory',
  help: [
    `Usage: modelgate schema [${SCHEMA_NAMES.join('|')}]`,
    '',
    'Prints the JSON Schema (draft 2020-12) of a file you write by hand:',
    '  policy      .github/modelgate.yml',
    '  model-card  the YAML front matter of MODEL_CARD.md / README.md (the governance block)',
    '  lineage     lineage.yaml',
    '  tuning-log  one line of a modelgate tuning log (JSON Lines)',
    'and of the documents modelgate writes for programs:',
    '  report      what `modelgate check --format json` prints',
    '  inventory   what `modelgate inventory --format json` prints',
    'Without a name, lists the names.',
    '',
    'Options:',
    '  -h, --help  show this help',
  ].join('\n'),
  async run({ positionals }, io) {
    const [name, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`expected one schema name, got ${positionals.length}`);
    if (name === undefined) {
      for (const known of SCHEMA_NAMES) io.out(known);
      return EXIT.ok;
    }
    if (!isSchemaName(name)) throw new UsageError(`unknown schema '${name}': expected one of ${SCHEMA_NAMES.join(', ')}`);
    io.out(JSON.stringify(jsonSchemaFor(name), null, 2));
    return EXIT.ok;
  },
};
