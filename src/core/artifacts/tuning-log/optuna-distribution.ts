// Optuna's serialized distributions (`distribution_to_json`), as JournalStorage writes them next
// to every parameter. Optuna stores a parameter in its *internal* representation (a float; for a
// categorical parameter, the index of the choice), so the distribution is needed to recover the
// value the trial actually used.
import type { SearchDimension } from '../types.ts';
import { finiteNumber, own } from './common.ts';
import { isRecord } from '../source.ts';

export interface OptunaDistribution {
  dimension: SearchDimension;
  /** Internal -> external value, or an error message when the internal value cannot be one. */
  toExternal(internal: unknown): { value?: unknown; error?: string };
}

/** Decodes one distribution: the JSON string Optuna writes, or an already-parsed object. */
export function decodeDistribution(raw: unknown): { distribution?: OptunaDistribution; error?: string } {
  let json: unknown = raw;
  if (typeof raw === 'string') {
    try {
      json = JSON.parse(raw);
    } catch {
      return { error: 'distribution is not valid JSON' };
    }
  }
  if (!isRecord(json)) return { error: 'distribution must be a JSON object' };
  // Optuna >= 3.x also reads an abbreviated form: {"type": "float"|"int"|"categorical", ...}.
  const name = typeof json.name === 'string' ? json.name : abbreviated(json.type);
  const attrs = typeof json.name === 'string' ? json.attributes : json;
  if (!name) return { error: 'distribution has no "name"' };
  if (!isRecord(attrs)) return { error: `${name} has no "attributes" object` };

  if (name === 'CategoricalDistribution') {
    const choices = attrs.choices;
    if (!Array.isArray(choices) || choices.length === 0) return { error: 'CategoricalDistribution needs a non-empty "choices" list' };
    return {
      distribution: {
        dimension: { choices },
        toExternal: (internal) => {
          // Python's int() truncates; an index outside the choices is a corrupt journal.
          const index = typeof internal === 'number' ? Math.trunc(internal) : NaN;
          if (!(index >= 0 && index < choices.length)) {
            return { error: `categorical index ${JSON.stringify(internal)} is outside the ${choices.length} choices` };
          }
          return { value: choices[index] };
        },
      },
    };
  }

  const spec = own(NUMERIC, name);
  if (!spec) return { error: `unknown distribution class ${JSON.stringify(name)}` };
  const low = finiteNumber(attrs.low);
  const high = finiteNumber(attrs.high);
  if (low === undefined || high === undefined) return { error: `${name} needs numeric "low" and "high"` };
  const dimension: SearchDimension = { low, high };
  if (spec.log || attrs.log === true) dimension.log = true;
  const step = finiteNumber(attrs[spec.stepKey]);
  if (step !== undefined) dimension.step = step;
  else if (spec.integer) dimension.step = 1;
  return {
    distribution: {
      dimension,
      toExternal: (internal) => {
        if (typeof internal !== 'number') return { error: `param_value_internal must be a number, got ${JSON.stringify(internal)}` };
        return { value: spec.integer ? Math.trunc(internal) : internal };
      },
    },
  };
}

function abbreviated(type: unknown): string | undefined {
  if (type === 'float') return 'FloatDistribution';
  if (type === 'int') return 'IntDistribution';
  if (type === 'categorical') return 'CategoricalDistribution';
  return undefined;
}

/** Current classes plus the pre-3.0 ones old journals still hold. */
const NUMERIC: Record<string, { integer: boolean; log: boolean; stepKey: string }> = {
  FloatDistribution: { integer: false, log: false, stepKey: 'step' },
  IntDistribution: { integer: true, log: false, stepKey: 'step' },
  UniformDistribution: { integer: false, log: false, stepKey: 'step' },
  LogUniformDistribution: { integer: false, log: true, stepKey: 'step' },
  DiscreteUniformDistribution: { integer: false, log: false, stepKey: 'q' },
  IntUniformDistribution: { integer: true, log: false, stepKey: 'step' },
  IntLogUniformDistribution: { integer: true, log: true, stepKey: 'step' },
};
