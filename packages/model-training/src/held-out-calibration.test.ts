import { TextClassifier, trainTextCnn } from '@docsort/text-classifier';
import { describe, expect, it } from 'vitest';
import { calibratedClassifier, crossFittedLabeller, heldOutCalibration } from './held-out-calibration.ts';
import type { TestDocument } from './training-data.ts';

const vocabulary: Record<string, string[]> = {
  invoice: ['invoice', 'total', 'due', 'payment', 'terms', 'vat', 'amount'],
  recipe: ['flour', 'eggs', 'oven', 'bake', 'minutes', 'sugar', 'butter'],
  other: ['weather', 'river', 'train', 'music', 'garden', 'football', 'poem'],
};
const labels = Object.keys(vocabulary);

/** Documents of `label` whose words are, with probability `blur`, another label's: held-out ones blur more. */
function documents(prefix: string, n: number, blur: number): TestDocument[] {
  let state = prefix.length * 7919;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return labels.flatMap((label) =>
    Array.from({ length: n }, (_, i) => {
      const words = Array.from({ length: 12 }, () => {
        const from = random() < blur ? (labels[Math.floor(random() * 3)] as string) : label;
        const pool = vocabulary[from] as string[];
        return pool[Math.floor(random() * pool.length)];
      });
      return { id: `${prefix}-${label}-${i}`, text: words.join(' '), filename: `scan_${i}.pdf`, label };
    }),
  );
}

describe('held-out calibration', async () => {
  const trained = await trainTextCnn({
    train: documents('train', 40, 0.2),
    validation: documents('validation', 5, 0.2),
    labels,
    seed: 3,
    epochs: 12,
  });
  const uncalibrated = TextClassifier.fromTrained(
    trained.model,
    trained.tokenizer,
    {
      name: 't',
      version: '1',
      labels,
      createdAt: '',
      dataHash: '',
      backend: trained.backend,
      metrics: {},
      trainingDistribution: {},
      temperature: 1,
    },
    trained.backend as never,
  );
  // Two folds unlike each other, so that the temperatures fitted on them differ.
  const folds = [documents('held-out-clear', 15, 0.3), documents('held-out-blurred', 15, 0.7)];
  const heldOut = folds.flat();
  const threshold = 0.6;
  const calibration = await heldOutCalibration(uncalibrated, heldOut, threshold);
  const nll = async (classifier: TextClassifier) =>
    (await classifier.probabilities(heldOut)).reduce(
      (sum, row, i) => sum - Math.log(row[labels.indexOf(heldOut[i]?.label ?? '')] ?? 0),
      0,
    );

  it('fits the temperature that makes the held-out documents likeliest', async () => {
    expect(calibration.temperature).not.toBe(1);
    const calibrated = calibratedClassifier(uncalibrated, calibration);
    expect(await nll(calibrated)).toBeLessThan(await nll(uncalibrated));
    expect(calibrated.manifest.temperature).toBe(calibration.temperature);
  });

  it('fits the temperature through what is served: windows tempered, then combined, unread text discounted', async () => {
    // Two thirds of each document in words the model never saw: its probabilities are discounted after the
    // temperature, so a temperature fitted on the discounted result would not be the likeliest as served.
    const unread = heldOut.map((d) => ({ ...d, text: `${d.text} ${'zyx qwv jkp vbn '.repeat(6)}` }));
    const { temperature } = await heldOutCalibration(uncalibrated, unread, threshold);
    const servedNll = async (t: number) =>
      (
        await uncalibrated.withManifest({ ...uncalibrated.manifest, temperature: t }).probabilities(unread)
      ).reduce((sum, row, i) => sum - Math.log(row[labels.indexOf(unread[i]?.label ?? '')] ?? 0), 0);
    const best = await servedNll(temperature);
    expect(best).toBeLessThanOrEqual(await servedNll(temperature * 1.06));
    expect(best).toBeLessThanOrEqual(await servedNll(temperature / 1.06));
  });

  it('fits the evidence floor under that temperature, below which lie 5 % of what confidence auto-accepts', async () => {
    const floor = calibration.evidenceFloor;
    expect(floor?.share).toBe(0.05);
    const tempered = uncalibrated.withManifest({
      ...uncalibrated.manifest,
      temperature: calibration.temperature,
    });
    const accepted = (await tempered.classify(heldOut.filter((d) => d.label !== 'other'))).filter(
      (a) => a.label !== 'other' && a.confidence >= threshold,
    );
    expect(floor?.documents).toBe(accepted.length);
    const below = accepted.filter((a) => (a.evidence ?? 0) < (floor?.floor ?? 0)).length;
    expect(below).toBe(Math.floor(0.05 * accepted.length));
    const served = calibratedClassifier(uncalibrated, calibration);
    expect(served.manifest.evidenceFloor).toBe(floor?.floor);
  });

  it('rates each fold under the calibration fitted on the other fold, and anything else as shipped', async () => {
    const shipped = calibratedClassifier(uncalibrated, calibration);
    const labeller = await crossFittedLabeller(uncalibrated, folds, threshold, shipped);
    const outside = documents('outside', 2, 0.3);
    const mixed = [folds[1]?.[0], folds[0]?.[0], outside[0], folds[1]?.[1]] as TestDocument[];
    const answers = await labeller(mixed);
    const under = async (fitOn: readonly TestDocument[], document: TestDocument) =>
      (
        await calibratedClassifier(
          uncalibrated,
          await heldOutCalibration(uncalibrated, fitOn, threshold),
        ).classify([document])
      )[0];
    expect(answers[0]).toEqual(await under(folds[0] ?? [], mixed[0] as TestDocument));
    expect(answers[1]).toEqual(await under(folds[1] ?? [], mixed[1] as TestDocument));
    expect(answers[2]).toEqual((await shipped.classify([mixed[2] as TestDocument]))[0]);
    expect(answers[3]).toEqual(await under(folds[0] ?? [], mixed[3] as TestDocument));
    // The two folds' temperatures differ, or the test could not tell a fold's rater from the other's.
    const temperatures = await Promise.all(
      folds.map(async (fold) => (await heldOutCalibration(uncalibrated, fold, threshold)).temperature),
    );
    expect(temperatures[0]).not.toBe(temperatures[1]);
  });
});
