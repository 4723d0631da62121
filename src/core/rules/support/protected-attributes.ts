// Protected attributes as they appear in feature names and slice names (`Age`, `customer_age`,
// `is_female`, `gender=F`, `age>=65`, `DateOfBirth`), after the grounds anti-discrimination law
// names (EU Charter art. 21, US Title VII/ECOA/FHA, UK Equality Act 2010). Names are compared by
// their words, so `page_views`, `agent_id` and `usage` are not age.
export type ProtectedAttribute =
  | 'age'
  | 'sex or gender'
  | 'race or ethnicity'
  | 'religion'
  | 'disability'
  | 'nationality'
  | 'marital status'
  | 'sexual orientation'
  | 'pregnancy'
  | 'caste'
  | 'veteran status';

// Multi-word names first: `date of birth` is age, `country of birth` nationality.
const PHRASES: [RegExp, ProtectedAttribute][] = [
  [/\b(?:date|year) of birth\b|\bbirth (?:date|year|day)\b/, 'age'],
  [/\b(?:country|place) of birth\b|\bbirth (?:country|place)\b|\bnational origin\b|\bimmigration status\b/, 'nationality'],
  [/\bsexual orientation\b/, 'sexual orientation'],
  [/\bmarital status\b/, 'marital status'],
];

const WORDS: Record<string, ProtectedAttribute> = {
  age: 'age', ages: 'age', aged: 'age', dob: 'age', birthdate: 'age', birthday: 'age', yob: 'age',
  gender: 'sex or gender', sex: 'sex or gender', female: 'sex or gender', male: 'sex or gender', women: 'sex or gender',
  men: 'sex or gender', woman: 'sex or gender', nonbinary: 'sex or gender',
  race: 'race or ethnicity', racial: 'race or ethnicity', ethnicity: 'race or ethnicity', ethnic: 'race or ethnicity',
  religion: 'religion', religious: 'religion', faith: 'religion',
  disability: 'disability', disabled: 'disability', disabilities: 'disability', handicap: 'disability',
  nationality: 'nationality', citizenship: 'nationality', citizen: 'nationality',
  marital: 'marital status', married: 'marital status',
  pregnancy: 'pregnancy', pregnant: 'pregnancy', maternity: 'pregnancy',
  caste: 'caste',
  veteran: 'veteran status',
};

/** `DateOfBirth`, `customer_age`, `age>=65` -> `date of birth`, `customer age`, `age 65`. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The protected attribute a feature or slice name refers to, if any. `extra` maps further words
 * (a policy's proxies such as `postcode`) to themselves.
 */
export function protectedAttributeOf(name: string, extra: readonly string[] = []): string | undefined {
  const text = words(name);
  for (const [pattern, attribute] of PHRASES) if (pattern.test(text)) return attribute;
  const tokens = text.split(' ');
  for (const token of tokens) {
    const attribute = WORDS[token];
    if (attribute) return attribute;
  }
  const extras = extra.map(words).filter(Boolean);
  return extras.find((e) => ` ${text} `.includes(` ${e} `));
}
