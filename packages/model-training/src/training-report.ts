import type { ClassificationMetrics } from '@docsort/text-classifier';
import type { TestSetMetrics } from './model-evaluation.ts';
import type { EvaluationReport, RealDocumentsReport, TrainModelOptions } from './train-model.ts';

const row = (model: string, set: string, m: ClassificationMetrics) =>
  `| ${model} | ${set} | ${m.count} | ${m.accuracy} | ${m.macroF1} | ${m.ece} |`;

const rows = (model: string, m: TestSetMetrics) => [
  row(model, 'in-template', m.inTemplate),
  row(model, 'out-of-template', m.outOfTemplate),
  row(model, 'in-template, misleading filenames', m.inTemplateMisleadingNames),
  row(model, 'out-of-template, misleading filenames', m.outOfTemplateMisleadingNames),
];

const percent = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** The model and the anchors on real documents: the figures that matter, beside the synthetic ones above. */
function realDocumentsSection(real: RealDocumentsReport): string[] {
  return [
    `## Real documents: ${real.source} (${real.documents})`,
    '',
    'The same documents, as extracted by the pipeline, for the text CNN and the anchors trained on the same data ' +
      `(the anchors' confidence is their own softmax). ECE if calibrated: what a perfectly calibrated model would show at the same confidences — on a few dozen documents, ECE is above 0 even then; read it against this. Auto-accepted: at or above the review threshold ${real.models[0]?.routing.threshold ?? ''} and not unfamiliar (the text CNN's open-set check, when its manifest has a floor).`,
    '',
    '| model | accuracy | macro-F1 | ECE | ECE if calibrated | out-of-taxonomy to `other` or review | auto-accepted | wrong among auto-accepted |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...real.models.map(
      ({ model, metrics: m, openSetRejection, routing }) =>
        `| ${model} | ${m.accuracy} | ${m.macroF1} | ${m.ece} | ${m.eceIfCalibrated} | ${percent(openSetRejection)} | ` +
        `${percent(1 - routing.routedShare)} | ${percent(routing.errorRateAfterRouting)} |`,
    ),
    '',
  ];
}

/** report.md: how the model was made and how it does, beside the baselines, on the same test sets. */
export function renderTrainingReport(
  options: Pick<
    TrainModelOptions,
    'name' | 'version' | 'seed' | 'perLabel' | 'epochs' | 'ocrShare' | 'pageFurniture'
  >,
  r: EvaluationReport,
  exampleOnlyLabels: readonly string[],
): string {
  const perLabel = Object.keys(r.cnn.outOfTemplate.perLabelF1).length
    ? r.cnn.outOfTemplate.perLabelF1
    : r.cnn.inTemplate.perLabelF1;
  const labels = Object.keys({ ...r.cnn.inTemplate.perLabelF1, ...r.cnn.outOfTemplate.perLabelF1 }).sort();
  return [
    `# Model ${options.name} ${options.version}`,
    '',
    `Trained with \`docsort train --seed ${options.seed} --per-label ${options.perLabel} --epochs ${options.epochs}${options.ocrShare ? ` --ocr-share ${options.ocrShare}` : ''}${options.pageFurniture ? ` --page-furniture ${options.pageFurniture}` : ''}${r.calibration ? '' : ' --no-calibrate'}${r.pretrained ? ' --pretrained' : ''}${r.members > 1 ? ` --members ${r.members}` : ''}\` ` +
      `in ${r.trainingSeconds} s (${r.members > 1 ? `${r.members} networks averaged, each ` : ''}${r.epochs} epochs${r.calibration ? '' : ', early stopping'}` +
      `${r.lineDropout ? `; a fresh ${Math.round(r.lineDropout * 100)} % of each document's lines hidden every epoch` : ''}) on ${r.data.train} documents ` +
      `(${r.data.examples} stored examples).` +
      (r.ocrInTheLoop
        ? ` ${r.ocrInTheLoop.documents} of them were printed, captured as a phone photo or a scan, and read back by OCR (${r.ocrInTheLoop.engine}).`
        : '') +
      (r.pretrained
        ? ` Every one of its ${r.pretrained.words} vocabulary words started from the vector ${r.pretrained.encoder} gives it (frozen; a learnt projection added to the word's own embedding).`
        : '') +
      (exampleOnlyLabels.length
        ? ` Learnt from stored examples only: ${exampleOnlyLabels.join(', ')}.`
        : '') +
      (r.calibration
        ? ` Confidence calibrated with temperature ${r.calibration.temperature}, fitted on the ${r.data.outOfTemplate} out-of-template documents (layouts the model never saw).`
        : ' Confidence not calibrated (`--no-calibrate`).') +
      (r.calibration?.evidenceFloor
        ? ` Open-set check: a document whose strongest logit among the taxonomy's labels is below ${r.calibration.evidenceFloor.floor.toFixed(3)} goes to review however confident — ${Math.round(r.calibration.evidenceFloor.share * 100)} % of the ${r.calibration.evidenceFloor.documents} out-of-template documents that confidence alone auto-accepts.`
        : '') +
      (r.calibration
        ? " The out-of-template figures below score each of the two halves of those documents (each label's held-out templates alternate between them) under the temperature and floor fitted on the other half."
        : ''),
    '',
    '| model | test set | documents | accuracy | macro-F1 | ECE |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows('text CNN', r.cnn),
    ...(r.tfidfBaseline ? rows('TF-IDF + logistic regression', r.tfidfBaseline) : []),
    ...(r.encoderBaseline
      ? rows('pretrained word vectors (mean) + logistic regression', r.encoderBaseline)
      : []),
    ...rows('filename rules', r.filenameBaseline),
    '',
    `Out-of-taxonomy documents labelled \`other\` or routed to review: ${r.openSetRejection}.`,
    `Routing below confidence ${r.routing.threshold}: ${r.routing.routedShare} of documents to review, ` +
      `error rate of the rest ${r.routing.errorRateAfterRouting}.`,
    '',
    ...(r.real ? realDocumentsSection(r.real) : []),
    '## Per-label F1 (text CNN)',
    '',
    '| label | in-template | out-of-template |',
    '| --- | --- | --- |',
    ...labels.map(
      (l) =>
        `| ${l} | ${r.cnn.inTemplate.perLabelF1[l] ?? '–'} | ${r.cnn.outOfTemplate.perLabelF1[l] ?? '–'} |`,
    ),
    '',
    `Lowest: ${Object.entries(perLabel)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 5)
      .map(([label, f1]) => `${label} ${f1}`)
      .join(', ')}. Confusion matrix (out-of-template): \`confusion-matrix.png\`.`,
    '',
  ].join('\n');
}
