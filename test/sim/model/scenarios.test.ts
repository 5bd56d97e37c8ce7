/**
 * Every file in scenarios/ validates and runs; a compact fingerprint of its seeded
 * run is pinned (golden run) so that any change to the model's numbers is seen in
 * review. After an intended model change: `npx vitest run -u` and explain the diff.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Scenario } from "../../../src/sim/model/schema.js";
import { simulate } from "../../../src/sim/model/simulate.js";

const dir = join(import.meta.dirname, "../../../scenarios");
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

describe("scenario library", () => {
  it("has the scenarios the guides' questions need", () => {
    for (const f of ["default.yaml", "large-seller.yaml", "surge-30x.yaml", "stress-2x.yaml", "printer-down-no-spare.yaml", "printer-down-with-spare.yaml", "order-system-down.yaml", "courier-cap.yaml"]) {
      expect(files).toContain(f);
    }
  });

  for (const f of files) {
    it(`${f} opens with a comment, validates and runs (golden)`, () => {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text.startsWith("#")).toBe(true);
      const s = Scenario.parse(parse(text));
      const r = simulate(s);
      expect(r.orders.shipped + r.orders.backlogAtEnd).toBe(r.orders.arrived);
      // null (no observation) stays null.
      const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
      expect({
        arrived: r.orders.arrived,
        shipped: r.orders.shipped,
        collected: r.orders.collected,
        endHour: r.endSec / 3600,
        h12: round(r.shippedWithin.h12),
        h24: round(r.shippedWithin.h24),
        late: Object.fromEntries(r.deadlines.map((d) => [d.id, d.late])),
        util: Object.fromEntries(Object.values(r.stations).map((x) => [x.id, round(x.utilization)])),
        p95TimeInSystemMin: r.timeInSystemMin.p95 === null ? null : Math.round(r.timeInSystemMin.p95),
        events: r.perf.events,
      }).toMatchSnapshot();
    });
  }
});
