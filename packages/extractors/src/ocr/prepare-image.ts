import sharp, { type Sharp } from 'sharp';

/** A page ready for OCR: 8-bit grayscale pixels, upright as its EXIF tag says, contrast stretched. */
export interface PreparedImage {
  readonly pixels: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * Images are scaled only when far from what Tesseract reads well: a small picture (a thumbnail, a phone
 * screenshot of a receipt) is enlarged to `minLongSide`, a huge scan reduced to `maxLongSide`; everything in
 * between is read as it is. Scaling every page to one size went wrong on real files: an 1100-px image with
 * large type, enlarged to A4-at-270-dpi, lost whole lines, because Tesseract reads by the text's size, not
 * the page's. Time grows with the pixels, accuracy did not (`pnpm bench:extract -- --profile scans`).
 */
const smallLongSide = 1000;
const minLongSide = 1600;
const maxLongSide = 3000;

/** Decoders refuse images above this many pixels: a decompression bomb must not exhaust a worker's memory. */
export const maxInputPixels = 80_000_000;

/**
 * An image file's page ready for OCR: EXIF orientation, grayscale, then as `prepareGray`. Pages turned by 90°
 * steps are for the OCR engine's orientation check.
 */
export async function prepareImage(bytes: Buffer): Promise<PreparedImage> {
  const { data, info } = await sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'none' })
    .rotate()
    // Transparent areas (PNGs) are paper, not black.
    .flatten({ background: '#ffffff' })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return prepareGray({ pixels: data, width: info.width, height: info.height });
}

/**
 * A grayscale page (an image file's, or a rendered PDF page) ready for OCR: straightened when its lines are
 * skewed or it lies on its side, scaled when far too small or large, and its contrast stretched (faint
 * typewriter scans, photos in dim light).
 */
export async function prepareGray(page: PreparedImage): Promise<PreparedImage> {
  const angle = await textLineAngle(page);
  const straight = Math.abs(angle) >= minSkewDegrees ? await rotateImage(page, -angle) : page;
  const scale = scaleFor(straight);
  const scaled =
    Math.abs(scale - 1) < 0.05
      ? straight
      : await transform(straight, (image) =>
          image.resize({
            width: Math.round(straight.width * scale),
            kernel: scale > 1 ? 'cubic' : 'lanczos3',
          }),
        );
  return stretchContrast(scaled);
}

/** A binary PGM (what poppler's pdftoppm -gray writes) as a bitmap. */
export function fromPgm(pgm: Buffer): PreparedImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { pixels: pgm.subarray(header[0].length, header[0].length + width * height), width, height };
}

/** The image as binary PGM: what Tesseract reads from stdin without decoding a compressed format. */
export function asPgm(image: PreparedImage): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`), image.pixels]);
}

/** Turns the page clockwise by `degrees` (any angle), filling the corners white. */
export function rotateImage(image: PreparedImage, degrees: number): Promise<PreparedImage> {
  return transform(image, (pipeline) => pipeline.rotate(degrees, { background: '#ffffff' }));
}

function scaleFor(image: PreparedImage): number {
  const longSide = Math.max(image.width, image.height, 1);
  if (longSide < smallLongSide) return minLongSide / longSide;
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

/**
 * Skew beyond this is corrected: Tesseract's line finding copes with a degree or so, while at 3° the error
 * rate doubled and at 7° lines ran into each other (`--profile scans`).
 */
const minSkewDegrees = 1;
const maxSkewDegrees = 10;
/**
 * Ink running down a column for longer than this share of the picture is an edge, not text: where a dark
 * desk or an open scanner lid meets a grey card or a receipt, the dark side of the border is darker than its
 * surroundings from top to bottom, and such a border outweighed a small receipt's text lines, so the page
 * was taken to lie on its side. A word of a page that does lie on its side runs down a column too, but for
 * a few percent of it.
 */
const maxInkRunShare = 0.15;
/** How much more concentrated the winning projection must be than the unturned one. */
const minGain = 1.1;
/** How much more concentrated a vertical projection must be than the best horizontal one for a page on its side. */
const sidewaysGain = 3;

/**
 * The angle of a page's text lines, in degrees clockwise from horizontal: a few for a skewed scan, about ±90
 * for a page on its side (turning it by −angle makes its lines horizontal; whether it then stands upright or
 * on its head is for the OCR engine's orientation check). Found by projection profiles: the ink of a small
 * copy is projected along each candidate angle, and the angle whose projection is most concentrated (lines
 * falling into few rows, the gaps between them empty) wins — if it beats no turn at all clearly. Coarse steps
 * of 1°, then quarter degrees around the best.
 */
export async function textLineAngle(image: PreparedImage): Promise<number> {
  const width = 600;
  // The middle of the picture: a photographed page's long straight edges against the desk would outweigh
  // its text lines.
  const crop = {
    left: Math.round(image.width * 0.12),
    top: Math.round(image.height * 0.12),
    width: Math.max(1, Math.round(image.width * 0.76)),
    height: Math.max(1, Math.round(image.height * 0.76)),
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
  const ink = new Uint8Array(info.width * info.height);
  for (let i = 0; i < ink.length; i++) {
    if ((data[i] as number) < (surroundings[i] as number) - contrast) ink[i] = 1;
  }
  withoutLongVerticalRuns(ink, info.width, info.height, Math.round(info.height * maxInkRunShare));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (ink[y * info.width + x]) {
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
  const horizontal = best(range(-maxSkewDegrees, maxSkewDegrees, 1), { degrees: 0, score: level });
  const vertical = best(range(90 - maxSkewDegrees, 90 + maxSkewDegrees, 1), { degrees: 90, score: 0 });
  // A table's columns line up vertically too: only a far stronger vertical profile means a page on its side.
  const coarse = vertical.score > horizontal.score * sidewaysGain ? vertical : horizontal;
  const fine = best(range(coarse.degrees - 0.75, coarse.degrees + 0.75, 0.25), coarse);
  // Noise makes some angle score a little higher than 0 on any page: only a clear gain is a skew.
  return fine.score > level * minGain ? fine.degrees : 0;
}

/** Clears, in place, every vertical run of ink (1s of a row-major `width` × `height` mask) longer than `maxRun`. */
function withoutLongVerticalRuns(ink: Uint8Array, width: number, height: number, maxRun: number): void {
  for (let x = 0; x < width; x++) {
    let start = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && ink[y * width + x]) continue;
      if (y - start > maxRun) for (let r = start; r < y; r++) ink[r * width + x] = 0;
      start = y + 1;
    }
  }
}
