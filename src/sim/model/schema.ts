/**
 * The scenario schema: the single source of scenario types (`z.infer`).
 *
 * Stages (Ciw's): a file is parsed to plain data -> this schema fills defaults and
 * validates (every issue with its path) -> `buildModel` turns it into stations.
 * Defaults follow ../shared/DOMAIN.md: the 15-person team of one seller (print 2,
 * pick 3, QC 2, pack 6, weigh 2), a 15x surge, the Double 11 platform deadlines.
 * Figures marked "ours" are our assumptions, not the guides'.
 *
 * Times are written as a manager writes them and converted at the model's edge:
 * - a duration: seconds as a number, or "90s", "45min", "3h", "1h30m", "2d";
 * - a clock time: "08:00" (on the start day, in the scenario's time zone);
 * - a date-time: "2026-11-11 09:00" ("24:00" means the end of that day).
 */
import { z } from "zod";

// ---------------------------------------------------------------- time values

const DURATION_RE = /^\s*(?:(\d+(?:\.\d+)?)\s*d)?\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*(?:m|min))?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$/i;

/** Parses "90s", "45min", "3h", "1h30m", "2d" to seconds; undefined if not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION_RE.exec(text);
  if (!m || !(m[1] || m[2] || m[3] || m[4])) return undefined;
  const [d, h, mi, s] = [m[1], m[2], m[3], m[4]].map((x) => (x ? Number(x) : 0));
  return d * 86400 + h * 3600 + mi * 60 + s;
}

/** A duration in seconds: a number of seconds or a string such as "3h", "90s", "45min". */
export const Duration = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const sec = typeof v === "number" ? v : parseDuration(v);
    if (sec === undefined || !Number.isFinite(sec) || sec < 0) {
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `expected a duration >= 0 such as 90 (seconds), "90s", "45min", "3h" or "1h30m", got ${JSON.stringify(v)}`,
        params: { zh: `应为不小于 0 的时长，如 90（秒）、"90s"、"45min"、"3h" 或 "1h30m"，实际是 ${JSON.stringify(v)}` },
      });
      return z.NEVER;
    }
    return sec;
  });

// The time formats live in time.ts, which workers load without zod.
export { CLOCK_RE, DATETIME_RE } from "./time.js";
import { CLOCK_RE, clockMinutes, DATETIME_RE } from "./time.js";

/** A clock time "HH:MM" (00:00 to 24:00). */
export const ClockTime = z.string().refine((s) => CLOCK_RE.test(s) && (!s.startsWith("24") || s.endsWith(":00")), {
  message: 'expected a clock time "HH:MM" from "00:00" to "24:00", such as "08:00"',
  params: { zh: '应为时刻 "HH:MM"，从 "00:00" 到 "24:00"，如 "08:00"' },
});

/** True for a real calendar date-time (no "2026-11-31", no "13" month); hour 24 only as "24:00". */
function isCalendarDateTime(s: string): boolean {
  const m = DATETIME_RE.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || (h === 24 && mi !== 0)) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** A date-time "YYYY-MM-DD HH:MM" in the scenario's time zone, or a clock time on the start day. */
export const DateTime = z.string().refine((s) => isCalendarDateTime(s) || (CLOCK_RE.test(s) && (!s.startsWith("24") || s.endsWith(":00"))), {
  message: 'expected a date-time "YYYY-MM-DD HH:MM" on a real calendar day (such as "2026-11-11 09:00") or a clock time "HH:MM" on the start day',
  params: { zh: '应为日期时间 "YYYY-MM-DD HH:MM"（日历上真实存在的日期，如 "2026-11-11 09:00"），或开始当天的时刻 "HH:MM"' },
});

// ---------------------------------------------------------------- distributions

const pos = (name: string) => z.number({ error: `${name} must be a number` }).positive({ error: `${name} must be > 0` });
const nonneg = (name: string) => z.number({ error: `${name} must be a number` }).min(0, { error: `${name} must be >= 0` });

const DistObject = z.discriminatedUnion(
  "dist",
  [
    z.strictObject({ dist: z.literal("deterministic"), value: nonneg("value") }),
    z
      .strictObject({ dist: z.literal("uniform"), min: nonneg("min"), max: nonneg("max") })
      .refine((d) => d.max >= d.min, { message: "max must be >= min", params: { zh: "max 不能小于 min" }, path: ["max"] }),
    z.strictObject({ dist: z.literal("exponential"), mean: pos("mean") }),
    z
      .strictObject({ dist: z.literal("normal"), mean: pos("mean"), sd: nonneg("sd") })
      .refine((d) => d.sd <= 2 * d.mean, { message: "sd must be at most 2 x mean (the normal is truncated at 0)", params: { zh: "sd 最多为 mean 的 2 倍（正态分布在 0 处截断）" }, path: ["sd"] }),
    z.strictObject({ dist: z.literal("lognormal"), mean: pos("mean"), cv: nonneg("cv").max(10, { error: "cv must be <= 10" }) }),
    z
      .strictObject({ dist: z.literal("triangular"), min: nonneg("min"), mode: nonneg("mode"), max: nonneg("max") })
      .refine((d) => d.min <= d.mode && d.mode <= d.max && d.min < d.max, { message: "need min <= mode <= max and min < max", params: { zh: "需要 min <= mode <= max，且 min < max" }, path: ["mode"] }),
    z.strictObject({ dist: z.literal("gamma"), mean: pos("mean"), cv: pos("cv").max(10, { error: "cv must be <= 10" }) }),
    z.strictObject({ dist: z.literal("erlang"), k: z.number().int({ error: "k must be a whole number" }).min(1, { error: "k must be >= 1" }).max(100, { error: "k must be <= 100" }), mean: pos("mean") }),
    z
      .strictObject({ dist: z.literal("empirical"), values: z.array(nonneg("values")).min(1, { error: "values must not be empty" }), weights: z.array(nonneg("weights")).optional() })
      .refine((d) => !d.weights || d.weights.length === d.values.length, { message: "weights must have as many entries as values", params: { zh: "weights 的项数必须与 values 相同" }, path: ["weights"] })
      .refine((d) => !d.weights || d.weights.some((w) => w > 0), { message: "weights must not all be 0", params: { zh: "weights 不能全为 0" }, path: ["weights"] }),
  ],
  { error: 'dist must be one of "deterministic", "uniform", "exponential", "normal", "lognormal", "triangular", "gamma", "erlang", "empirical"' },
);

/** A distribution; a bare number means a fixed value (deterministic). */
export const Dist = z.union([z.number().min(0).transform((value) => ({ dist: "deterministic" as const, value })), DistObject]);
export type DistSpec = z.output<typeof DistObject>;

// ---------------------------------------------------------------- demand

const Weights = (n: number, what: string) =>
  z
    .array(nonneg("weight"))
    .length(n, { error: `${what} needs exactly ${n} weights` })
    .refine((w) => w.some((x) => x > 0), { message: "weights must not all be 0", params: { zh: "权重不能全为 0" } });

export const Profile = z.union([
  z.enum(["peak-day", "normal-day", "flat"]),
  z.strictObject({ hourly: Weights(24, "hourly") }),
  z.strictObject({ tenMinute: Weights(144, "tenMinute") }),
]);

/**
 * Most orders (presale plus expected arrivals over the simulated days) a run may hold:
 * about 1 GiB and 15 s per replication on a small machine (bench: 1M orders, ~215 MiB).
 */
export const MAX_ORDERS_PER_RUN = 5_000_000;

export const Demand = z.strictObject({
  /** Orders on a normal day before the peak. */
  baselinePerDay: z.number().positive().max(5_000_000).default(300),
  /** Peak-day multiplier of the baseline (DOMAIN: 10x to 30x). */
  surge: z.number().min(1).max(100).default(15),
  /** Presale (deposit) orders, paid before the day and released together at 00:00 of the peak day. */
  presaleOrders: z.number().int().min(0).max(10_000_000).default(1500),
  /** Multipliers of the baseline for the days after the peak (DOMAIN: well above normal, settling at ~2x). */
  daysAfter: z.array(z.number().min(0).max(100)).max(30).default([5, 3, 2.5, 2, 2, 2]),
  /** Intraday shape on the peak day. */
  profile: Profile.default("peak-day"),
  /** Intraday shape on the days after. */
  afterProfile: Profile.default("normal-day"),
  /** Order lines per order (ours: most orders carry 1-2 lines). */
  linesPerOrder: Dist.prefault({ dist: "empirical", values: [1, 2, 3, 4, 5], weights: [55, 25, 11, 6, 3] }),
  /** Volume scale for what-ifs (2 = the 2x-forecast stress test). */
  forecastFactor: z.number().positive().max(10).default(1),
  /** Best-sellers: slotted near the packing tables, optionally pre-packed. */
  bestSellers: z
    .strictObject({
      /** Share of order lines that are best-sellers (ours). */
      lineShare: z.number().min(0).max(1).default(0.4),
      /** Walk time saved per best-seller line when slotted near packing, seconds. */
      nearPackingSavingSec: Duration.prefault(6),
      /** Share of orders that are a single best-seller item that can be pre-packed. */
      prepackedShare: z.number().min(0).max(1).default(0.15),
      /** Pre-packed parcels ready at the start (0 = no pre-packing). */
      prepackedStock: z.number().int().min(0).default(0),
    })
    .prefault({}),
});

// ---------------------------------------------------------------- stations

export const Resource = z.enum(["orderSystem", "network", "power", "printers", "cartons", "labels"]);
export type ResourceId = z.infer<typeof Resource>;

export const StationKind = z.enum(["print", "pick", "qc", "pack", "weigh", "generic"]);
export type StationKindId = z.infer<typeof StationKind>;

const ID_RE = /^[a-z][a-z0-9_-]{0,31}$/;
const Id = z
  .string()
  // As .regex(ID_RE, { message }) (the same "invalid_format" issue), with the message's Chinese, which .regex would not keep.
  .check((ctx) => {
    if (ID_RE.test(ctx.value)) return;
    ctx.issues.push({
      code: "invalid_format",
      format: "regex",
      pattern: ID_RE.toString(),
      input: ctx.value,
      message: "ids are lower-case letters, digits, - or _, starting with a letter, at most 32 characters",
      params: { zh: "id 只能用小写字母、数字、- 或 _，以字母开头，最多 32 个字符" },
    });
  })
  // Ids are keys of rosters and tables; "constructor" is the one lower-case name every object already has.
  .refine((id) => id !== "constructor", { message: '"constructor" is a reserved word; choose another id', params: { zh: '"constructor" 是保留字；请换一个 id' } });

/**
 * A station's display names: text (read as the English name, shown in both languages),
 * or the English and Chinese names; without either, the kind's name (打包 for pack).
 */
export const StationName = z.union([
  z
    .string()
    .min(1)
    .max(60)
    .transform((en) => ({ en }) as { en?: string; zh?: string }),
  z.strictObject({ en: z.string().max(60).optional(), zh: z.string().max(60).optional() }),
]);

export const Station = z.strictObject({
  id: Id,
  kind: StationKind.default("generic"),
  /** Display names: text ("Packing line 2"), or the English and Chinese names ({ en, zh }). */
  name: StationName.prefault({}),
  /** Handling time per order, seconds (for pick: the fixed part per order). */
  serviceSec: Dist,
  /** Pick only: time per order line, seconds (walk + pick + scan). */
  perLineSec: Dist.optional(),
  /** Resources the station cannot work without. */
  needs: z.array(Resource).default([]),
  /** Pick only: main aisles (DOMAIN: "at least two main aisles" keep pick traffic flowing). */
  aisles: z.number().int().min(1).max(100).default(2),
  /** Pick only: pickers an aisle takes before they get in each other's way (ours). */
  pickersPerAisle: z.number().min(0.5).max(50).default(3),
  /** Pick only: extra pick time per picker above that, per aisle, as a fraction (ours: +15%). */
  congestion: z.number().min(0).max(5).default(0.15),
  /**
   * Pick only: zone picking (DOMAIN: "orders assigned to pickers by shelf zone, one person
   * responsible per zone"). The shelves are cut into `count` zones, each line of an order
   * lies in one of them, and each zone's part of the order is picked by the people
   * responsible for that zone, from that zone's own queue. Absent: whole-order picking
   * from one shared queue.
   */
  zones: z
    .strictObject({
      /** Shelf zones. With fewer pickers on duty than zones, a picker is responsible for several. */
      count: z.number().int().min(2).max(100),
      /** Walk per line inside one zone, as a share of the whole-floor walk (ours: 0.7, a smaller area known by heart). */
      walkFactor: z.number().min(0.1).max(1).default(0.7),
      /** Time from an order's last zone part done to the parts merged and moving on, for orders with lines in several zones (ours). */
      consolidateSec: Dist.prefault({ dist: "lognormal", mean: 60, cv: 0.5 }),
    })
    .optional(),
  /** QC only: share of orders sent back to `reworkTo` (wrong item, missing item). */
  reworkShare: z.number().min(0).max(0.5).default(0),
  reworkTo: Id.optional(),
  /** Most people who can work here at once (tables, scales, floor space). */
  maxStaff: z.number().int().min(1).max(1000).default(100),
  /** What a worker does when the station loses staff mid-order: finish it, or put it back. */
  dropRule: z.enum(["finish", "preempt"]).default("finish"),
});
export type StationSpec = z.infer<typeof Station>;

// ---------------------------------------------------------------- staff

export const Shift = z.strictObject({
  id: Id,
  start: ClockTime,
  end: ClockTime,
  /**
   * Days the shift begins on, counted from the start day (0 = peak day); default every
   * day, and for a night shift also -1: the night that began the evening before the
   * start and runs into the start day.
   */
  days: z.array(z.number().int().min(-1).max(60)).optional(),
  breaks: z
    .array(
      z.strictObject({
        at: ClockTime,
        duration: Duration,
        /**
         * Share of the shift's staff away at once: everyone takes the break, in groups
         * one after another (0.5: half at `at`, the other half one `duration` later),
         * so staggered breaks keep the line moving; 1: all at once.
         */
        share: z.number().min(0).max(1).default(0.5),
      }),
    )
    .default([]),
}).superRefine((sh, ctx) => {
  // Day -1 is the night before the start: only a shift that runs past midnight has one.
  const k = sh.days?.indexOf(-1) ?? -1;
  if (k >= 0 && CLOCK_RE.test(sh.start) && CLOCK_RE.test(sh.end) && clockMinutes(sh.end) % 1440 === 0 && clockMinutes(sh.start) > 0) {
    // An overnight shift ending at midnight: its night before the start ends as the run begins.
    ctx.addIssue({
      code: "custom",
      path: ["days", k],
      message: `day -1 is the night before the start, but this shift ends at ${sh.end}, when the run begins: it would work no time in the run; use days from 0`,
      params: { zh: `day -1 是开始前一天的夜里，但这个班次在 ${sh.end} 结束，正是仿真开始的时刻：在仿真内不工作；days 请从 0 开始` },
    });
  } else if (k >= 0 && CLOCK_RE.test(sh.start) && CLOCK_RE.test(sh.end) && clockMinutes(sh.end) > clockMinutes(sh.start)) {
    ctx.addIssue({
      code: "custom",
      path: ["days", k],
      message: `day -1 is the night before the start, worked only by a shift that runs past midnight; this shift is ${sh.start}-${sh.end}: use days from 0`,
      params: { zh: `day -1 是开始前一天的夜里，只有跨过午夜的班次才有；这个班次是 ${sh.start}-${sh.end}：days 请从 0 开始` },
    });
  }
});

/** A flex rule: people of `from` who help `to` when its queue is long and theirs is short. */
export const FlexRule = z.strictObject({
  from: Id,
  to: Id,
  /** Move when the target's queue exceeds this many orders and the source's queue is below `sourceQueueBelow`. */
  queueAbove: z.number().int().min(0).default(30),
  sourceQueueBelow: z.number().int().min(0).default(5),
  /** Most people moved at once. */
  maxPeople: z.number().int().min(0).default(1),
  /** Walk-over delay each way. */
  walk: Duration.prefault(60),
  /** How often the rule is checked. */
  checkEvery: Duration.prefault(300),
});

export const Staff = z.strictObject({
  shifts: z.array(Shift).min(1).prefault([{ id: "day", start: "08:00", end: "20:00", breaks: [{ at: "12:00", duration: 3600, share: 0.5 }] }]),
  /** Permanent headcount: station id -> shift id -> people (default: the 15-person team of DOMAIN.md on the first shift). */
  roster: z.record(z.string(), z.record(z.string(), z.number().int().min(0).max(1000))).optional(),
  /** Temporary workers: station id -> shift id -> people. */
  temps: z.record(z.string(), z.record(z.string(), z.number().int().min(0).max(1000))).default({}),
  /** Temps' productivity (ours: 50-70% at first, improving over the first shifts). */
  tempProductivity: z
    .strictObject({
      initial: z.number().min(0.1).max(1).default(0.6),
      gainPerShift: z.number().min(0).max(1).default(0.1),
      max: z.number().min(0.1).max(1).default(0.9),
    })
    .prefault({}),
  /** Share of rostered people who do not turn up (each shift, each person independently). */
  absenceRate: z.number().min(0).max(0.9).default(0.03),
  /**
   * Flex pool: people of one station who help another when its queue is long. Left out:
   * DOMAIN.md's team, whose weighers help the packers when idle (weigh -> pack, when the
   * route has both); `flex: []` for none.
   */
  flex: z.array(FlexRule).optional(),
  /** Pay per person-hour, in yuan (¥, as every cost in Peakline's reports). */
  cost: z
    .strictObject({
      permanentPerHour: z.number().min(0).default(25),
      tempPerHour: z.number().min(0).default(30),
      /** Hours after which a person's pay is multiplied by `overtimeFactor`, per shift. */
      overtimeAfterHours: z.number().min(0).default(8),
      overtimeFactor: z.number().min(1).max(5).default(1.5),
    })
    .prefault({}),
});

// ---------------------------------------------------------------- equipment

export const Printers = z.strictObject({
  count: z.number().int().min(0).max(1000).default(2),
  labelsPerMin: z.number().positive().max(1000).default(25),
  /** Printers one print operator can keep running (he still handles one waybill at a time: see simulate.ts). */
  perOperator: z.number().int().min(1).max(20).default(1),
  spares: z.number().int().min(0).max(100).default(1),
  /** Time to swap a spare in for a broken printer. */
  swapTime: Duration.prefault("10min"),
  /** Mean time between failures per printer, operating hours (0 = never fails). */
  mtbf: Duration.prefault("40h"),
  /** Mean time to repair without a technician on site. */
  mttr: Duration.prefault("3h"),
  technicianOnSite: z.boolean().default(false),
  /** Mean time to repair with the vendor's technician on site. */
  technicianMttr: Duration.prefault("45min"),
  costPerDay: z.number().min(0).default(20),
});

// ---------------------------------------------------------------- couriers and dock

/** A courier's caps when the file sets none: more than any day can bring, i.e. no cap. */
export const NO_CAP_PER_PICKUP = 100_000;
export const NO_DAILY_CAP = 10_000_000;

export const Courier = z.strictObject({
  id: Id,
  name: z.string().max(40).optional(),
  /** Share of orders allocated to this courier (normalised over couriers). */
  share: z.number().min(0).max(1).optional(),
  /** Pickup times each day. */
  pickups: z.array(ClockTime).min(1),
  /** Parcels taken per pickup at most. */
  capacityPerPickup: z.number().int().min(0).max(10_000_000).default(NO_CAP_PER_PICKUP),
  /** Parcels taken per day at most (the depot's cap). */
  dailyCap: z.number().int().min(0).max(10_000_000).default(NO_DAILY_CAP),
  /**
   * How long after the pickup scan the tracking record (物流记录) shows on the
   * platform, as agreed with the courier. Rules on the `collected` milestone judge
   * the record: pickup time + this delay.
   */
  recordDelay: Duration.refine((sec) => sec <= 7 * 86400, { message: 'must be at most 7 days ("7d")', params: { zh: '最多 7 天（"7d"）' } }).prefault(0),
});

export const Dock = z.strictObject({
  /** Parcels the dock holds; packing and the stations after it (weigh) stop when it is full. */
  capacity: z.number().int().min(1).max(10_000_000).default(5000),
});

// ---------------------------------------------------------------- returns

/**
 * Returns after the peak (DOMAIN.md: heavy, women's apparel can exceed 50%): a share
 * of collected parcels comes back and is handled by one station's team between its
 * outbound orders, so returns take people from the outbound work of the days after.
 * Off by default (share 0).
 */
export const Returns = z.strictObject({
  /** Share of collected orders that come back. 0 = returns not modelled. */
  share: z.number().min(0).max(0.9).default(0),
  /** Courier pickup to the return reaching the warehouse, seconds (ours: about 6 days). */
  delaySec: Dist.prefault({ dist: "lognormal", mean: 6 * 86400, cv: 0.4 }),
  /** The station whose team handles returns (receive, inspect, restock). */
  station: Id.default("qc"),
  /** Work per return at that station, seconds (ours: about 2 minutes). */
  serviceSec: Dist.prefault({ dist: "lognormal", mean: 120, cv: 0.5 }),
  /**
   * Who goes first when a worker there comes free. "outbound-first" (default): a return
   * starts only when no outbound order waits there (non-preemptive priority: a return
   * in hand is finished), as warehouses do in the peak week. "fifo": returns and
   * orders in one line, first come first served.
   */
  priority: z.enum(["outbound-first", "fifo"]).default("outbound-first"),
  /**
   * When the run may end. "outbound" (default): when every order has been collected;
   * returns still waiting then are counted, not handled. "handled": also once every
   * return that comes back before the horizon has been handled (DOMAIN: after-sales
   * work lasts 10-30 days), so the run shows when the returns are done and what the
   * team spends on them; once every order is collected only the returns station keeps
   * its shifts (and their cost) to then, the other teams go home.
   */
  until: z.enum(["outbound", "handled"]).default("outbound"),
});

// ---------------------------------------------------------------- disruptions

const Window = { at: DateTime, duration: Duration };
export const Disruption = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("printer-down"), ...Window, count: z.number().int().min(1).default(1) }),
    z.strictObject({ type: z.literal("order-system"), ...Window }),
    z.strictObject({ type: z.literal("power"), ...Window }),
    z.strictObject({ type: z.literal("network"), ...Window }),
    z.strictObject({ type: z.literal("consumables"), ...Window, item: z.enum(["cartons", "labels"]) }),
    z.strictObject({ type: z.literal("courier-cap"), at: DateTime, duration: Duration.optional(), courier: Id, dailyCap: z.number().int().min(0) }),
  ],
  { error: 'type must be one of "printer-down", "order-system", "power", "network", "consumables", "courier-cap"' },
);

// ---------------------------------------------------------------- deadlines

export const Deadline = z
  .strictObject({
    id: Id,
    label: z.strictObject({ en: z.string().optional(), zh: z.string().optional() }).prefault({}),
    /** Orders paid in [paidFrom, paidTo] are judged by this rule (omit both for every order not matched by another windowed rule). */
    paidFrom: DateTime.optional(),
    paidTo: DateTime.optional(),
    milestone: z.enum(["shipped", "collected"]),
    /** A fixed deadline... */
    by: DateTime.optional(),
    /** ...or a time after payment. */
    within: Duration.optional(),
  })
  .refine((d) => (d.by === undefined) !== (d.within === undefined), { message: "give exactly one of `by` (a date-time) or `within` (a duration after payment)", params: { zh: "`by`（日期时间）和 `within`（付款后的时长）必须写一个，且只能写一个" }, path: ["by"] });

// ---------------------------------------------------------------- planner targets

export const Target = z.discriminatedUnion("kind", [
  /** P(any order late for rule) <= maxProbability. */
  z.strictObject({ kind: z.literal("late-probability"), rule: Id, maxProbability: z.number().min(0).max(1) }),
  /** Share of peak-day orders shipped within `hours` >= minShare. */
  z.strictObject({ kind: z.literal("shipped-within"), hours: z.union([z.literal(12), z.literal(24)]), minShare: z.number().min(0).max(1) }),
  /** Mean wait at a station <= maxMin minutes. */
  z.strictObject({ kind: z.literal("mean-wait"), station: Id, maxMin: z.number().min(0) }),
]);

/** What a target measures, without its limit ("late:d11-ship", "within24h", "wait:pack"): two targets on one measure contradict or repeat each other. */
export function targetMeasure(t: z.output<typeof Target>): string {
  return t.kind === "late-probability" ? `late:${t.rule}` : t.kind === "shipped-within" ? `within${t.hours}h` : `wait:${t.station}`;
}

/** `targets[i]` repeats the measure of an earlier target: the index of that one, per duplicate. */
export function duplicateTargets(targets: readonly z.output<typeof Target>[]): Array<{ index: number; first: number; measure: string }> {
  const seen = new Map<string, number>();
  const out: Array<{ index: number; first: number; measure: string }> = [];
  targets.forEach((t, i) => {
    const m = targetMeasure(t);
    const first = seen.get(m);
    if (first === undefined) seen.set(m, i);
    else out.push({ index: i, first, measure: m });
  });
  return out;
}

// ---------------------------------------------------------------- scenario

export const DEFAULT_STATIONS: z.input<typeof Station>[] = [
  { id: "print", kind: "print", name: { en: "Print", zh: "打单" }, serviceSec: { dist: "lognormal", mean: 6, cv: 0.3 }, needs: ["orderSystem", "network", "power", "printers", "labels"], maxStaff: 10, dropRule: "preempt" },
  { id: "pick", kind: "pick", name: { en: "Pick", zh: "拣货" }, serviceSec: { dist: "lognormal", mean: 8, cv: 0.4 }, perLineSec: { dist: "lognormal", mean: 10, cv: 0.5 }, needs: ["orderSystem", "network"], maxStaff: 30 },
  { id: "qc", kind: "qc", name: { en: "QC", zh: "QC" }, serviceSec: { dist: "lognormal", mean: 14, cv: 0.4 }, needs: ["orderSystem", "network"], reworkShare: 0.01, reworkTo: "pick", maxStaff: 20 },
  { id: "pack", kind: "pack", name: { en: "Pack", zh: "打包" }, serviceSec: { dist: "lognormal", mean: 55, cv: 0.35 }, needs: ["cartons"], maxStaff: 40 },
  { id: "weigh", kind: "weigh", name: { en: "Weigh", zh: "称重" }, serviceSec: { dist: "lognormal", mean: 10, cv: 0.3 }, needs: ["orderSystem", "network", "power"], maxStaff: 10 },
];

export const DEFAULT_DEADLINES: z.input<typeof Deadline>[] = [
  { id: "d11-ship", label: { en: "Double 11: shipped by {by}", zh: "双11：{by}前发货" }, paidFrom: "2026-11-11 00:00", paidTo: "2026-11-17 24:00", milestone: "shipped", by: "2026-11-20 24:00" },
  { id: "d11-collect", label: { en: "Double 11: courier pickup scan by {by}", zh: "双11：{by}前有揽收记录" }, paidFrom: "2026-11-11 00:00", paidTo: "2026-11-17 24:00", milestone: "collected", by: "2026-11-25 24:00" },
  { id: "ship-48h", label: { en: "Shipped within {within} of payment", zh: "付款后{within}内发货" }, milestone: "shipped", within: "48h" },
];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A rule's label with "{by}" and "{within}" filled from the rule itself ("20 Nov 24:00" /
 * "11月20日24:00", "48 h" / "48小时"), so a label never names another date than the rule
 * judges by (`--set 'deadlines[1].by=2026-11-24 24:00'` changes both).
 */
function fillLabel(d: { label: { en?: string; zh?: string }; by?: string; within?: number }): { en?: string; zh?: string } {
  const at = d.by === undefined ? null : DATETIME_RE.exec(d.by);
  const hours = d.within === undefined ? "" : String(+(d.within / 3600).toFixed(2));
  const fill = (text: string | undefined, lang: "en" | "zh") =>
    text
      ?.replace(/\{by\}/g, () => (at ? (lang === "en" ? `${Number(at[3])} ${MONTHS[Number(at[2]) - 1]} ${at[4].padStart(2, "0")}:${at[5]}` : `${Number(at[2])}月${Number(at[3])}日${at[4].padStart(2, "0")}:${at[5]}`) : "{by}"))
      .replace(/\{within\}/g, () => (d.within === undefined ? "{within}" : lang === "en" ? `${hours} h` : `${hours}小时`));
  return { ...(d.label.en !== undefined ? { en: fill(d.label.en, "en") } : {}), ...(d.label.zh !== undefined ? { zh: fill(d.label.zh, "zh") } : {}) };
}

/** Text for the UI and reports in English and Chinese, once parsed. */
export interface Bilingual {
  en: string;
  zh?: string;
}

/**
 * Text in any language, or the English and Chinese texts ({en, zh}), each shown in the
 * UI and reports of its language. Always an object once parsed: `en` is the text given
 * (or the Chinese text when only that is given). `field` names it in the messages.
 */
function bilingual(field: string, max: number) {
  return z.union([
    z
      .string()
      .min(1, { error: `${field} must not be empty` })
      .max(max, { error: `${field} must be at most ${max} characters` })
      .transform((en): Bilingual => ({ en })),
    z
      .strictObject({
        en: z.string().min(1).max(max).optional(),
        zh: z.string().min(1).max(max).optional(),
      })
      .refine((n) => n.en !== undefined || n.zh !== undefined, { error: `${field} needs en or zh`, params: { zh: `${field} 至少要有 en 或 zh` } })
      .transform((n): Bilingual => (n.zh === undefined ? { en: n.en! } : { en: n.en ?? n.zh, zh: n.zh })),
  ]);
}

/** A scenario's name: text, or its English and Chinese names. */
export const ScenarioName = bilingual("name", 120);
/** What the scenario is for (the question it answers): text, or English and Chinese. */
export const ScenarioDescription = bilingual("description", 4000);
export type ScenarioName = z.output<typeof ScenarioName>;

/**
 * The scenario's name in `lang` (the Chinese one when given, else the other). A plain
 * string is a scenario stored before names could be bilingual (runs in the store).
 */
export function scenarioName(name: Bilingual | string, lang: "en" | "zh"): string {
  return inLang(name, lang);
}

/** Bilingual text in `lang`: the Chinese text when given, else the other (plain text as it is). */
export function inLang(text: Bilingual | string, lang: "en" | "zh"): string {
  if (typeof text === "string") return text;
  return lang === "zh" ? (text.zh ?? text.en) : text.en;
}

/** The Chinese name of a scenario, when it has its own (undefined for a plain-text name). */
export function scenarioNameZh(name: Bilingual | string): string | undefined {
  return typeof name === "string" ? undefined : name.zh;
}

export const Scenario = z
  .strictObject({
    /** Schema version of the file. */
    version: z.literal(1).default(1),
    name: ScenarioName.prefault({ en: "Untitled scenario", zh: "未命名场景" }),
    description: ScenarioDescription.optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    timeZone: z.string().default("Asia/Shanghai"),
    /** 00:00 of the peak day, when the simulation starts. */
    start: DateTime.prefault("2026-11-11 00:00"),
    /**
     * The run stops when the backlog clears after the last arrival, or at this horizon.
     * At least an hour (a shorter run says nothing about a peak day) and at most 90 days
     * (the peak plus 30 days after it, with room for the backlog to clear).
     */
    horizon: Duration.refine((sec) => sec >= 3600 && sec <= 90 * 86400, { message: 'must be from 1 hour to 90 days ("1h" to "90d")', params: { zh: '必须在 1 小时到 90 天之间（"1h" 至 "90d"）' } }).prefault("30d"),
    demand: Demand.prefault({}),
    stations: z.array(Station).min(1).max(20).prefault(DEFAULT_STATIONS as never),
    staff: Staff.prefault({}),
    printers: Printers.prefault({}),
    couriers: z
      .array(Courier)
      .min(1)
      .prefault([
        { id: "zto", name: "中通 ZTO", share: 0.4, pickups: ["11:00", "17:00", "22:00"], capacityPerPickup: NO_CAP_PER_PICKUP, dailyCap: NO_DAILY_CAP },
        { id: "yto", name: "圆通 YTO", share: 0.35, pickups: ["12:00", "18:00"], capacityPerPickup: NO_CAP_PER_PICKUP, dailyCap: NO_DAILY_CAP },
        { id: "sf", name: "顺丰 SF", share: 0.25, pickups: ["16:00"], capacityPerPickup: NO_CAP_PER_PICKUP, dailyCap: NO_DAILY_CAP },
      ] as never),
    /**
     * "share": orders split by each courier's share. "capacity": by share too (equal shares when
     * none is given), but a courier whose capacity for the day is taken (its dailyCap, a courier-cap
     * what-if in force, or its pickups x capacityPerPickup) gets no more orders that day; the others
     * take the overflow by share, a courier without a share only when those with one are full
     * (when all are full, by share, to wait at the dock).
     */
    courierAllocation: z.enum(["share", "capacity"]).default("share"),
    dock: Dock.prefault({}),
    disruptions: z.array(Disruption).default([]),
    returns: Returns.prefault({}),
    deadlines: z.array(Deadline).prefault(DEFAULT_DEADLINES as never),
    targets: z.array(Target).default([]),
  })
  .superRefine((s, ctx) => {
    // Volume: every order is simulated, so a typo of a few zeros would run for minutes and take gigabytes.
    const d = s.demand;
    const daysRun = Math.min(1 + d.daysAfter.length, Math.ceil(s.horizon / 86400));
    const multiples = d.surge + d.daysAfter.slice(0, daysRun - 1).reduce((a, m) => a + m, 0);
    const presale = Math.round(d.presaleOrders * d.forecastFactor);
    const volume = presale + d.baselinePerDay * d.forecastFactor * multiples;
    // A factor out of its own range has its own error already: no second one from it.
    const inRange = (["baselinePerDay", "surge", "presaleOrders", "forecastFactor"] as const).every((k) => Demand.shape[k].safeParse(d[k]).success);
    if (volume > MAX_ORDERS_PER_RUN && Number.isFinite(volume) && inRange) {
      const n = (x: number) => Math.round(x).toLocaleString("en-US");
      const m = (x: number) => Number(x.toFixed(2)).toLocaleString("en-US"); // multiples: 16.5, not 17
      ctx.addIssue({
        code: "custom",
        path: ["demand"],
        message:
          `about ${n(volume)} orders in the run (baselinePerDay ${n(d.baselinePerDay)} x (surge ${d.surge}` +
          `${daysRun > 1 ? ` + daysAfter ${m(multiples - d.surge)}` : ""}) x forecastFactor ${d.forecastFactor}${presale ? ` + ${n(presale)} presale` : ""}); ` +
          `a run simulates at most ${n(MAX_ORDERS_PER_RUN)} orders (a million-order peak day with the days after fits): lower baselinePerDay, surge, daysAfter or forecastFactor`,
        params: {
          zh:
            `本次运行约 ${n(volume)} 单（baselinePerDay ${n(d.baselinePerDay)} × (surge ${d.surge}` +
            `${daysRun > 1 ? ` + daysAfter ${m(multiples - d.surge)}` : ""}) × forecastFactor ${d.forecastFactor}${presale ? ` + 预售 ${n(presale)} 单` : ""}）；` +
            `一次运行最多模拟 ${n(MAX_ORDERS_PER_RUN)} 单（百万单的大促日加上之后几天也够用）：请调低 baselinePerDay、surge、daysAfter 或 forecastFactor`,
        },
      });
    }
    const ids = new Set<string>();
    s.stations.forEach((st, i) => {
      if (ids.has(st.id)) ctx.addIssue({ code: "custom", path: ["stations", i, "id"], message: `duplicate station id "${st.id}"`, params: { zh: `工位 id "${st.id}" 重复` } });
      ids.add(st.id);
    });
    s.stations.forEach((st, i) => {
      if (st.reworkTo !== undefined && !ids.has(st.reworkTo)) ctx.addIssue({ code: "custom", path: ["stations", i, "reworkTo"], message: `unknown station "${st.reworkTo}"; stations are ${[...ids].join(", ")}`, params: { zh: `未知的工位 "${st.reworkTo}"；现有工位：${[...ids].join("、")}` } });
      if (st.zones !== undefined && st.kind !== "pick") ctx.addIssue({ code: "custom", path: ["stations", i, "zones"], message: `zone picking is for a pick station (kind: pick); this one is kind ${st.kind}`, params: { zh: `分区拣货只适用于拣货工位（kind: pick）；这个工位是 kind ${st.kind}` } });
      if (st.reworkShare > 0 && st.reworkTo === undefined) ctx.addIssue({ code: "custom", path: ["stations", i, "reworkTo"], message: "reworkShare > 0 needs reworkTo (the station orders go back to)", params: { zh: "reworkShare > 0 时需要 reworkTo（返工订单退回的工位）" } });
      if (st.reworkTo !== undefined && s.stations.findIndex((x) => x.id === st.reworkTo) >= i) ctx.addIssue({ code: "custom", path: ["stations", i, "reworkTo"], message: "reworkTo must be a station earlier in the route", params: { zh: "reworkTo 必须是流程中更靠前的工位" } });
    });
    // An empty route has its own error (stations: at least 1): every name of a station is then
    // unknown, and saying so for each roster row, flex rule and target buries that one error.
    const known = (id: string) => ids.size === 0 || ids.has(id);
    if (s.returns.share > 0 && ids.size > 0) {
      const rs = s.stations.find((x) => x.id === s.returns.station);
      if (!rs) ctx.addIssue({ code: "custom", path: ["returns", "station"], message: `unknown station "${s.returns.station}"; stations are ${[...ids].join(", ")}`, params: { zh: `未知的工位 "${s.returns.station}"；现有工位：${[...ids].join("、")}` } });
      else if (rs.needs.includes("printers") || rs.zones !== undefined) {
        ctx.addIssue({ code: "custom", path: ["returns", "station"], message: `returns cannot go to "${rs.id}" (${rs.zones ? "zone picking" : "a printer station"}); name a station such as qc or pack`, params: { zh: `退货不能交给 "${rs.id}"（${rs.zones ? "分区拣货工位" : "需要打印机的工位"}）；请指定 qc 或 pack 这样的工位` } });
      }
    }
    // Rosters name shifts by id: two shifts with one id would both take its headcounts.
    const shiftIds = new Set<string>();
    s.staff.shifts.forEach((sh, i) => {
      if (shiftIds.has(sh.id)) ctx.addIssue({ code: "custom", path: ["staff", "shifts", i, "id"], message: `duplicate shift id "${sh.id}"`, params: { zh: `班次 id "${sh.id}" 重复` } });
      shiftIds.add(sh.id);
    });
    for (const table of ["roster", "temps"] as const) {
      for (const [st, byShift] of Object.entries(s.staff[table] ?? {})) {
        if (!known(st)) ctx.addIssue({ code: "custom", path: ["staff", table, st], message: `unknown station "${st}"; stations are ${[...ids].join(", ")}`, params: { zh: `未知的工位 "${st}"；现有工位：${[...ids].join("、")}` } });
        for (const sh of Object.keys(byShift)) {
          if (!shiftIds.has(sh)) ctx.addIssue({ code: "custom", path: ["staff", table, st, sh], message: `unknown shift "${sh}"; shifts are ${[...shiftIds].join(", ")}`, params: { zh: `未知的班次 "${sh}"；现有班次：${[...shiftIds].join("、")}` } });
        }
      }
    }
    (s.staff.flex ?? []).forEach((f, i) => {
      if (!known(f.from)) ctx.addIssue({ code: "custom", path: ["staff", "flex", i, "from"], message: `unknown station "${f.from}"`, params: { zh: `未知的工位 "${f.from}"` } });
      if (!known(f.to)) ctx.addIssue({ code: "custom", path: ["staff", "flex", i, "to"], message: `unknown station "${f.to}"`, params: { zh: `未知的工位 "${f.to}"` } });
      if (f.from === f.to) ctx.addIssue({ code: "custom", path: ["staff", "flex", i, "to"], message: "to must differ from from", params: { zh: "to 不能与 from 相同" } });
    });
    const courierIds = new Set<string>();
    s.couriers.forEach((c, i) => {
      if (courierIds.has(c.id)) ctx.addIssue({ code: "custom", path: ["couriers", i, "id"], message: `duplicate courier id "${c.id}"`, params: { zh: `快递 id "${c.id}" 重复` } });
      courierIds.add(c.id);
    });
    if (s.courierAllocation === "share" && s.couriers.every((c) => !c.share)) {
      ctx.addIssue({ code: "custom", path: ["couriers"], message: 'with courierAllocation "share" at least one courier needs share > 0', params: { zh: 'courierAllocation 为 "share" 时，至少要有一家快递的 share > 0' } });
    }
    s.disruptions.forEach((d, i) => {
      if (d.type === "courier-cap" && !courierIds.has(d.courier)) ctx.addIssue({ code: "custom", path: ["disruptions", i, "courier"], message: `unknown courier "${d.courier}"; couriers are ${[...courierIds].join(", ")}`, params: { zh: `未知的快递 "${d.courier}"；现有快递：${[...courierIds].join("、")}` } });
    });
    const ruleIds = new Set<string>();
    s.deadlines.forEach((d, i) => {
      if (ruleIds.has(d.id)) ctx.addIssue({ code: "custom", path: ["deadlines", i, "id"], message: `duplicate deadline id "${d.id}"`, params: { zh: `时效规则 id "${d.id}" 重复` } });
      ruleIds.add(d.id);
    });
    s.targets.forEach((t, i) => {
      if (t.kind === "late-probability" && !ruleIds.has(t.rule)) ctx.addIssue({ code: "custom", path: ["targets", i, "rule"], message: `unknown deadline rule "${t.rule}"; rules are ${[...ruleIds].join(", ")}`, params: { zh: `未知的时效规则 "${t.rule}"；现有规则：${[...ruleIds].join("、")}` } });
      if (t.kind === "mean-wait" && !known(t.station)) ctx.addIssue({ code: "custom", path: ["targets", i, "station"], message: `unknown station "${t.station}"`, params: { zh: `未知的工位 "${t.station}"` } });
    });
    for (const d of duplicateTargets(s.targets)) {
      ctx.addIssue({ code: "custom", path: ["targets", d.index], message: `another target for ${d.measure} (the first is targets[${d.first}]); keep one, with the limit you mean`, params: { zh: `与 targets[${d.first}] 重复，都是 ${d.measure} 的目标；请只保留一个，写上您要的限值` } });
    }
    try {
      new Intl.DateTimeFormat("en", { timeZone: s.timeZone });
    } catch {
      ctx.addIssue({ code: "custom", path: ["timeZone"], message: `unknown time zone "${s.timeZone}"; use an IANA name such as "Asia/Shanghai"`, params: { zh: `未知的时区 "${s.timeZone}"；请用 IANA 名称，如 "Asia/Shanghai"` } });
    }
    // The start anchors every clock time, so it cannot itself be a bare clock time.
    const at = DATETIME_RE.exec(s.start);
    if (at && (Number(at[4]) !== 0 || Number(at[5]) !== 0)) {
      // "2026-11-10 24:00" is the midnight that begins 11 Nov: suggest that day.
      const day = new Date(Date.UTC(Number(at[1]), Number(at[2]) - 1, Number(at[3]) + (Number(at[4]) === 24 ? 1 : 0))).toISOString().slice(0, 10);
      // Times inside a run count from the peak day's midnight (the day's demand profile, shifts, presale release).
      ctx.addIssue({
        code: "custom",
        path: ["start"],
        message: `start is the peak day's midnight, such as "${day} 00:00": the day's demand and every shift count from it; got "${s.start}". To open the warehouse later, start the shifts later`,
        params: { zh: `start 必须是大促当天的 0 点，如 "${day} 00:00"：当天的订单曲线和所有班次都从它算起；实际是 "${s.start}"。如需晚些开工，请把班次的开始时间调晚` },
      });
    }
    if (!DATETIME_RE.test(s.start)) ctx.addIssue({ code: "custom", path: ["start"], message: `start needs a full date-time "YYYY-MM-DD HH:MM" such as "2026-11-11 00:00", got "${s.start}"`, params: { zh: `start 需要完整的日期时间 "YYYY-MM-DD HH:MM"，如 "2026-11-11 00:00"，实际是 "${s.start}"` } });
  })
  .transform((s) => {
    // Default flex: DOMAIN.md's weighers help the packers when idle, where the route has both.
    const has = (id: string) => s.stations.some((st) => st.id === id);
    const flex = s.staff.flex ?? (has("weigh") && has("pack") ? [FlexRule.parse({ from: "weigh", to: "pack" })] : []);
    // Default roster: DOMAIN.md's team on the first shift, for the stations of that name present.
    if (s.staff.roster !== undefined) return { ...s, staff: { ...s.staff, roster: s.staff.roster, flex } };
    const first = s.staff.shifts[0].id;
    const roster: Record<string, Record<string, number>> = {};
    for (const st of s.stations) roster[st.id] = { [first]: DEFAULT_TEAM[st.id] ?? 0 };
    return { ...s, staff: { ...s.staff, roster, flex } };
  })
  .transform((s) => ({ ...s, deadlines: s.deadlines.map((d) => ({ ...d, label: fillLabel(d) })) }));

/** DOMAIN.md's suggested peak team of 15. */
export const DEFAULT_TEAM: Record<string, number> = { print: 2, pick: 3, qc: 2, pack: 6, weigh: 2 };

/** A validated scenario with every default filled in. */
export type Scenario = z.output<typeof Scenario>;
/** What a scenario file may contain (most fields optional). */
export type ScenarioInput = z.input<typeof Scenario>;
export type Deadline = z.output<typeof Deadline>;
export type Disruption = z.output<typeof Disruption>;
export type Target = z.output<typeof Target>;
