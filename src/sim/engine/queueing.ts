/**
 * Closed-form queueing results, pure functions.
 *
 * Used two ways: the planner's analytic first guess of staffing (Erlang C), and
 * the validation tests that hold the simulator to theory (M/M/c, M/D/1, Jackson
 * networks). Rates are per unit time and times are in the same unit: pass
 * arrivals per second and services per second to get waits in seconds.
 *
 * Conventions: c servers, arrival rate lambda, service rate mu per server,
 * offered load a = lambda / mu (Erlangs), utilisation rho = a / c. An unstable
 * queue (rho >= 1) waits for ever: P(wait) = 1 and Wq = Infinity, not an error,
 * so a planner can scan staffing levels without catching exceptions.
 */

function checkRates(fn: string, lambda: number, mu: number): void {
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`${fn}: lambda must be a finite number >= 0, got ${lambda}`);
  if (!(Number.isFinite(mu) && mu > 0)) throw new RangeError(`${fn}: mu must be a finite number > 0, got ${mu}`);
}

function checkServers(fn: string, c: number): void {
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`${fn}: c must be an integer >= 1, got ${c}`);
}

/**
 * Erlang B: probability that an arrival finds all c servers busy in M/M/c/c (loss
 * system). Computed by the recursion B(k) = a B(k-1) / (k + a B(k-1)), which is
 * stable for any c (no factorials, no overflow).
 */
export function erlangB(c: number, lambda: number, mu: number): number {
  checkServers("erlangB", c);
  checkRates("erlangB", lambda, mu);
  const a = lambda / mu;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: probability that an arrival has to wait in M/M/c (all c servers busy),
 * C = B / (1 - rho (1 - B)). Returns 1 when rho >= 1 (the queue grows without bound).
 */
export function erlangC(c: number, lambda: number, mu: number): number {
  checkServers("erlangC", c);
  checkRates("erlangC", lambda, mu);
  const rho = lambda / (c * mu);
  if (rho >= 1) return 1;
  if (lambda === 0) return 0;
  const b = erlangB(c, lambda, mu);
  return b / (1 - rho * (1 - b));
}

/** Mean wait in queue of M/M/c: Wq = C / (c mu - lambda). Infinity when rho >= 1. */
export function mmcWq(c: number, lambda: number, mu: number): number {
  const pw = erlangC(c, lambda, mu);
  const slack = c * mu - lambda;
  return slack > 0 ? pw / slack : Infinity;
}

/**
 * P(Wq > t) in M/M/c (FIFO): C exp(-(c mu - lambda) t); the wait of those who wait is
 * exponential with rate c mu - lambda. Useful for "95% start within t" targets.
 */
export function mmcWaitTail(c: number, lambda: number, mu: number, t: number): number {
  if (!(t >= 0)) throw new RangeError(`mmcWaitTail: t must be >= 0, got ${t}`);
  const pw = erlangC(c, lambda, mu);
  const slack = c * mu - lambda;
  return slack > 0 ? pw * Math.exp(-slack * t) : 1;
}

/** Mean number waiting in M/M/c, Lq = lambda Wq (Little's law). */
export function mmcLq(c: number, lambda: number, mu: number): number {
  const wq = mmcWq(c, lambda, mu);
  return wq === Infinity ? Infinity : lambda * wq;
}

/**
 * Pollaczek-Khinchine mean wait of M/G/1: Wq = lambda E[S^2] / (2 (1 - rho)) with
 * E[S^2] = var + mean^2 and rho = lambda mean. `meanS` and `varS` in time units
 * (seconds, seconds^2). M/D/1 is varS = 0; M/M/1 is varS = meanS^2.
 */
export function mg1Wq(lambda: number, meanS: number, varS: number): number {
  if (!(Number.isFinite(lambda) && lambda >= 0)) throw new RangeError(`mg1Wq: lambda must be a finite number >= 0, got ${lambda}`);
  if (!(Number.isFinite(meanS) && meanS > 0)) throw new RangeError(`mg1Wq: meanS must be a finite number > 0, got ${meanS}`);
  if (!(Number.isFinite(varS) && varS >= 0)) throw new RangeError(`mg1Wq: varS must be a finite number >= 0, got ${varS}`);
  const rho = lambda * meanS;
  if (rho >= 1) return Infinity;
  return (lambda * (varS + meanS * meanS)) / (2 * (1 - rho));
}

/**
 * Mean wait of each class in M/G/1 with non-preemptive priority (Cobham 1954): class
 * k (0 = highest) waits Wq_k = W0 / ((1 - s_{k-1}) (1 - s_k)), where s_k is the load
 * of classes 0..k and W0 = sum_i lambda_i E[S_i^2] / 2 is the mean residual work
 * found in service. Infinity for a class whose s_k >= 1. Each class as in mg1Wq.
 */
export function mg1PriorityWq(classes: { lambda: number; meanS: number; varS: number }[]): number[] {
  let w0 = 0;
  for (const [k, c] of classes.entries()) {
    const bad = !(Number.isFinite(c.lambda) && c.lambda >= 0) ? "lambda" : !(Number.isFinite(c.meanS) && c.meanS > 0) ? "meanS" : !(Number.isFinite(c.varS) && c.varS >= 0) ? "varS" : "";
    if (bad) throw new RangeError(`mg1PriorityWq: class ${k} ${bad} must be a finite number ${bad === "meanS" ? "> 0" : ">= 0"}, got ${c[bad as "lambda"]}`);
    w0 += (c.lambda * (c.varS + c.meanS * c.meanS)) / 2;
  }
  let above = 0;
  return classes.map((c) => {
    const upTo = above + c.lambda * c.meanS;
    const w = upTo >= 1 ? Infinity : w0 / ((1 - above) * (1 - upTo));
    above = upTo;
    return w;
  });
}

/**
 * Smallest number of servers c >= 1 with mean wait Wq <= maxWq (same time unit as the
 * rates), or with stability only when maxWq is Infinity. The planner's analytic first
 * guess; `cap` bounds the search (returns cap + 1 when even cap servers are not enough).
 */
export function minServersForWq(lambda: number, mu: number, maxWq: number, cap = 10_000): number {
  checkRates("minServersForWq", lambda, mu);
  if (!(maxWq >= 0)) throw new RangeError(`minServersForWq: maxWq must be >= 0, got ${maxWq}`);
  // Start at the stability bound: fewer servers than the load can never keep up.
  let c = Math.max(1, Math.floor(lambda / mu) + 1);
  for (; c <= cap; c++) if (mmcWq(c, lambda, mu) <= maxWq) return c;
  return cap + 1;
}
