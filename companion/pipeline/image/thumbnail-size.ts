// The size Pillow's Image.thumbnail((boxW, boxH)) gives (Pillow 9–11 preserve_aspect_ratio): an image
// that already fits the box keeps its size (never upscaled); otherwise the limiting axis gets the box
// side and the other axis floor or ceil of the exact value, whichever gives the aspect ratio closest
// to the original (ties → floor, as Python's min() keeps the first), and never less than 1.
// 400x300 in 50x50 → 50x38; 120x300 → 20x50; 300x100 → 50x17; 101x100 → 50x50; 199x100 → 50x25.

export interface Size {
  width: number;
  height: number;
}

/** Pillow's round_aspect: floor or ceil of `value`, the one `distance` prefers (floor on a tie), at least 1. */
function roundAspect(value: number, distance: (n: number) => number): number {
  const low = Math.floor(value);
  const high = Math.ceil(value);
  const best = distance(high) < distance(low) ? high : low;
  return Math.max(best, 1);
}

/** The size of Image.thumbnail((boxW, boxH)) for a width × height image; the same size when it fits. */
export function thumbnailSize(width: number, height: number, boxW: number, boxH: number): Size {
  const x = Math.floor(boxW);
  const y = Math.floor(boxH);
  if (x >= width && y >= height) return { width, height };
  const aspect = width / height;
  if (x / y >= aspect) {
    return { width: roundAspect(y * aspect, (n) => Math.abs(aspect - n / y)), height: y };
  }
  return { width: x, height: roundAspect(x / aspect, (n) => (n === 0 ? 0 : Math.abs(aspect - x / n))) };
}
