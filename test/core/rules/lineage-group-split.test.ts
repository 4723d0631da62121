import { defaultLineage } from '../../helpers/fixtures.ts';
import { testRule } from '../../helpers/rule-tester.ts';
import { error, invalidModel, LINEAGE, validModel } from './model-case.ts';

// The shape of examples/models/churn-clean: "Monthly customer-activity snapshots (balances, product
// holdings, tenure, support tickets)", one row per customer per month, `not_null` on `customer_id`.
// Split at random, one customer's March row trains the model and their April row tests it.
const [transactions] = defaultLineage().datasets as Record<string, unknown>[];
const snapshots = { ...transactions, name: 'customer_activity', time_column: 'snapshot_date', entity_key: 'customer_id' };
const NO_RANGES = { train: { dataset: 'customer_activity', range: null }, validation: null, test: null };
const split = (splits: Record<string, unknown>, datasets: unknown[] = [snapshots]) => ({ lineage: { datasets, splits: { ...NO_RANGES, ...splits } } });

const randomSplit = (method: string) =>
  '`customer_activity` has several rows per `customer_id` (`entity_key`) but is split with method `' + method + '`: the same entities land in ' +
  'train and test, so test metrics measure entities the model has seen; split with `method: group` and `group_by: customer_id`.';

testRule('lineage-group-split', {
  valid: [
    validModel('no dataset declares an entity key'),
    validModel('a group split on the entity key', split({ method: 'group', group_by: 'customer_id' })),
    validModel('snapshots split by time (lineage-temporal-split judges the ranges)', {
      lineage: { datasets: [snapshots], splits: { train: { dataset: 'customer_activity' } } },
    }),
    validModel('grouping on part of a composite key keeps whole entities together', split({ method: 'group', group_by: ['customer_id'] }, [{ ...snapshots, entity_key: ['customer_id', 'store_id'] }])),
    validModel('the entity key is on a lookup table the split does not draw from', split({ method: 'random' }, [{ ...snapshots, entity_key: undefined }, { ...transactions, name: 'customers', time_column: undefined, entity_key: 'customer_id' }])),
  ],
  invalid: [
    invalidModel('monthly snapshots of customers split at random', split({ method: 'random' }), (at) => [error(randomSplit('random'), LINEAGE, at(LINEAGE, 'method: random'))]),
    invalidModel('a stratified split is random across entities too', split({ method: 'stratified' }), (at) => [
      error(randomSplit('stratified'), LINEAGE, at(LINEAGE, 'method: stratified')),
    ]),
    invalidModel('a group split that names no key', split({ method: 'group' }), (at) => [
      error(
        'The group split names no `group_by`: nothing shows it keeps each `customer_id` of `customer_activity` in one part; set `group_by: customer_id`.',
        LINEAGE,
        at(LINEAGE, 'method: group'),
      ),
    ]),
    invalidModel('grouped on the row key, not the entity', split({ method: 'group', group_by: ['customer_id', 'snapshot_date'] }), (at) => [
      error(
        'The group split keeps `customer_id` and `snapshot_date` together, not the entity key `customer_id` of `customer_activity`: one entity can still ' +
          'land in train and test; group by customer_id.',
        LINEAGE,
        at(LINEAGE, 'group_by:'),
      ),
    ]),
  ],
});
