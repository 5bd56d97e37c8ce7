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
  // seedrandom does the seeding (its Mash hash of "seed/source"); the generator below
  // continues from that state with seedrandom's own step, so the numbers are the same.
  const init = seedrandom.alea(`${seed}/${source}`, { state: true }).state() as unknown as AleaState;
  // PERF: the state lives in a Float64Array. seedrandom keeps it in object fields,
  // where V8 stores each new double as a fresh heap number plus a write barrier
  // (the generator object is old by then): an allocation per draw, and the model
  // draws ~15 numbers per order.
  const st = Float64Array.of(init.s0, init.s1, init.s2, init.c);
  return () => {
    const t = 2091639 * st[0] + st[3] * 2.3283064365386963e-10; // 2^-32
    st[0] = st[1];
    st[1] = st[2];
    const c = t | 0;
    st[3] = c;
    return (st[2] = t - c);
  };
}

/** seedrandom's Alea state (its `state()` output). */
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
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

/**
 * Seed of replication `r` derived from a base seed; stable across worker counts.
 * Replication 0 runs with the base seed itself, so a single run with `--seed S` is
 * replication 0 of every multi-replication run with base seed S (and the first row
 * of the per-replication table replays as `run --seed S`). Replications 1, 2, ...
 * get mixed seeds, unrelated to the base and to each other.
 */
export function replicationSeed(baseSeed: number, r: number): number {
  if (r === 0) return baseSeed >>> 0;
  // A 32-bit mix (splitmix-like) so neighbouring replications get unrelated seeds.
  let x = (baseSeed ^ Math.imul(r + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
