// Deterministic identifiers: the same seed and the same sequence of calls give the same ids, so a test can assert on
// them and a saved state continues where it stopped. Counter-based (the only state is a number), not cryptographic.

/** A 32-bit integer hash (the finaliser of MurmurHash3): spreads consecutive inputs over the whole range. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The seed as a 32-bit number (strings are hashed). */
export function seedNumber(seed: string | number): number {
  if (typeof seed === "number") return mix32(Math.trunc(seed));
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** The i-th pseudo-random 32-bit word of a seed. */
export function randomWord(seed: number, index: number): number {
  return mix32(seed ^ mix32(index * 0x9e3779b9 + 0x7f4a7c15));
}

const hex = (word: number, length = 8) => word.toString(16).padStart(8, "0").slice(0, length);

/** A UUID (version 4 layout) from four consecutive words of the seed. */
export function uuidFrom(seed: number, counter: number): string {
  const [a, b, c, d] = [0, 1, 2, 3].map((k) => randomWord(seed, counter * 4 + k)) as [number, number, number, number];
  const variant = (8 + (c >>> 30)).toString(16);
  return `${hex(a)}-${hex(b, 4)}-4${hex(b >>> 0, 8).slice(5, 8)}-${variant}${hex(c, 3)}-${hex(d)}${hex(mix32(c + d), 4)}`;
}

/** A string of `length` decimal digits from the seed (card numbers, codes). */
export function digitsFrom(seed: number, counter: number, length: number): string {
  let text = "";
  for (let i = 0; text.length < length; i++)
    text += String(randomWord(seed, counter * 16 + i) % 1_000_000_000).padStart(9, "0");
  return text.slice(0, length);
}

/** A string of `length` hexadecimal characters from the seed (wallet addresses, transaction hashes). */
export function hexFrom(seed: number, counter: number, length: number): string {
  let text = "";
  for (let i = 0; text.length < length; i++) text += hex(randomWord(seed, counter * 16 + i));
  return text.slice(0, length);
}
