import { type DocumentClassified, reviewReasons } from '@docsort/contracts';
import type { RuntimeObserver } from '@docsort/stream-runtime';
import type { Registry } from 'prom-client';
import { type DriftBaseline, LabelDriftWindow } from './label-drift.ts';
import { family, latencyBuckets } from './metric-family.ts';

/** The model in service, read at each scrape. */
export interface ServedModel extends DriftBaseline {
  readonly name: string;
  readonly version: string;
  readonly backend: string;
}

/**
 * Classify's own series, from the records it produces: labels and industries, confidence, review routing,
 * end-to-end latency (submitted → classified, from the record's timestamps), the model in service and drift
 * of recent traffic from the model's training distribution.
 */
export function classificationObserver(
  registry: Registry,
  options: {
    /** The output whose records are classifications (classify's `classified`). */
    readonly output: string;
    readonly servedModel: () => ServedModel | undefined;
    readonly driftWindow?: number;
    /** Every label the taxonomy knows, with its industry: their series start at 0 (see below). */
    readonly labels?: ReadonlyArray<{ readonly label: string; readonly industry: string }>;
  },
): RuntimeObserver {
  const classifications = family(registry, 'counter', {
    name: 'docsort_classifications_total',
    help: 'Documents classified, by label and industry.',
    labelNames: ['label', 'industry'],
  });
  const confidence = family(registry, 'histogram', {
    name: 'docsort_classification_confidence',
    help: 'Confidence of each classification (calibrated probability of the chosen label).',
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1],
  });
  const needsReview = family(registry, 'counter', {
    name: 'docsort_needs_review_total',
    help: 'Classifications routed to documents.review, by reason: low_confidence (below the label’s threshold) or unfamiliar (too little evidence for any label).',
    labelNames: ['reason'],
  });
  const latency = family(registry, 'histogram', {
    name: 'docsort_end_to_end_latency_seconds',
    help: 'From submission (upload, bucket drop or produce) to classification, from the record’s timestamps.',
    buckets: latencyBuckets,
  });
  const window = new LabelDriftWindow(options.driftWindow);
  family(registry, 'gauge', {
    name: 'docsort_model_info',
    help: 'The model in service (value 1): name, version and the TF.js backend computing it.',
    labelNames: ['model', 'version', 'backend'],
    collect() {
      this.reset();
      const model = options.servedModel();
      if (model) this.set({ model: model.name, version: model.version, backend: model.backend }, 1);
    },
  });
  // Labelled by the model they compare with, and absent until there is something to compare: a gauge
  // without labels would read 0 (no drift) before the first document.
  const driftGauge = (name: string, help: string, read: (model: ServedModel) => number | undefined) =>
    family(registry, 'gauge', {
      name,
      help,
      labelNames: ['model', 'version'],
      collect() {
        this.reset();
        const model = options.servedModel();
        const value = model && read(model);
        if (model && value !== undefined) this.set({ model: model.name, version: model.version }, value);
      },
    });
  driftGauge(
    'docsort_drift_label_distance',
    'Total variation distance (0–1) between the labels of recent documents and the training distribution.',
    (model) => window.read(model)?.labelDistance,
  );
  driftGauge(
    'docsort_drift_recent_confidence',
    'Mean confidence of recent documents (compare with docsort_drift_reference_confidence).',
    (model) => window.read(model)?.recentMeanConfidence,
  );
  driftGauge(
    'docsort_drift_reference_confidence',
    'Mean confidence on held-out documents when the model was trained (from its manifest).',
    (model) => model.referenceConfidence,
  );
  driftGauge(
    'docsort_drift_window_documents',
    'Recent documents the drift gauges are computed over.',
    (model) => window.read(model)?.documents ?? 0,
  );
  // Series that exist from the start: Prometheus' rate() and increase() cannot see a series' first sample
  // as an increase, so a label first seen at 1 would count 0 in the dashboards.
  for (const reason of reviewReasons) needsReview.inc({ reason }, 0);
  for (const { label, industry } of options.labels ?? []) classifications.inc({ label, industry }, 0);
  return {
    processed({ outputs }) {
      for (const output of outputs) {
        if (output.to !== options.output) continue;
        const result = output.value as DocumentClassified;
        classifications.inc({ label: result.label, industry: result.industry });
        confidence.observe(result.confidence);
        // Records of a classify stage from before the reason was recorded say none.
        if (result.needsReview) needsReview.inc({ reason: result.reviewReason ?? 'unrecorded' });
        latency.observe(Math.max(0, result.classifiedAt - result.submittedAt) / 1000);
        window.add(result.label, result.confidence);
      }
    },
  };
}
