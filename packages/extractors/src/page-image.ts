import sharp from 'sharp';
import { detectFormat } from './detect-format.ts';
import { renderPdfPage } from './formats/pdf-pages.ts';
import { maxInputPixels } from './ocr/prepare-image.ts';

/** What `renderPageImage` found: the page as a PNG, or why there is none. */
export type PageImage =
  | { readonly kind: 'page'; readonly png: Buffer; readonly pageCount: number }
  | { readonly kind: 'past-last-page'; readonly pageCount: number }
  | { readonly kind: 'not-a-picture'; readonly format: string };

const pictureFormats = new Set(['png', 'jpeg', 'tiff', 'webp']);

/**
 * Page `pageNumber` (from 1) of a PDF or an image file as a person sees it: a colour PNG whose longer side is
 * at most `longSide` pixels, upright as the image's EXIF tag says. A multi-page TIFF has its pages; other
 * images have one. Other formats have no pictures ('not-a-picture'). Bad files fail as PermanentError.
 */
export async function renderPageImage(
  bytes: Buffer,
  pageNumber: number,
  options: { readonly longSide: number; readonly deadlineAt: number },
): Promise<PageImage> {
  const { format } = await detectFormat(bytes);
  if (format === 'pdf') {
    const { png, pageCount } = await renderPdfPage(bytes, pageNumber, options);
    return png ? { kind: 'page', png, pageCount } : { kind: 'past-last-page', pageCount };
  }
  if (!pictureFormats.has(format)) return { kind: 'not-a-picture', format };
  const { pages = 1 } = await sharp(bytes, { limitInputPixels: maxInputPixels }).metadata();
  if (pageNumber < 1 || pageNumber > pages) return { kind: 'past-last-page', pageCount: pages };
  const png = await sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'none', page: pageNumber - 1 })
    .rotate()
    .resize({ width: options.longSide, height: options.longSide, fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
  return { kind: 'page', png, pageCount: pages };
}
