import { describe, expect, it } from 'vitest';
import type { DocumentLabeller } from './model-evaluation.ts';
import {
  promotionDecision,
  renderShadowEvaluation,
  type ShadowDocument,
  shadowEvaluation,
  shadowMetrics,
} from './shadow-evaluation.ts';

/** Reviewed documents whose text names their label. */
const reviewed = (labels: readonly string[]): ShadowDocument[] =>
  labels.map((label, i) => ({ label, text: `a ${label} number ${i}`, filename: `scan_${i}.pdf` }));

/** Labels a document by the word in its text, except the first `wrong` documents, which it calls `other`. */
const labellerWrongOn =
  (wrong: number): DocumentLabeller =>
  async (documents) =>
    documents.map((d, i) => ({ label: i < wrong ? 'other' : (d.text.split(' ')[1] ?? ''), confidence: 0.9 }));

const thirty = reviewed(Array.from({ length: 30 }, (_, i) => (i % 3 ? 'invoice' : 'payslip')));

describe('shadow evaluation', () => {
  it('counts what each model gets right on the same documents', async () => {
    const comparison = await shadowEvaluation(
      { version: '2', labeller: labellerWrongOn(3) },
      { version: '1', labeller: labellerWrongOn(6) },
      thirty,
    );
    expect(comparison).toMatchObject({
      documents: 30,
      verdict: 'not-worse',
      candidate: { version: '2', correct: 27, accuracy: 0.9 },
      live: { version: '1', correct: 24, accuracy: 0.8 },
    });
    expect(comparison.candidate.macroF1).toBeGreaterThan(comparison.live?.macroF1 ?? 1);
    expect(shadowMetrics(comparison)).toMatchObject({
      shadowDocuments: 30,
      shadowAccuracy: 0.9,
      shadowLiveAccuracy: 0.8,
    });
  });

  it('calls a candidate with one document fewer right worse, and as many right not worse', async () => {
    const live = { version: '1', labeller: labellerWrongOn(4) };
    const worse = await shadowEvaluation({ version: '2', labeller: labellerWrongOn(5) }, live, thirty);
    expect(worse.verdict).toBe('worse');
    const equal = await shadowEvaluation({ version: '3', labeller: labellerWrongOn(4) }, live, thirty);
    expect(equal.verdict).toBe('not-worse');
    const tolerated = await shadowEvaluation({ version: '2', labeller: labellerWrongOn(5) }, live, thirty, {
      toleranceDocuments: 1,
    });
    expect(tolerated.verdict).toBe('not-worse');
  });

  it('refuses a worse candidate unless forced, and says which and by how much', async () => {
    const comparison = await shadowEvaluation(
      { version: '2', labeller: labellerWrongOn(10) },
      { version: '1', labeller: labellerWrongOn(0) },
      thirty,
    );
    const refused = promotionDecision(comparison, false);
    expect(refused.promote).toBe(false);
    expect(refused.reason).toMatch(/worse than the live model: 2 labelled 20 of 30 .* live 1 30; --force/);
    const forced = promotionDecision(comparison, true);
    expect(forced).toMatchObject({
      promote: true,
      reason: expect.stringMatching(/promoted anyway \(--force\)/),
    });
    const report = renderShadowEvaluation(comparison, refused, new Date('2026-12-05T03:00:00Z'));
    expect(report).toContain('| candidate | 2 | 20 | 0.6667 |');
    expect(report).toContain('| live | 1 | 30 | 1 |');
    expect(report).toContain('Not promoted: worse than the live model');
  });

  it('below the minimum, promotes a candidate that is not worse and says the evidence is thin', async () => {
    const few = thirty.slice(0, 10);
    const comparison = await shadowEvaluation(
      { version: '2', labeller: labellerWrongOn(0) },
      { version: '1', labeller: labellerWrongOn(3) },
      few,
    );
    expect(comparison).toMatchObject({ verdict: 'too-few-documents', candidate: { correct: 10 } });
    const decision = promotionDecision(comparison, false);
    expect(decision.promote).toBe(true);
    expect(decision.reason).toMatch(
      /^not worse on the 10 reviewed documents there are \(fewer than 30: thin evidence\)/,
    );
  });

  it('below the minimum, still refuses a candidate that is worse on the documents there are', async () => {
    const few = thirty.slice(0, 10);
    const comparison = await shadowEvaluation(
      { version: '2', labeller: labellerWrongOn(10) },
      { version: '1', labeller: labellerWrongOn(0) },
      few,
    );
    expect(comparison).toMatchObject({ verdict: 'worse', candidate: { correct: 0 } });
    expect(promotionDecision(comparison, false).promote).toBe(false);
    expect(promotionDecision(comparison, true).promote).toBe(true);
  });

  it('with nothing live, or nothing reviewed, promotes', async () => {
    const first = await shadowEvaluation({ version: '1', labeller: labellerWrongOn(0) }, undefined, thirty);
    expect(first).toMatchObject({ verdict: 'no-live-model', live: null });
    expect(promotionDecision(first, false).promote).toBe(true);
    const none = await shadowEvaluation(
      { version: '2', labeller: labellerWrongOn(0) },
      { version: '1', labeller: labellerWrongOn(0) },
      [],
    );
    expect(none).toMatchObject({ documents: 0, verdict: 'too-few-documents', candidate: { accuracy: 0 } });
  });
});
