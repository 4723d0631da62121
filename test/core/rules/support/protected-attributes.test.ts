import { describe, expect, it } from 'vitest';
import { protectedAttributeOf } from '../../../../src/core/rules/support/protected-attributes.ts';

describe('protectedAttributeOf: feature and slice names', () => {
  it.each([
    ['Age', 'age'],
    ['customer_age', 'age'],
    ['age>=65', 'age'],
    ['DateOfBirth', 'age'],
    ['Gender', 'sex or gender'],
    ['is_female', 'sex or gender'],
    ['sex=F', 'sex or gender'],
    ['ethnicity', 'race or ethnicity'],
    ['country_of_birth', 'nationality'],
    ['marital_status', 'marital status'],
    // Words that contain or resemble an attribute but are not one.
    ['page_views', undefined],
    ['agent_id', undefined],
    ['usage_minutes', undefined],
    ['Geography', undefined],
    ['region=EU', undefined],
    ['tenure<12m', undefined],
  ] as const)('%s -> %s', (name, attribute) => {
    expect(protectedAttributeOf(name)).toBe(attribute);
  });

  it('counts a policy\'s extra words (proxies) as protected', () => {
    expect(protectedAttributeOf('home_postcode', ['postcode'])).toBe('postcode');
  });
});
