// A clean rendered page made to look captured: what a phone camera or a flatbed scanner hands a pipeline.
// OCR cost and accuracy depend on exactly these flaws, so benchmarks and tests of scans need them.
import { createCanvas, loadImage } from '@napi-rs/canvas';

/** How the capture changes the page. */
export interface CaptureLook {
  /** Seeds the noise and the direction of the light: the same look gives the same bytes. */
  readonly seed: number;
  /** How far the page is turned, degrees: a few for a hand-held phone, under one on a scanner. */
  readonly angleDegrees: number;
  /** What shows around the page: a desk, or the scanner's white lid. */
  readonly background: string;
  /** Room around the page on each side, as a share of its width (0: the page fills the picture). */
  readonly margin: number;
  /** Blur radius in pixels: focus and hand shake. */
  readonly blurPx: number;
  /** Sensor noise, ± this much per pixel (0–255). */
  readonly noise: number;
  /** Uneven light: how dark the far corner gets (0–1). */
  readonly shadow: number;
  readonly format: 'jpeg' | 'png';
  /** JPEG quality, 0–100. */
  readonly quality: number;
}

/** A phone photo of a printed page: turned, on a desk, in a 3:4 frame, lit from one side, soft and noisy. */
export const phonePhotoLook: CaptureLook = {
  seed: 1,
  angleDegrees: 3,
  background: '#6f6a63',
  margin: 0.1,
  blurPx: 0.9,
  noise: 12,
  shadow: 0.35,
  format: 'jpeg',
  quality: 75,
};

/** A flatbed scan: nearly straight, white around, a little soft and speckled, JPEG as most scanners store it. */
export const flatbedScanLook: CaptureLook = {
  seed: 1,
  angleDegrees: 0.5,
  background: '#ffffff',
  margin: 0,
  blurPx: 0.4,
  noise: 6,
  shadow: 0,
  format: 'jpeg',
  quality: 85,
};

/** mulberry32: a tiny seeded generator, so the noise is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The page image (PNG or JPEG bytes) as captured with `look`. */
export async function capturePage(page: Buffer, look: CaptureLook): Promise<Buffer> {
  const image = await loadImage(page);
  const random = seededRandom(look.seed);
  const width = Math.round(image.width * (1 + 2 * look.margin));
  // A margin means a camera: its 3:4 frame. Without one the picture is the page, as a scanner crops it.
  const height = look.margin > 0 ? Math.round((width * 4) / 3) : image.height;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = look.background;
  ctx.fillRect(0, 0, width, height);

  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate((look.angleDegrees * Math.PI) / 180);
  if (look.blurPx > 0) ctx.filter = `blur(${look.blurPx}px)`;
  ctx.drawImage(image, -image.width / 2, -image.height / 2);
  ctx.restore();

  if (look.shadow > 0) {
    // Light from a seeded side: one corner bright, the opposite one dim.
    const fromLeft = random() < 0.5;
    const light = ctx.createLinearGradient(fromLeft ? 0 : width, 0, fromLeft ? width : 0, height);
    light.addColorStop(0, 'rgba(0,0,0,0)');
    light.addColorStop(1, `rgba(0,0,0,${look.shadow})`);
    ctx.fillStyle = light;
    ctx.fillRect(0, 0, width, height);
  }

  if (look.noise > 0) {
    const pixels = ctx.getImageData(0, 0, width, height);
    const data = pixels.data;
    for (let i = 0; i < data.length; i += 4) {
      // Mostly brightness noise, as a sensor's is; the array clamps to 0–255 itself.
      const grain = (random() * 2 - 1) * look.noise;
      data[i] = (data[i] as number) + grain;
      data[i + 1] = (data[i + 1] as number) + grain;
      data[i + 2] = (data[i + 2] as number) + grain;
    }
    ctx.putImageData(pixels, 0, 0);
  }

  // The synchronous encoder (the same bytes as `encode`): the asynchronous one crashed the process now and
  // then (SIGSEGV) under load — 3 of 6 runs of training's OCR in the loop on two busy cores (crashes of the
  // async encode under load are reported upstream: Brooooooklyn/canvas#862, oven-sh/bun#12375).
  return look.format === 'jpeg' ? canvas.toBuffer('image/jpeg', look.quality) : canvas.toBuffer('image/png');
}
