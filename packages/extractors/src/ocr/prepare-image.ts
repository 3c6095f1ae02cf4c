import sharp, { type Sharp } from 'sharp';

/** A page ready for OCR: 8-bit grayscale pixels, upright as its EXIF tag says, contrast stretched. */
export interface PreparedImage {
  readonly pixels: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * A page's longer side is brought into this range: a phone photo of a page (1000–1500 px across) or a 150-dpi
 * scan has letters too small for Tesseract, a 300- or 600-dpi scan more pixels than help — Tesseract's time
 * grows with them (an A4 page at 2400 px: 0.46 s, at 3500 px: 0.72 s) while its error rate did not fall
 * (`pnpm bench:extract -- --profile scans`: 150 dpi scaled up read as well as 300 dpi).
 */
const minLongSide = 2000;
const maxLongSide = 2600;

/** Decoders refuse images above this many pixels: a decompression bomb must not exhaust a worker's memory. */
const maxInputPixels = 80_000_000;

/**
 * An image file's page ready for OCR: EXIF orientation, grayscale, scaled, contrast stretched (faint
 * typewriter scans, photos in dim light) and straightened when skewed. Pages turned by 90° steps are for the
 * OCR engine's orientation check.
 */
export async function prepareImage(bytes: Buffer): Promise<PreparedImage> {
  const image = sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'none' }).rotate();
  const { width = 0, height = 0, orientation } = await image.metadata();
  const scale = scaleFor(width, height);
  // EXIF orientations 5–8 swap width and height.
  const turned = orientation !== undefined && orientation >= 5;
  const { data, info } = await image
    .resize({
      width: Math.round((turned ? height : width) * scale),
      kernel: scale > 1 ? 'cubic' : 'lanczos3',
    })
    // Transparent areas (PNGs) are paper, not black.
    .flatten({ background: '#ffffff' })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return straighten(await stretchContrast({ pixels: data, width: info.width, height: info.height }));
}

/** A grayscale page bitmap (a rendered PDF page) ready for OCR: scaled, contrast stretched, straightened. */
export async function prepareGray(page: PreparedImage): Promise<PreparedImage> {
  const scale = scaleFor(page.width, page.height);
  const scaled =
    scale === 1
      ? page
      : await transform(page, (image) => image.resize({ width: Math.round(page.width * scale) }));
  return straighten(await stretchContrast(scaled));
}

/** A binary PGM (what poppler's pdftoppm -gray writes) as a bitmap. */
export function fromPgm(pgm: Buffer): PreparedImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { pixels: pgm.subarray(header[0].length, header[0].length + width * height), width, height };
}

function scaleFor(width: number, height: number): number {
  const longSide = Math.max(width, height, 1);
  if (longSide < minLongSide) return Math.min(3, minLongSide / longSide);
  return longSide > maxLongSide ? maxLongSide / longSide : 1;
}

async function transform(image: PreparedImage, steps: (pipeline: Sharp) => Sharp): Promise<PreparedImage> {
  const { data, info } = await steps(
    sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } }),
  )
    // Operations on one channel may hand back three: keep it one.
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pixels: data, width: info.width, height: info.height };
}

/**
 * The darkest and lightest percent of the pixels become black and white. sharp's own `normalise` does the
 * same but cost ~300 ms on an A4 page; a histogram here and its `linear` cost ~20.
 */
async function stretchContrast(image: PreparedImage): Promise<PreparedImage> {
  const histogram = new Uint32Array(256);
  for (const value of image.pixels) histogram[value] = (histogram[value] as number) + 1;
  const clip = image.pixels.length / 100;
  let low = 0;
  for (let seen = 0; low < 255 && seen + (histogram[low] as number) <= clip; low++)
    seen += histogram[low] as number;
  let high = 255;
  for (let seen = 0; high > 0 && seen + (histogram[high] as number) <= clip; high--)
    seen += histogram[high] as number;
  // Already full-range (a clean scan), or nothing but one tone (a blank page): leave it.
  if (high - low < 8 || (low <= 24 && high >= 231)) return image;
  const gain = 255 / (high - low);
  return transform(image, (pipeline) => pipeline.linear(gain, -low * gain));
}

/** Turns the page clockwise by `degrees` (any angle), filling the corners white. */
export function rotateImage(image: PreparedImage, degrees: number): Promise<PreparedImage> {
  return transform(image, (pipeline) => pipeline.rotate(degrees, { background: '#ffffff' }));
}

/**
 * Skew beyond this is corrected: Tesseract's line finding copes with a degree or so, while at 3° the error
 * rate doubled and at 7° lines ran into each other (`--profile scans`).
 */
const minSkewDegrees = 1;
const maxSkewDegrees = 10;
/** How much more concentrated the winning projection must be than the unturned one. */
const minGain = 1.1;
/** How much more concentrated a vertical projection must be than the best horizontal one for a page on its side. */
const sidewaysGain = 3;

async function straighten(image: PreparedImage): Promise<PreparedImage> {
  const angle = await textLineAngle(image);
  return Math.abs(angle) >= minSkewDegrees ? rotateImage(image, -angle) : image;
}

/**
 * The angle of a page's text lines, in degrees clockwise from horizontal: a few degrees for a skewed scan,
 * about ±90 for a page lying on its side (turning it by −angle makes its lines horizontal; whether it then
 * stands upright or on its head is for the OCR engine's orientation check). Found by projection profiles:
 * the ink of a small copy is projected along each candidate angle, and the angle whose projection is most
 * concentrated (lines falling into few rows, the gaps between them empty) wins — if it beats no turn at all
 * clearly. Coarse steps of 1°, then quarter degrees around the best.
 */
export async function textLineAngle(image: PreparedImage): Promise<number> {
  const width = 600;
  // The middle of the picture: a photographed page's long straight edges against the desk would outweigh
  // its text lines.
  const crop = {
    left: Math.round(image.width * 0.12),
    top: Math.round(image.height * 0.12),
    width: Math.round(image.width * 0.76),
    height: Math.round(image.height * 0.76),
  };
  const small = sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } })
    .extract(crop)
    .resize({ width })
    .grayscale();
  const { data, info } = await small.clone().raw().toBuffer({ resolveWithObject: true });
  // Ink is what is clearly darker than its surroundings: text on paper, not a dark desk around a photographed
  // page or a shadow.
  const surroundings = await small.clone().blur(6).raw().toBuffer();
  const contrast = 30;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = y * info.width + x;
      if ((data[i] as number) < (surroundings[i] as number) - contrast) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return 0;
  const size = info.width + info.height;
  const bins = new Float64Array(2 * size);
  const concentration = (degrees: number) => {
    bins.fill(0);
    const sin = Math.sin((degrees * Math.PI) / 180);
    const cos = Math.cos((degrees * Math.PI) / 180);
    for (let i = 0; i < xs.length; i++) {
      const row = Math.round((ys[i] as number) * cos - (xs[i] as number) * sin) + size;
      bins[row] = (bins[row] as number) + 1;
    }
    let sum = 0;
    for (const count of bins) sum += count * count;
    return sum;
  };
  const level = concentration(0);
  const best = (candidates: readonly number[], start: { degrees: number; score: number }) =>
    candidates.reduce((top, degrees) => {
      const score = concentration(degrees);
      return score > top.score ? { degrees, score } : top;
    }, start);
  const range = (from: number, to: number, step: number) =>
    Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);
  const start = { degrees: 0, score: level };
  const horizontal = best(range(-maxSkewDegrees, maxSkewDegrees, 1), start);
  const vertical = best(range(90 - maxSkewDegrees, 90 + maxSkewDegrees, 1), { degrees: 90, score: 0 });
  // A table's columns line up vertically too: only a far stronger vertical profile means a page on its side.
  const coarse = vertical.score > horizontal.score * sidewaysGain ? vertical : horizontal;
  const fine = best(range(coarse.degrees - 0.75, coarse.degrees + 0.75, 0.25), coarse);
  // Noise makes some angle score a little higher than 0 on any page: only a clear gain is a skew.
  return fine.score > level * minGain ? fine.degrees : 0;
}

/** The image as binary PGM: what Tesseract reads from stdin without decoding a compressed format. */
export function asPgm(image: PreparedImage): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`), image.pixels]);
}
