import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderPageImage } from './page-image.ts';
import { docx, pdf } from './testing/document-fixtures.ts';

const options = { longSide: 1600, deadlineAt: Date.now() + 60_000 };

async function size(png: Buffer) {
  const { width, height, format, channels } = await sharp(png).metadata();
  return { width, height, format, channels };
}

describe('renderPageImage', () => {
  it('renders the asked page of a PDF in colour, its longer side 1600 px, with the page count', async () => {
    const document = await pdf([], { pages: [['first page'], ['second page'], ['third page']] });
    const page = await renderPageImage(document, 2, options);
    expect(page.kind).toBe('page');
    if (page.kind !== 'page') return;
    expect(page.pageCount).toBe(3);
    const { width, height, format, channels } = await size(page.png);
    expect(format).toBe('png');
    expect(channels).toBeGreaterThanOrEqual(3);
    // A4 is portrait: its height is the longer side.
    expect(height).toBe(1600);
    expect(width).toBeLessThan(1600);
  });

  it('has no page past the last one, nor before the first', async () => {
    const document = await pdf(['only page']);
    expect(await renderPageImage(document, 2, options)).toEqual({ kind: 'past-last-page', pageCount: 1 });
    expect(await renderPageImage(document, 0, options)).toEqual({ kind: 'past-last-page', pageCount: 1 });
  });

  it('turns a photo upright as its EXIF tag says and scales it down to 1600 px', async () => {
    // 4000 × 1000 as stored, tagged "turn 90° clockwise to view" (orientation 6): seen as 1000 × 4000.
    const photo = await sharp({ create: { width: 4000, height: 1000, channels: 3, background: '#c33' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const page = await renderPageImage(photo, 1, options);
    expect(page.kind).toBe('page');
    if (page.kind !== 'page') return;
    expect(page.pageCount).toBe(1);
    expect(await size(page.png)).toMatchObject({ width: 400, height: 1600, format: 'png' });
    expect(await renderPageImage(photo, 2, options)).toEqual({ kind: 'past-last-page', pageCount: 1 });
  });

  it('does not enlarge a small image', async () => {
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const page = await renderPageImage(small, 1, options);
    expect(page.kind === 'page' && (await size(page.png))).toMatchObject({ width: 300, height: 200 });
  });

  it('has no pictures for formats that are text', async () => {
    expect(await renderPageImage(await docx(['a letter']), 1, options)).toEqual({
      kind: 'not-a-picture',
      format: 'docx',
    });
  });
});
