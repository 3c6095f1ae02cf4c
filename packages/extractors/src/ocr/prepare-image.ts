import sharp from 'sharp';

/** A page ready for OCR: 8-bit grayscale pixels, upright as its EXIF tag says, contrast stretched. */
export interface PreparedImage {
  readonly pixels: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * Tesseract reads best when letters are 20–40 pixels high, about 300 dpi for body text. A phone photo of a
 * page (1000–1500 px across) or a 150-dpi scan has smaller letters, a 600-dpi scan far more pixels than help:
 * the longer side is brought into this range (measured with `pnpm bench:ocr`, 150 vs 300 dpi).
 */
const minLongSide = 2200;
const maxLongSide = 3600;

/** Decoders refuse images above this many pixels: a decompression bomb must not exhaust a worker's memory. */
const maxInputPixels = 80_000_000;

/**
 * EXIF orientation, grayscale, contrast normalised (faint typewriter scans, photos in dim light) and scaled;
 * rotation by 90° steps and skew are left to Tesseract's own page analysis (`--psm 1`), which detects both.
 */
export async function prepareImage(bytes: Buffer): Promise<PreparedImage> {
  const image = sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'none' }).rotate();
  const { width = 0, height = 0, orientation } = await image.metadata();
  // EXIF orientations 5–8 swap width and height.
  const longSide = Math.max(width, height);
  const scale =
    longSide < minLongSide
      ? Math.min(3, minLongSide / longSide)
      : longSide > maxLongSide
        ? maxLongSide / longSide
        : 1;
  const turned = orientation !== undefined && orientation >= 5;
  const targetWidth = Math.round((turned ? height : width) * scale);
  const { data, info } = await image
    .resize({ width: targetWidth, kernel: scale > 1 ? 'cubic' : 'lanczos3' })
    .grayscale()
    .normalise()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pixels: data, width: info.width, height: info.height };
}

/** The image as binary PGM: what Tesseract reads from stdin without decoding a compressed format. */
export function asPgm(image: PreparedImage): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`), image.pixels]);
}
