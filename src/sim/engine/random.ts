/**
 * Seeded random streams, one per named source ("arrivals", "pick.service"...).
 *
 * Each stream is an independent Alea generator seeded from (scenario seed, source
 * name), so drawing more or fewer numbers from one source never shifts another's
 * sequence: changing a station's service time leaves the arrivals untouched
 * (common random numbers across compared scenarios).
 */
import seedrandom from "seedrandom";

/** A uniform generator on [0, 1). */
export type Rng = () => number;

export function makeRng(seed: number | string, source: string): Rng {
  // Alea: fast, good statistical quality, and seedrandom's recommended PRNG for speed.
  return seedrandom.alea(`${seed}/${source}`) as Rng;
}

/** Hands out one stream per source name; asking twice for a name returns the same stream. */
export class RandomStreams {
  readonly seed: number;
  #streams = new Map<string, Rng>();

  constructor(seed: number) {
    this.seed = seed;
  }

  stream(source: string): Rng {
    let r = this.#streams.get(source);
    if (!r) {
      r = makeRng(this.seed, source);
      this.#streams.set(source, r);
    }
    return r;
  }

  /** Source names used so far (for the reproducibility manifest). */
  get sources(): string[] {
    return [...this.#streams.keys()].sort();
  }
}

/** Seed of replication `r` derived from a base seed; stable across worker counts. */
export function replicationSeed(baseSeed: number, r: number): number {
  // A 32-bit mix (splitmix-like) so neighbouring replications get unrelated seeds.
  let x = (baseSeed ^ Math.imul(r + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
