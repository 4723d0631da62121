// Maps the snake_case `governance:` block onto the internal camelCase `Governance`, with the
// line of every item a rule may point at.
//
// Partial reading (decision): an invalid field is reported and left out, as if it were not
// written; the rest of the block is kept. In the evaluation lists only the invalid entries are
// dropped, so one malformed metric does not make every evaluation rule report "no evaluation".
// The parse error itself is reported (artifact-parseable), so the gate still fails.
// A `governance:` that is not a mapping at all yields an error and no `governance`.
import { isRecord, lineOf } from '../source.ts';
import type { Ablation, Baseline, EvaluationSlice, Governance, Locations, Metric, ParseError, RiskTier } from '../types.ts';
import { governanceSchema } from './governance-schema.ts';
import { buildMetric, type MetricContext } from './metric-value.ts';
import { validate } from './validation.ts';

type Path = (string | number)[];
type Raw = Record<string, unknown>;

export interface GovernanceResult {
  governance?: Governance;
  errors: ParseError[];
  /** The block tries to declare a risk tier (or is not a mapping) and no valid tier could be read. */
  riskTierUnreadable?: true;
}

/** `risk_tier`, `risk-tier`, `riskTier`, `Risk_Tier`: a key meant as the risk tier. */
const isRiskTierKey = (key: string) => key.toLowerCase().replace(/[-_\s]/g, '') === 'risktier';

/** Drops keys whose value is undefined, so results compare cleanly and serialize small. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Validates and maps `raw` (the value of the `governance:` key). `locations` are the document's
 * (keys under `governance.`); `at` is the path of the block, `['governance']` for front matter.
 */
export function parseGovernance(file: string, input: unknown, locations: Locations, at: Path = ['governance']): GovernanceResult {
  const check = validate(file, governanceSchema, input, locations, at);
  if (!isRecord(input)) return { errors: check.errors, riskTierUnreadable: true };
  const raw: Raw = input;
  const line = (...p: Path) => lineOf(locations, [...at, ...p]);
  const ok = (...p: Path) => check.isValid(p);
  const str = (obj: Raw, path: Path, key: string): string | undefined =>
    ok(...path, key) && typeof obj[key] === 'string' ? (obj[key] as string) : undefined;
  const strings = (obj: Raw, path: Path, key: string): string[] => {
    const list = obj[key];
    if (!Array.isArray(list)) return [];
    return list.filter((item, i): item is string => typeof item === 'string' && ok(...path, key, i));
  };

  const metricsOf = (map: unknown, path: Path, context: MetricContext): Metric[] => {
    if (!isRecord(map)) return [];
    return Object.entries(map).flatMap(([name, value]) => {
      const metric = buildMetric(name, value, line(...path, name), context);
      return metric ? [metric] : [];
    });
  };

  const governance: Governance = defined({
    model: str(raw, [], 'model'),
    version: str(raw, [], 'version'),
    owners: strings(raw, [], 'owners'),
    riskTier: str(raw, [], 'risk_tier') as RiskTier | undefined,
    intendedUse: str(raw, [], 'intended_use'),
    paths: strings(raw, [], 'paths'),
    lineage: str(raw, [], 'lineage'),
    tuningLog: str(raw, [], 'tuning_log'),
    hyperparameters: isRecord(raw.hyperparameters) && ok('hyperparameters') ? raw.hyperparameters : undefined,
    evaluation: mapEvaluation(),
    monitoring: mapMonitoring(),
    retraining: mapSimple('retraining', (o) => ({ trigger: str(o, ['retraining'], 'trigger'), schedule: str(o, ['retraining'], 'schedule') })),
    fallback: mapSimple('fallback', (o) => ({ strategy: str(o, ['fallback'], 'strategy'), description: str(o, ['fallback'], 'description') })),
    retirement: mapSimple('retirement', (o) => ({ criteria: str(o, ['retirement'], 'criteria'), reviewBy: str(o, ['retirement'], 'review_by') })),
    explainability: mapSimple('explainability', (o) => ({ method: str(o, ['explainability'], 'method'), artifact: str(o, ['explainability'], 'artifact') })),
    line: line(),
  });
  const result: GovernanceResult = { governance, errors: check.errors };
  if (governance.riskTier === undefined && Object.keys(raw).some(isRiskTierKey)) result.riskTierUnreadable = true;
  return result;

  function mapSimple<T extends object>(key: string, map: (o: Raw) => T): (T & { line: number }) | undefined {
    const obj = isRecord(raw[key]) ? raw[key] : undefined;
    return obj ? defined({ ...map(obj), line: line(key) }) : undefined;
  }

  /** Valid entries of one evaluation list, each mapped with its index. */
  function entries<T>(evaluation: Raw, key: string, map: (item: Raw, i: number) => T): T[] {
    const list = evaluation[key];
    if (!Array.isArray(list)) return [];
    return list.flatMap((item, i) => (isRecord(item) && ok('evaluation', key, i) ? [map(item, i)] : []));
  }

  function mapEvaluation(): Governance['evaluation'] {
    const evaluation = isRecord(raw.evaluation) ? raw.evaluation : undefined;
    if (!evaluation) return undefined;
    const split = str(evaluation, ['evaluation'], 'split');
    const metrics = entries(evaluation, 'metrics', (m, i) =>
      buildMetric(String(m.name), m.value, line('evaluation', 'metrics', i), {
        ci95: m.ci95 as [number, number] | undefined,
        std: m.std as number | undefined,
        se: m.se as number | undefined,
        n: m.n as number | undefined,
        split,
      }),
    ).filter((m): m is Metric => m !== undefined);
    const baselines = entries(evaluation, 'baselines', (b, i): Baseline =>
      defined({
        name: String(b.name),
        version: typeof b.version === 'string' ? b.version : undefined,
        metrics: metricsOf(b.metrics, ['evaluation', 'baselines', i, 'metrics'], { split }),
        line: line('evaluation', 'baselines', i),
      }),
    );
    const slices = entries(evaluation, 'slices', (s, i): EvaluationSlice => {
      const n = typeof s.n === 'number' ? s.n : undefined;
      return defined({
        name: String(s.name),
        n,
        metrics: metricsOf(s.metrics, ['evaluation', 'slices', i, 'metrics'], { split, slice: String(s.name), n }),
        line: line('evaluation', 'slices', i),
      });
    });
    const ablations = entries(evaluation, 'ablations', (a, i): Ablation => ({
      change: String(a.change),
      delta: a.delta as Record<string, number>,
      line: line('evaluation', 'ablations', i),
    }));
    return defined({ split, metrics, baselines, slices, ablations, line: line('evaluation') });
  }

  function mapMonitoring(): Governance['monitoring'] {
    const monitoring = isRecord(raw.monitoring) ? raw.monitoring : undefined;
    if (!monitoring) return undefined;
    const drift = isRecord(monitoring.drift) && ok('monitoring', 'drift') ? monitoring.drift : undefined;
    const performance = isRecord(monitoring.performance) && ok('monitoring', 'performance') ? monitoring.performance : undefined;
    return defined({
      drift: drift
        ? defined({ method: drift.method as string | undefined, features: (drift.features as string[] | undefined) ?? [], threshold: drift.threshold as number | undefined })
        : undefined,
      performance: performance
        ? defined({ metric: performance.metric as string | undefined, threshold: performance.threshold as number | undefined, window: performance.window as string | undefined })
        : undefined,
      alert: str(monitoring, ['monitoring'], 'alert'),
      line: line('monitoring'),
    });
  }
}
