// The control frameworks regulated teams are examined against, and the references a rule's
// `meta.controls` makes to them (issue 14). A reference cites the framework's own identifier:
// an EU AI Act article / Annex IV point, a NIST AI RMF 1.0 subcategory, an ISO/IEC 42001:2023
// Annex A control, or, for SR 11-7, which numbers nothing, the section title and the topic in it.
// Never an invented number: where a sub-paragraph could not be checked the article is cited.
// `extent: 'partly'` says the rule evidences only part of what the control asks (almost always:
// a rule checks that an artifact states something, not that what it states is adequate).

export const FRAMEWORK_IDS = ['sr-11-7', 'eu-ai-act', 'nist-ai-rmf', 'iso-42001'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export interface Framework {
  id: FrameworkId;
  title: string;
  /** The document every reference of this framework cites. */
  document: string;
}

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  'sr-11-7': {
    id: 'sr-11-7',
    title: 'SR 11-7 Supervisory Guidance on Model Risk Management',
    document: 'Federal Reserve SR 11-7 / OCC 2011-12 (4 April 2011), attachment',
  },
  'eu-ai-act': {
    id: 'eu-ai-act',
    title: 'EU AI Act',
    document: 'Regulation (EU) 2024/1689 (Artificial Intelligence Act)',
  },
  'nist-ai-rmf': {
    id: 'nist-ai-rmf',
    title: 'NIST AI Risk Management Framework 1.0',
    document: 'NIST AI 100-1 (AI RMF 1.0, January 2023), AI RMF Core',
  },
  'iso-42001': {
    id: 'iso-42001',
    title: 'ISO/IEC 42001:2023 AI management system',
    document: 'ISO/IEC 42001:2023, Annex A (normative), Table A.1',
  },
};

export type ControlExtent = 'evidences' | 'partly';

/** One control a rule's findings are evidence for. */
export interface ControlRef {
  framework: FrameworkId;
  /** The framework's own identifier: "Art. 10(2)(f)", "Annex IV(2)(g)", "MEASURE 2.5", "A.7.5", or an SR 11-7 section. */
  control: string;
  /** What the control asks, in a few words. */
  title: string;
  /** Where the control is written: document and article / section. */
  source: string;
  extent: ControlExtent;
}

/** A `framework:control` tag (SARIF `properties.tags`, e.g. `eu-ai-act:Art. 10(2)(f)`). */
export function controlTag(ref: ControlRef): string {
  return `${ref.framework}:${ref.control}`;
}

/** The extent as reports word it. */
export function extentLabel(extent: ControlExtent): string {
  return extent === 'partly' ? 'partly' : 'evidences';
}

// ---- The controls rules cite. Each is written once here, so two rules cannot word one differently.

type Control = Omit<ControlRef, 'extent'>;

function euAiAct(control: string, title: string, where: string): Control {
  return { framework: 'eu-ai-act', control, title, source: `${FRAMEWORKS['eu-ai-act'].document}, ${where}` };
}
function sr117(section: string, topic: string, title: string): Control {
  // The section title is quoted; the topic within it is named, not quoted as a heading.
  const [number, name] = section.split('. ') as [string, string];
  return { framework: 'sr-11-7', control: `${section} — ${topic}`, title, source: `${FRAMEWORKS['sr-11-7'].document}, section ${number} "${name}", on ${topic}` };
}
/** The AI RMF Core table that lists each function's categories and subcategories. */
const NIST_TABLES = { GOVERN: 1, MAP: 2, MEASURE: 3, MANAGE: 4 } as const;
function nist(subcategory: `${keyof typeof NIST_TABLES} ${string}`, title: string): Control {
  const fn = subcategory.split(' ')[0] as keyof typeof NIST_TABLES;
  return { framework: 'nist-ai-rmf', control: subcategory, title, source: `${FRAMEWORKS['nist-ai-rmf'].document}, Table ${NIST_TABLES[fn]} (${fn}), subcategory ${subcategory}` };
}
function iso42001(control: string, title: string): Control {
  return { framework: 'iso-42001', control, title, source: `${FRAMEWORKS['iso-42001'].document}, control ${control}` };
}

const SR_IV = 'IV. Model Development, Implementation, and Use';
const SR_V = 'V. Model Validation';
const SR_VI = 'VI. Governance, Policies, and Controls';

export const CONTROLS = {
  // EU AI Act, Chapter III Section 2 (requirements for high-risk AI systems) and Annex IV.
  euArt10_2b: euAiAct('Art. 10(2)(b)', 'Data governance: data collection processes and the origin of data', 'Article 10(2), point (b)'),
  euArt10_2c: euAiAct('Art. 10(2)(c)', 'Data governance: data-preparation processing operations (annotation, labelling, cleaning, updating, enrichment, aggregation)', 'Article 10(2), point (c)'),
  euArt10_2f: euAiAct('Art. 10(2)(f)', 'Data governance: examination in view of possible biases likely to affect health, safety or fundamental rights or to lead to discrimination', 'Article 10(2), point (f)'),
  euArt10_3: euAiAct('Art. 10(3)', 'Training, validation and testing data sets are relevant, sufficiently representative and, to the best extent possible, free of errors and complete', 'Article 10(3)'),
  euArt11_1: euAiAct('Art. 11(1)', 'Technical documentation is drawn up before the system is placed on the market and kept up to date', 'Article 11(1)'),
  euArt13_3bi: euAiAct('Art. 13(3)(b)(i)', 'Instructions for use state the intended purpose', 'Article 13(3), point (b)(i)'),
  euArt13_3bii: euAiAct('Art. 13(3)(b)(ii)', 'Instructions for use state the level of accuracy, including its metrics, against which the system was tested and validated', 'Article 13(3), point (b)(ii)'),
  euArt13_3biii: euAiAct('Art. 13(3)(b)(iii)', 'Instructions for use state known or foreseeable circumstances that may lead to risks', 'Article 13(3), point (b)(iii)'),
  euArt13_3biv: euAiAct('Art. 13(3)(b)(iv)', 'Instructions for use state the technical capabilities to provide information relevant to explain the output', 'Article 13(3), point (b)(iv)'),
  euArt13_3bv: euAiAct('Art. 13(3)(b)(v)', 'Instructions for use state performance regarding specific persons or groups of persons', 'Article 13(3), point (b)(v)'),
  euArt13_3e: euAiAct('Art. 13(3)(e)', 'Instructions for use state the expected lifetime and the necessary maintenance and care measures', 'Article 13(3), point (e)'),
  euArt15_1: euAiAct('Art. 15(1)', 'An appropriate level of accuracy, performed consistently throughout the lifecycle', 'Article 15(1)'),
  euArt15_3: euAiAct('Art. 15(3)', 'Levels of accuracy and the relevant accuracy metrics are declared in the instructions for use', 'Article 15(3)'),
  euArt15_4: euAiAct('Art. 15(4)', 'Resilience to errors, faults and inconsistencies; robustness through technical redundancy, which may include backup or fail-safe plans', 'Article 15(4)'),
  euAnnexIV_1a: euAiAct('Annex IV(1)(a)', 'General description: intended purpose, provider, and the version of the system reflecting its relation to previous versions', 'Annex IV, point 1(a)'),
  euAnnexIV_2b: euAiAct('Annex IV(2)(b)', 'Design specifications: general logic, key design choices with their rationale and assumptions', 'Annex IV, point 2(b)'),
  euAnnexIV_2d: euAiAct('Annex IV(2)(d)', 'Data requirements: datasheets of the training data, their provenance, scope and main characteristics, how they were obtained and selected', 'Annex IV, point 2(d)'),
  euAnnexIV_2g: euAiAct('Annex IV(2)(g)', 'Validation and testing procedures, the validation and testing data used, the metrics, potentially discriminatory impacts, test logs and reports', 'Annex IV, point 2(g)'),
  euAnnexIV_3: euAiAct('Annex IV(3)', 'Monitoring, functioning and control: capabilities and limitations in performance, including accuracy for specific persons or groups', 'Annex IV, point 3'),
  euAnnexIV_6: euAiAct('Annex IV(6)', 'Relevant changes made to the system through its lifecycle', 'Annex IV, point 6'),
  euAnnexIV_9: euAiAct('Annex IV(9)', 'The system to evaluate performance in the post-market phase, including the post-market monitoring plan (Art. 72)', 'Annex IV, point 9'),

  // SR 11-7: the attachment's section, and the topic within it (it has no control numbers).
  srDevelopment: sr117(SR_IV, 'development documentation, data quality and testing', 'Development is documented; data are assessed for quality and relevance; the model is tested for accuracy, robustness and limitations'),
  srConceptualSoundness: sr117(SR_V, 'evaluation of conceptual soundness', 'Validation reviews the design, construction and developmental evidence of the model'),
  srOngoingMonitoring: sr117(SR_V, 'ongoing monitoring', 'Performance is monitored once in use, including process verification and benchmarking against alternative models'),
  srOutcomesAnalysis: sr117(SR_V, 'outcomes analysis', 'Model outputs are compared with actual outcomes (e.g. back-testing)'),
  srRoles: sr117(SR_VI, 'roles and responsibilities', 'Model owners and other roles are assigned and accountable'),
  srInventory: sr117(SR_VI, 'model inventory', 'A comprehensive inventory of models in use, under development and retired'),
  srDocumentation: sr117(SR_VI, 'documentation', 'Documentation detailed enough that parties unfamiliar with the model understand how it operates, its limitations and key assumptions'),

  // NIST AI RMF 1.0 subcategories.
  govern1_6: nist('GOVERN 1.6', 'Mechanisms are in place to inventory AI systems'),
  govern1_7: nist('GOVERN 1.7', 'Processes and procedures for decommissioning and phasing out AI systems safely'),
  govern2_1: nist('GOVERN 2.1', 'Roles, responsibilities and lines of communication for mapping, measuring and managing AI risks are documented'),
  map1_1: nist('MAP 1.1', 'Intended purposes and the settings of deployment are understood and documented'),
  map2_2: nist('MAP 2.2', "The AI system's knowledge limits and how its output may be used and overseen by humans are documented"),
  map2_3: nist('MAP 2.3', 'Scientific integrity and TEVV considerations (experimental design, data collection and selection) are identified and documented'),
  measure2_1: nist('MEASURE 2.1', 'Test sets, metrics and details about the tools used during TEVV are documented'),
  measure2_3: nist('MEASURE 2.3', 'Performance or assurance criteria are measured and demonstrated for conditions similar to deployment'),
  measure2_4: nist('MEASURE 2.4', 'Functionality and behavior of the AI system are monitored in production'),
  measure2_5: nist('MEASURE 2.5', 'The system is demonstrated to be valid and reliable; limitations of generalizability are documented'),
  measure2_9: nist('MEASURE 2.9', 'The AI model is explained, validated and documented; output is interpreted within its context'),
  measure2_11: nist('MEASURE 2.11', 'Fairness and bias are evaluated and results are documented'),
  manage2_2: nist('MANAGE 2.2', 'Mechanisms are in place and applied to sustain the value of deployed AI systems'),
  manage2_4: nist('MANAGE 2.4', 'Mechanisms to supersede, disengage or deactivate AI systems performing inconsistently with intended use'),
  manage4_1: nist('MANAGE 4.1', 'Post-deployment monitoring plans are implemented, including override, decommissioning, incident response, recovery and change management'),

  // ISO/IEC 42001:2023 Annex A (only controls whose number and statement were checked).
  isoA6_2_4: iso42001('A.6.2.4', 'AI system verification and validation measures are defined and documented, with criteria for their use'),
  isoA7_5: iso42001('A.7.5', 'A process records the provenance of data used in AI systems over the data and system life cycles'),
} as const satisfies Record<string, Control>;

/** A rule's reference to a control that it evidences in full. */
export function evidences(control: Control): ControlRef {
  return { ...control, extent: 'evidences' };
}

/** A rule's reference to a control that it evidences only in part. */
export function partly(control: Control): ControlRef {
  return { ...control, extent: 'partly' };
}

/** A control of one framework with the rules that cite it, each with the extent it claims. */
export interface CitedControl<R> {
  ref: ControlRef;
  citedBy: { rule: R; extent: ControlExtent }[];
}

const CONTROL_ORDER = new Map(Object.values(CONTROLS).map((c, i) => [`${c.framework}\u0000${c.control}`, i]));

/**
 * Every control of `framework` that some rule cites, in the order CONTROLS lists them (the
 * framework's own order), each with its citing rules in the order given. What the rule docs'
 * index and the evidence pack both show.
 */
export function controlsCitedBy<R extends { meta: { controls?: readonly ControlRef[] } }>(rules: readonly R[], framework: FrameworkId): CitedControl<R>[] {
  const byControl = new Map<string, CitedControl<R>>();
  for (const rule of rules) {
    for (const ref of rule.meta.controls ?? []) {
      if (ref.framework !== framework) continue;
      const entry = byControl.get(ref.control) ?? { ref, citedBy: [] };
      entry.citedBy.push({ rule, extent: ref.extent });
      byControl.set(ref.control, entry);
    }
  }
  const orderOf = (control: string) => CONTROL_ORDER.get(`${framework}\u0000${control}`) ?? Number.MAX_SAFE_INTEGER;
  return [...byControl.values()].sort((a, b) => orderOf(a.ref.control) - orderOf(b.ref.control) || (a.ref.control < b.ref.control ? -1 : a.ref.control > b.ref.control ? 1 : 0));
}
