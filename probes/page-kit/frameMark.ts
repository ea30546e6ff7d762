// The mark every frame of the marked source carries: its frame number and send time as black
// and white blocks in a strip along the top, error-checked by a CRC-8, laid out in source
// coordinates (640x480) so a frame received at any resolution is read at the same fractions.
// Blocks of 20x20 source pixels survive VP8/H.264 at a few hundred kbit/s and a downscale to
// 160x120 (5 px per block); two reference blocks per row (white, black) set the threshold, so
// a darker or washed-out picture still reads. Pure and browser-safe: the page draws and reads
// it, unit tests check it on synthetic pixels.

export const SOURCE_WIDTH = 640;
export const SOURCE_HEIGHT = 480;
const BLOCK = 20;
const ROW_GAP = 4;
const LEFT = 20;
const TOP = 4;
const DATA_BITS_PER_ROW = 24;
const ROWS = 2;
/** Luma the marks are drawn with: video range, so limited-range encoders keep them. */
export const MARK_WHITE = 235;
export const MARK_BLACK = 16;
/** Rows 0..SCENE_TOP-1 hold the marks; the moving scene (and picture quality) lies below. */
export const SCENE_TOP = TOP + ROWS * (BLOCK + ROW_GAP) + 4;

/** Bits of the payload: 16 frame number, 24 send time (ms since the source started, mod 2^24), 8 CRC. */
const FRAME_BITS = 16;
const TIME_BITS = 24;
export const FRAME_MODULO = 2 ** FRAME_BITS;
export const TIME_MODULO = 2 ** TIME_BITS;

export interface Mark {
  frame: number;
  sendMs: number;
}

/** One block in source coordinates: `bit` indexes the payload, or it is a reference block. */
export interface MarkBlock {
  x: number;
  y: number;
  size: number;
  role: number | 'white' | 'black';
}

/** Where every block sits; the same table draws and reads. */
export const MARK_BLOCKS: readonly MarkBlock[] = Array.from({ length: ROWS }, (_, row) => {
  const y = TOP + row * (BLOCK + ROW_GAP);
  const refs: MarkBlock[] = [
    { x: LEFT, y, size: BLOCK, role: 'white' },
    { x: LEFT + BLOCK, y, size: BLOCK, role: 'black' },
  ];
  const data = Array.from(
    { length: DATA_BITS_PER_ROW },
    (_, i): MarkBlock => ({ x: LEFT + (i + 2) * BLOCK, y, size: BLOCK, role: row * DATA_BITS_PER_ROW + i }),
  );
  return [...refs, ...data];
}).flat();

/** CRC-8 (polynomial 0x07) over bytes: rejects any 1-2 bit error in the 40 payload bits. */
export function crc8(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function payloadBytes(frame: number, sendMs: number): number[] {
  const f = frame % FRAME_MODULO;
  const t = Math.floor(sendMs) % TIME_MODULO;
  return [f >> 8, f & 0xff, t >> 16, (t >> 8) & 0xff, t & 0xff];
}

/** The 48 bits to draw, most significant first. */
export function encodeMark(frame: number, sendMs: number): boolean[] {
  const bytes = payloadBytes(frame, sendMs);
  return [...bytes, crc8(bytes)].flatMap((byte) => Array.from({ length: 8 }, (_, i) => ((byte >> (7 - i)) & 1) === 1));
}

/** Luma of a picture: one value per pixel, row by row. */
export interface LumaImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** Mean luma over the middle half of a block (edges bleed under compression and scaling). */
function blockLevel(image: LumaImage, block: MarkBlock): number {
  const sx = image.width / SOURCE_WIDTH;
  const sy = image.height / SOURCE_HEIGHT;
  const x0 = Math.floor((block.x + block.size / 4) * sx);
  const x1 = Math.max(x0 + 1, Math.ceil((block.x + (block.size * 3) / 4) * sx));
  const y0 = Math.floor((block.y + block.size / 4) * sy);
  const y1 = Math.max(y0 + 1, Math.ceil((block.y + (block.size * 3) / 4) * sy));
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += image.data[y * image.width + x]!;
  return sum / ((x1 - x0) * (y1 - y0));
}

/** The mark read from a picture, or null when it is unreadable or its CRC does not match. */
export function decodeMark(image: LumaImage): Mark | null {
  const bits: boolean[] = new Array(ROWS * DATA_BITS_PER_ROW);
  for (let row = 0; row < ROWS; row++) {
    const blocks = MARK_BLOCKS.slice(row * (DATA_BITS_PER_ROW + 2), (row + 1) * (DATA_BITS_PER_ROW + 2));
    const white = blockLevel(image, blocks[0]!);
    const black = blockLevel(image, blocks[1]!);
    // No contrast between the references: no mark here (a black or uniform picture).
    if (white - black < 40) return null;
    const threshold = (white + black) / 2;
    for (const block of blocks.slice(2)) bits[block.role as number] = blockLevel(image, block) > threshold;
  }
  const bytes = Array.from({ length: 6 }, (_, b) => bits.slice(b * 8, b * 8 + 8).reduce((byte, bit) => (byte << 1) | (bit ? 1 : 0), 0));
  if (crc8(bytes.slice(0, 5)) !== bytes[5]) return null;
  return { frame: (bytes[0]! << 8) | bytes[1]!, sendMs: (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]! };
}
