import { pdfPageToPng } from '@docsort/document-writers';
import PDFDocument from 'pdfkit';

/**
 * The confusion matrix as a PNG: rows are the true labels, columns the predicted ones, each cell shaded by
 * its share of the row (so a small label's errors show as clearly as a big one's) and printed with its count.
 * Drawn as a PDF with pdfkit and rendered by pdf.js, the two renderers docsort already ships.
 */
export async function confusionMatrixPng(
  confusion: Record<string, Record<string, number>>,
  labels: readonly string[],
  title: string,
): Promise<Buffer> {
  const cell = 22;
  const margin = { left: 130, top: 150 };
  const size = labels.length * cell;
  const width = margin.left + size + 20;
  const height = margin.top + size + 20;
  const document = await new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({ size: [width, height], margin: 0 });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor('black')
      .text(title, 10, 10, { width: width - 20 });
    doc.font('Helvetica').fontSize(7);
    doc.text(
      'rows: true label; columns: predicted label; cells: documents (shade: share of the row)',
      10,
      30,
    );
    labels.forEach((label, i) => {
      doc.fillColor('black').text(label, 4, margin.top + i * cell + 8, {
        width: margin.left - 8,
        align: 'right',
        lineBreak: false,
      });
      doc.save();
      doc.rotate(-60, { origin: [margin.left + i * cell + cell / 2, margin.top - 4] });
      doc.text(label, margin.left + i * cell + cell / 2, margin.top - 4, { lineBreak: false });
      doc.restore();
    });
    labels.forEach((truth, row) => {
      const counts = confusion[truth] ?? {};
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      labels.forEach((predicted, column) => {
        const count = counts[predicted] ?? 0;
        const share = total ? count / total : 0;
        const x = margin.left + column * cell;
        const y = margin.top + row * cell;
        // White to blue by share; errors off the diagonal in red tones, so they stand out.
        const shade = Math.round(255 * (1 - share));
        const color = row === column ? [shade, shade, 255] : [255, shade, shade];
        doc.rect(x, y, cell, cell).fillAndStroke(color as [number, number, number], '#cccccc');
        if (count) {
          doc
            .fillColor(share > 0.5 ? 'white' : 'black')
            .text(String(count), x, y + 8, { width: cell, align: 'center', lineBreak: false });
        }
      });
    });
    doc.end();
  });
  return pdfPageToPng(document, 2);
}
