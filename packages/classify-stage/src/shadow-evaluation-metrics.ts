import type { ModelManifest } from '@docsort/text-classifier';
import { Gauge, type Registry } from 'prom-client';

/**
 * The served model's shadow evaluation, as `docsort models promote` wrote it into its manifest (metrics
 * `shadowAccuracy`, `shadowLiveAccuracy`, `shadowDocuments`): read from the model in service at each scrape,
 * so a hot swap changes them. Absent for a model promoted without a comparison (the first, the shipped one).
 */
export function shadowEvaluationGauges(
  registry: Registry,
  servedManifest: () => ModelManifest | undefined,
): void {
  const gauge = (name: string, help: string, metric: string) =>
    new Gauge({
      name,
      help,
      labelNames: ['model', 'version'],
      registers: [registry],
      collect() {
        this.reset();
        const manifest = servedManifest();
        const value = manifest?.metrics[metric];
        if (manifest && typeof value === 'number' && Number.isFinite(value))
          this.set({ model: manifest.name, version: manifest.version }, value);
      },
    });
  gauge(
    'docsort_model_shadow_accuracy',
    'Accuracy of the model in service on the most recently reviewed documents when it was promoted (reviewers’ labels as truth).',
    'shadowAccuracy',
  );
  gauge(
    'docsort_model_shadow_replaced_accuracy',
    'Accuracy, on the same documents, of the model that was live when the one in service was promoted.',
    'shadowLiveAccuracy',
  );
  gauge(
    'docsort_model_shadow_documents',
    'Reviewed documents the shadow evaluation of the model in service compared on.',
    'shadowDocuments',
  );
}
