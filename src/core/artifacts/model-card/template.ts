// The `governance:` block of the model card template, in core so that a rule can hand it to a
// card that lacks one (model-card-governance puts it in its suggestion) and `modelgate init`
// writes exactly the same block into its template (adapters/cli/card-template.ts). The values are
// obviously placeholders: left unedited, the TODOs are findings (model-card-no-placeholders).
export const GOVERNANCE_BLOCK_TEMPLATE = `governance:
  model: my-model                      # TODO: the model's name
  version: 0.1.0                       # semver; bump it whenever the model changes
  owners: ["@your-org/your-team"]      # TODO: the team accountable for this model
  risk_tier: medium                    # low | medium | high: the policy sets the approvals per tier
  intended_use: TODO say what the model is for and who uses its output.
  lineage: lineage.yaml                # data lineage manifest, relative to this card
  tuning_log: tuning/trials.jsonl      # hyperparameter search log, relative to this card
  hyperparameters: {learning_rate: 0.05, max_depth: 6}
  evaluation:
    split: test                        # never train or validation
    metrics:
      - {name: auc, value: 0.5, ci95: [0.49, 0.51], n: 1000}
    baselines:
      - {name: logistic-regression, metrics: {auc: 0.5}}        # a simple baseline
      - {name: production, version: 0.0.0, metrics: {auc: 0.5}} # the model serving today, if any
    slices:
      - {name: "segment=a", metrics: {auc: 0.5}, n: 500}
  monitoring:
    drift: {method: psi, features: [feature_a], threshold: 0.2}
    performance: {metric: auc, threshold: 0.45, window: 7d}
    alert: "#your-team-oncall"
  retraining: {trigger: drift, schedule: monthly}
  fallback: {strategy: previous-version, description: TODO say how to roll back.}
  retirement: {criteria: TODO say when the model should be retired, review_by: 2030-01-01}
  explainability: {method: shap, artifact: reports/shap_summary.png}
`;
