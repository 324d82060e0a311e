// A small seeded pseudo-random generator for the demo data: the same seed gives the same centre on
// every machine. sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through
// splitmix32 so that neighbouring seeds (person 41, person 42) give unrelated streams.

/** splitmix32: a well-mixed 32-bit value from any 32-bit input. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit seed from a number or a string (FNV-1a over the string's UTF-16 units). */
export function seedOf(seed: number | string): number {
  if (typeof seed === 'number' && Number.isFinite(seed)) return mix32(Math.trunc(seed) | 0);
  let h = 0x811c9dc5;
  for (const c of String(seed)) {
    h ^= c.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for (seed, ...path): e.g. new Random(seed, personIndex) is person's own stream. */
  constructor(seed: number, ...path: number[]) {
    let s = mix32(seed);
    for (const p of path) s = mix32(s ^ mix32(p + 0x632be5ab));
    this.a = mix32(s);
    this.b = mix32(this.a);
    this.c = mix32(this.b);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A 32-bit unsigned integer. */
  nextUint(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1). */
  next(): number {
    return this.nextUint() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One key of a table of weights (weights need not sum to 1). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.next() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return (entries.at(-1) as [K, number])[0];
  }

  /**
   * An index into a list ordered from the most to the least common, with Zipf-like weights
   * 1/(i+1)^s: a few names are very common (Mohammed, Fatima), most are rare.
   */
  zipf(length: number, s = 1): number {
    const cdf = zipfCdf(length, s);
    const x = this.next() * (cdf[length - 1] as number);
    let lo = 0;
    let hi = length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Roughly normal (sum of uniforms), for vital signs and lab values. */
  normal(mean: number, sd: number): number {
    let sum = 0;
    for (let i = 0; i < 6; i++) sum += this.next();
    return mean + (sum - 3) * sd * Math.SQRT2;
  }
}

const cdfCache = new Map<string, Float64Array>();

function zipfCdf(length: number, s: number): Float64Array {
  const key = `${length}:${s}`;
  let cdf = cdfCache.get(key);
  if (!cdf) {
    cdf = new Float64Array(length);
    let total = 0;
    for (let i = 0; i < length; i++) {
      total += 1 / (i + 1) ** s;
      cdf[i] = total;
    }
    cdfCache.set(key, cdf);
  }
  return cdf;
}
