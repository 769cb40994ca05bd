// Levenshtein edit distance between two arrays of UTF-16 units, without allocating once warmed up.

let distanceRow = new Int32Array(65);

/** Edit distance between left[from, leftEnd) and right[from, rightEnd), one row of the table at a time. */
function levenshteinByRows(
  left: Uint16Array,
  leftEnd: number,
  right: Uint16Array,
  rightEnd: number,
  from: number,
): number {
  if (rightEnd - from + 1 > distanceRow.length) distanceRow = new Int32Array(rightEnd - from + 1);
  const row = distanceRow;
  const width = rightEnd - from;
  for (let j = 0; j <= width; j++) row[j] = j;
  for (let i = 1; i <= leftEnd - from; i++) {
    let diagonal = row[0] as number;
    let before = i;
    row[0] = i;
    const unit = left[from + i - 1];
    for (let j = 1; j <= width; j++) {
      const above = row[j] as number;
      let distance = unit === right[from + j - 1] ? diagonal : diagonal + 1;
      if (above + 1 < distance) distance = above + 1;
      if (before + 1 < distance) distance = before + 1;
      row[j] = distance;
      before = distance;
      diagonal = above;
    }
  }
  return row[width] as number;
}

/** For each UTF-16 unit, the bit mask of its positions in the current pattern; all zero between calls. */
const patternMasks = new Int32Array(0x10000);

/**
 * Edit distance when pattern[from, patternEnd) has at most 32 units: Myers' bit-parallel algorithm, in Hyyrö's
 * formulation for whole-string distance (Hyyrö 2001, "Explaining and extending the bit-parallel approximate string
 * matching algorithm of Myers"), one 32-bit step per text unit.
 */
function levenshteinByBits(
  pattern: Uint16Array,
  patternEnd: number,
  text: Uint16Array,
  textEnd: number,
  from: number,
): number {
  const length = patternEnd - from;
  for (let i = 0; i < length; i++) {
    const unit = pattern[from + i] as number;
    patternMasks[unit] = (patternMasks[unit] as number) | (1 << i);
  }
  const lastBit = 1 << (length - 1);
  let positive = -1;
  let negative = 0;
  let distance = length;
  for (let j = from; j < textEnd; j++) {
    const equal = patternMasks[text[j] as number] as number;
    const vertical = equal | negative;
    const horizontal = (((equal & positive) + positive) ^ positive) | equal;
    let horizontalPositive = negative | ~(horizontal | positive);
    let horizontalNegative = positive & horizontal;
    if (horizontalPositive & lastBit) distance++;
    else if (horizontalNegative & lastBit) distance--;
    horizontalPositive = (horizontalPositive << 1) | 1;
    horizontalNegative <<= 1;
    positive = horizontalNegative | ~(vertical | horizontalPositive);
    negative = horizontalPositive & vertical;
  }
  for (let i = 0; i < length; i++) patternMasks[pattern[from + i] as number] = 0;
  return distance;
}

/**
 * Levenshtein distance between left[from, leftEnd) and right[from, rightEnd), UTF-16 unit by unit: one 32-bit step
 * per unit when either side has at most 32 units (as handles do), the table row by row otherwise.
 */
export function editDistance(
  left: Uint16Array,
  leftEnd: number,
  right: Uint16Array,
  rightEnd: number,
  from: number,
): number {
  const leftLength = leftEnd - from;
  const rightLength = rightEnd - from;
  if (leftLength === 0 || rightLength === 0) return leftLength + rightLength;
  if (rightLength <= 32 && rightLength <= leftLength)
    return levenshteinByBits(right, rightEnd, left, leftEnd, from);
  if (leftLength <= 32) return levenshteinByBits(left, leftEnd, right, rightEnd, from);
  return levenshteinByRows(left, leftEnd, right, rightEnd, from);
}

function utf16Units(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Levenshtein distance between two strings, UTF-16 unit by unit: for short names (a column a user misspelt). */
export function stringEditDistance(a: string, b: string): number {
  return editDistance(utf16Units(a), a.length, utf16Units(b), b.length, 0);
}
