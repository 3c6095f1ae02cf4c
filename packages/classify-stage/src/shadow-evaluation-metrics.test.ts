import type { ModelManifest } from '@docsort/text-classifier';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { shadowEvaluationGauges } from './shadow-evaluation-metrics.ts';

const manifest = (version: string, metrics: Record<string, unknown>): ModelManifest => ({
  name: 'docsort-text-cnn',
  version,
  labels: ['invoice', 'other'],
  createdAt: '2026-12-05T00:00:00.000Z',
  dataHash: 'hash',
  backend: 'wasm',
  metrics,
  trainingDistribution: {},
});

describe('shadow evaluation gauges', () => {
  it("follow the served model's manifest, and are absent for a model promoted without a comparison", async () => {
    const registry = new Registry();
    let served: ModelManifest | undefined = manifest('1', { outOfTemplateMacroF1: 0.8 });
    shadowEvaluationGauges(registry, () => served);
    expect(await registry.metrics()).not.toMatch(/^docsort_model_shadow_accuracy\{/m);

    served = manifest('2', { shadowAccuracy: 0.91, shadowLiveAccuracy: 0.87, shadowDocuments: 200 });
    const text = await registry.metrics();
    expect(text).toContain('docsort_model_shadow_accuracy{model="docsort-text-cnn",version="2"} 0.91');
    expect(text).toContain(
      'docsort_model_shadow_replaced_accuracy{model="docsort-text-cnn",version="2"} 0.87',
    );
    expect(text).toContain('docsort_model_shadow_documents{model="docsort-text-cnn",version="2"} 200');
  });
});
