import { pdfPageToPng } from '@docsort/document-writers';
import PDFDocument from 'pdfkit';
import type { AutomationPoint } from './automation-curve.ts';

/**
 * The automation curve as a PNG: against the review threshold, the share of documents auto-accepted (blue) and
 * the error rate among them (red), with the target error as a dashed line. Drawn like the confusion matrix.
 */
export async function automationCurvePng(
  curve: readonly AutomationPoint[],
  targetError: number,
  title: string,
): Promise<Buffer> {
  const plot = { left: 50, top: 50, width: 400, height: 250 };
  const x = (threshold: number) => plot.left + threshold * plot.width;
  const y = (share: number) => plot.top + (1 - share) * plot.height;
  const document = await new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: [plot.left + plot.width + 130, plot.top + plot.height + 50],
      margin: 0,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(title, 10, 10);
    doc.font('Helvetica').fontSize(7);
    doc.rect(plot.left, plot.top, plot.width, plot.height).stroke('#999999');
    for (let tick = 0; tick <= 10; tick++) {
      const v = tick / 10;
      doc.fillColor('black').text(v.toFixed(1), x(v) - 6, plot.top + plot.height + 4, { lineBreak: false });
      doc.text(v.toFixed(1), plot.left - 18, y(v) - 3, { lineBreak: false });
      doc
        .moveTo(plot.left, y(v))
        .lineTo(plot.left + plot.width, y(v))
        .lineWidth(0.3)
        .stroke('#e0e0e0');
    }
    doc
      .fillColor('black')
      .text('review threshold (confidence)', plot.left + plot.width / 2 - 50, plot.top + plot.height + 16);
    const line = (pick: (p: AutomationPoint) => number, color: string) => {
      curve.forEach((p, i) => {
        if (i === 0) doc.moveTo(x(p.threshold), y(pick(p)));
        else doc.lineTo(x(p.threshold), y(pick(p)));
      });
      doc.lineWidth(1.5).stroke(color);
    };
    line((p) => p.automated, '#1f5fbf');
    line((p) => p.errorRate, '#c0392b');
    doc
      .moveTo(plot.left, y(targetError))
      .lineTo(plot.left + plot.width, y(targetError))
      .dash(3, { space: 3 });
    doc.lineWidth(0.8).stroke('#c0392b').undash();
    const legend = plot.left + plot.width + 10;
    doc.fillColor('#1f5fbf').text('auto-accepted share', legend, plot.top + 10);
    doc.fillColor('#c0392b').text('error rate of the accepted', legend, plot.top + 24);
    doc.text(`target error ${targetError} (dashed)`, legend, plot.top + 38);
    doc.end();
  });
  return pdfPageToPng(document, 2);
}
