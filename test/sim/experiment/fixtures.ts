/**
 * Hand-built RunResults and tiny scenarios for the experiment and report tests.
 */
import type { DeadlineResult, RunResult, StationHourly } from "../../../src/sim/model/result.js";
import { type Scenario, Scenario as ScenarioSchema, type ScenarioInput } from "../../../src/sim/model/schema.js";

/** A small, fast scenario (about 200 orders, a 3-day horizon). */
export const MICRO: ScenarioInput = { name: "micro", horizon: "3d", demand: { baselinePerDay: 20, surge: 10, daysAfter: [1], presaleOrders: 0 } };

export function scenario(input: ScenarioInput = MICRO): Scenario {
  return ScenarioSchema.parse(input);
}

export interface FakeStation {
  id: string;
  name?: { en: string; zh: string };
  queue: number[];
  staff: number[];
  busy?: number[];
  arrivals?: number[];
  completions?: number[];
}

export interface FakeRun {
  seed?: number;
  hours?: number;
  stations?: FakeStation[];
  backlog?: number[];
  late?: Record<string, number>;
  /** Pickup-scan rules: of the late, those that had shipped by the deadline (left out when not given, as in a run stored before the count). */
  lateShipped?: Record<string, number>;
  cohorts?: Record<string, Record<string, { orders: number; late: number }>>;
  couriers?: Record<string, Record<string, { orders: number; late: number }>>;
  shippedWithin?: { h12: number; h24: number };
  capped?: number;
  figures?: Partial<{ arrived: number; shipped: number }>;
  dockBlockedHours?: number;
}

const NAMES: Record<string, { en: string; zh: string }> = {
  print: { en: "Print", zh: "打单" },
  pick: { en: "Pick", zh: "拣货" },
  qc: { en: "QC", zh: "QC" },
  pack: { en: "Pack", zh: "打包" },
  weigh: { en: "Weigh", zh: "称重" },
};

/** A RunResult with the given hourly station series (utilisation = busy / staff). */
export function fakeRun(f: FakeRun = {}): RunResult {
  const stations = f.stations ?? [
    { id: "pick", queue: [0, 0], staff: [1, 1] },
    { id: "pack", queue: [0, 0], staff: [1, 1] },
  ];
  const H = f.hours ?? Math.max(f.backlog?.length ?? 0, ...stations.map((s) => s.queue.length));
  const hourlyStations: Record<string, StationHourly> = {};
  for (const s of stations) {
    const busy = s.busy ?? s.staff.map((x) => x);
    hourlyStations[s.id] = {
      arrivals: s.arrivals ?? new Array(H).fill(0),
      completions: s.completions ?? new Array(H).fill(0),
      queue: s.queue,
      busy,
      staff: s.staff,
      utilization: busy.map((b, i) => (s.staff[i] > 0 ? b / s.staff[i] : 0)),
    };
  }
  const late = f.late ?? {};
  const deadline = (id: string, milestone: "shipped" | "collected", deadlineSec: number): DeadlineResult => ({
    id,
    label: { en: `Rule ${id}`, zh: `规则 ${id}` },
    milestone,
    deadlineSec,
    orders: 100,
    late: late[id] ?? 0,
    lateUnfinished: 0,
    undetermined: 0,
    ...(milestone === "collected" && f.lateShipped?.[id] !== undefined ? { lateShipped: f.lateShipped[id] } : {}),
    byCohort: f.cohorts?.[id] ?? { "2026-11-11": { orders: 100, late: late[id] ?? 0 } },
    byCourier: f.couriers?.[id] ?? { zto: { orders: 100, late: late[id] ?? 0 } },
  });
  return {
    schemaVersion: 1,
    scenario: "fake",
    seed: f.seed ?? 1,
    timeZone: "Asia/Shanghai",
    startEpochMs: Date.UTC(2026, 10, 10, 16, 0),
    endSec: H * 3600,
    cleared: true,
    orders: { arrived: f.figures?.arrived ?? 100, presale: 0, prepacked: 0, shipped: f.figures?.shipped ?? 100, collected: 100, backlogAtEnd: 0, peakDay: 100 },
    stationOrder: stations.map((s) => s.id),
    stations: Object.fromEntries(
      stations.map((s) => [
        s.id,
        { id: s.id, name: s.name ?? NAMES[s.id] ?? { en: s.id, zh: s.id }, utilization: 0.5, peakDayUtilization: 0.8, meanWaitMin: 1, p95WaitMin: 2, maxQueue: Math.max(...s.queue), meanQueue: 1, served: 100, inStationAtEnd: 0, staffHours: 10, busyHours: 5 },
      ]),
    ),
    timeInSystemMin: { mean: 60, p50: 50, p95: 120 },
    timeToCollectMin: { mean: 90, p50: 80, p95: 200 },
    shippedWithin: f.shippedWithin ?? { h12: 0.9, h24: 1 },
    deadlines: [deadline("d11-ship", "shipped", 864000), deadline("d11-collect", "collected", 1296000)],
    couriers: [{ id: "zto", name: "中通 ZTO", allocated: 100, collected: 100, pickupsCapped: f.capped ?? 0, pickups: 3 }],
    labour: { hours: 20, cost: 500, printerCost: 40, byStation: {} },
    hourly: {
      startSec: Array.from({ length: H }, (_, i) => i * 3600),
      arrivals: new Array(H).fill(10),
      shipped: new Array(H).fill(10),
      collected: new Array(H).fill(0),
      backlog: f.backlog ?? new Array(H).fill(0),
      dock: new Array(H).fill(0),
      stations: hourlyStations,
    },
    mechanisms: { printerFailures: 0, flexMoves: [], dockBlockedHours: f.dockBlockedHours ?? 0, dockMax: 10, prepackedLeft: 0, expectedOrders: 100 },
    perf: { events: 1000, wallMs: 1 },
  };
}
