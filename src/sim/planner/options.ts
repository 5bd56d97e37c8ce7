/**
 * Planner options: constraints and search settings, validated with zod at every
 * boundary (CLI flags, HTTP body). The scenario's `targets` list is used unless
 * `targets` is given here.
 *
 * Defaults and why:
 * - replications 10: enough for common-random-number comparisons of neighbours;
 * - maxReplications 100: a "P(any late) <= 5%" target needs at least 73 runs with
 *   no late run to be shown at 95% confidence (Wilson), so 100 leaves room for one;
 * - maxEvaluations 120 / maxRuns 4000: bound the work (about a minute on 2 cores
 *   for the default scenario at ~0.1 s per run);
 * - utilization 0.85: the analytic guess plans people for 85% busy, the usual
 *   headroom for random arrivals;
 * - stressFactor 2: DOMAIN.md's "stress-test at 2x the forecast".
 */
import { z } from "zod";
import { Shift, Target } from "../model/schema.js";
import { describeAs } from "../model/load.js";
import { parseTarget } from "./targets.js";
import { MAX_TRY_SHIFTS, parseShiftText } from "./shifts.js";

/**
 * Who reads the messages. "api": they start with the JSON field name and say
 * ", got X" (HTTP clients see the field's path beside them). "cli": the command
 * line prints each after its flag ("--max-replications: must be ... (got 5)"), so
 * the message leaves the name out and names other fields by their flags.
 */
export type MessageStyle = "api" | "cli";

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 40) ?? String(v);

/** "field must ..." for the API, "must ..." for the CLI. */
const says = (style: MessageStyle, field: string, text: string) => (style === "api" ? `${field} ${text}` : text);

const count = (what: string, max: number, style: MessageStyle) =>
  z
    .number({ error: says(style, what, "must be a number") })
    .int({ error: says(style, what, "must be a whole number") })
    .min(0, { error: says(style, what, "must be >= 0") })
    .max(max, { error: says(style, what, `must be <= ${max}`) });

/** A shift the planner may add: the scenario's shift object, or "launch=00:00-08:00" / "launch=00:00-08:00@0". */
const ShiftOrText = z.preprocess((v, ctx) => {
  if (typeof v !== "string") return v;
  const sh = parseShiftText(v);
  if (sh) return sh;
  ctx.addIssue({
    code: "custom",
    message: `"${v.slice(0, 40)}" is not a shift: write id=HH:MM-HH:MM, e.g. "launch=00:00-08:00", with @days for some days only ("launch=00:00-08:00@0": the peak day)`,
    params: { zh: `"${v.slice(0, 40)}" 不是班次：请写成 id=HH:MM-HH:MM，如 "launch=00:00-08:00"；只在某几天上班加 @天（"launch=00:00-08:00@0"：仅大促当天）` },
    input: v,
  });
  return v;
}, Shift);

describeAs(ShiftOrText, {
  en: 'a shift: text such as "launch=00:00-08:00" (@0 for the peak day only), or its fields {id, start, end, days?, breaks?}',
  zh: '班次：文本，如 "launch=00:00-08:00"（加 @0 表示仅大促当天），或一组字段 {id, start, end, days?, breaks?}',
});

/** Constraints of the plan, with messages for the API or the CLI. */
export function plannerConstraints(style: MessageStyle = "api") {
  return z.strictObject({
    /** Most people on the roster in all (permanent + temporary, summed over shifts). */
    maxHeadcount: count("maxHeadcount", 100_000, style).optional(),
    /** Most permanent people (the workforce you have; the rest must be temps). */
    maxPermanent: count("maxPermanent", 100_000, style).optional(),
    /** Most planned cost (labour + printers over the demand days), in the scenario's currency. */
    budget: z
      .number({ error: says(style, "budget", "must be a number") })
      .positive({ error: says(style, "budget", "must be > 0") })
      .max(1e12, { error: says(style, "budget", "must be <= 1e12") })
      .optional(),
    /**
     * The crew rule: at each station, on each shift it is staffed at all, at least this
     * many people (permanent and temps together). 2 keeps one absence from leaving a
     * station empty for a shift (the scenario check's "one person" warning). 1: no rule.
     */
    minCrew: z
      .number({ error: says(style, "minCrew", "must be a number") })
      .int({ error: says(style, "minCrew", "must be a whole number") })
      .min(1, { error: says(style, "minCrew", "must be >= 1 (1: no rule)") })
      .max(50, { error: says(style, "minCrew", "must be <= 50") })
      .default(1),
    /** Whether the planner may add temporary workers. */
    allowTemps: z.boolean().default(true),
    /**
     * Variables the planner must not change: "pick.day=3", "pick.day.temps=2",
     * "pick.day" (at the scenario's value), "pick" (every shift), "printers=4", "printers".
     */
    fixed: z.array(z.string().max(80)).max(200).default([]),
    /**
     * Shifts the planner may add beside the scenario's own (a launch crew at 00:00, an
     * early shift): nobody on them at first; the search staffs them where their people
     * do the most for their cost. See shifts.ts.
     */
    tryShifts: z
      .preprocess((v) => (typeof v === "string" ? [v] : v), z.array(ShiftOrText).max(MAX_TRY_SHIFTS, { error: says(style, "tryShifts", `must list at most ${MAX_TRY_SHIFTS} shifts`) }))
      .default([]),
  });
}

/** Constraints of the plan (also the fragment proposed for a scenario `planner:` section). */
export const PlannerConstraints = plannerConstraints();
export type PlannerConstraintsInput = z.input<typeof PlannerConstraints>;

/** A whole number in [min, max] whose every error names the field (API), the range and the value. */
const whole = (field: string, min: number, max: number, why = "", style: MessageStyle = "api") => {
  const msg = (iss: { input?: unknown }) =>
    style === "api" ? `${field} must be a whole number from ${min} to ${max}${why}, got ${show(iss.input)}` : `must be a whole number from ${min} to ${max}${why} (got ${show(iss.input)})`;
  return z.number({ error: msg }).int({ error: msg }).min(min, { error: msg }).max(max, { error: msg });
};

/**
 * Search settings. `maxReplications` bounds the three replication counts (a server
 * passes its own limit; their defaults are clamped to it).
 */
export function plannerSettings(maxReplications = 10_000, style: MessageStyle = "api") {
  const reps = Math.min(1000, maxReplications);
  const onServer = maxReplications < 10_000 ? " on this server" : "";
  const range = (field: string, min: number, max: number) => (iss: { input?: unknown }) =>
    style === "api" ? `${field} must be from ${min} to ${max}` : `must be from ${min} to ${max} (got ${show(iss.input)})`;
  return z.strictObject({
    replications: whole("replications", 2, reps, reps < 1000 ? onServer : " (a confidence interval needs two runs)", style).default(Math.min(10, reps)),
    /** Default: 100 (within the server's limit), or `replications` when that is more (see plannerOptions). */
    maxReplications: whole("maxReplications", 2, maxReplications, onServer, style).optional(),
    maxEvaluations: whole("maxEvaluations", 1, 100_000, "", style).default(120),
    maxRuns: whole("maxRuns", 1, 10_000_000, "", style).default(4000),
    /** Candidates simulated per add step (the most promising by bottleneck pressure). */
    candidates: whole("candidates", 1, 20, "", style).default(3),
    /** Utilisation the analytic first guess aims at. */
    utilization: z
      .number()
      .min(0.3, { error: style === "api" ? "utilization must be >= 0.3" : range("utilization", 0.3, 1) })
      .max(1, { error: style === "api" ? "utilization must be <= 1" : range("utilization", 0.3, 1) })
      .default(0.85),
    /** Base seed of the replications (default: the scenario's seed). */
    seed: whole("seed", 0, 2 ** 32 - 1, "", style).optional(),
    /** Re-simulate +1/-1 at each station and shift. */
    marginal: z.boolean().default(true),
    marginalReplications: whole("marginalReplications", 2, reps, onServer, style).default(Math.min(20, reps)),
    /** Check the plan at `stressFactor` x the forecast. */
    stress: z.boolean().default(true),
    stressFactor: z.number().min(1, { error: range("stressFactor", 1, 10) }).max(10, { error: range("stressFactor", 1, 10) }).default(2),
    /** Start the search from the analytic guess (default) or from the scenario's own staffing. */
    start: z.enum(["guess", "scenario"]).default("guess"),
  });
}
export const PlannerSettings = plannerSettings();

/** A target as an object, or as the CLI writes it: "late:d11-ship<=5%", "within24h>=95%", "wait:pack<=30min". */
const TargetOrText = z.preprocess((v, ctx) => {
  if (typeof v !== "string") return v; // an object: Target's own errors, field by field
  const r = parseTarget(v);
  if (r.ok) return r.target;
  ctx.addIssue({ code: "custom", message: r.error.message, params: { zh: r.error.zh }, input: v });
  return v;
}, Target);

/** What a target may be, in the messages' words (see describeAs). */
describeAs(TargetOrText, {
  en: 'a target: text such as "late:d11-ship<=5%", "within24h>=95%" or "wait:pack<=30min", or its fields {kind: ...}',
  zh: '目标：文本，如 "late:d11-ship<=5%"、"within24h>=95%" 或 "wait:pack<=30min"，或一组字段 {kind: ...}',
});

/** A list of targets, or one target's text alone. */
const Targets = z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(TargetOrText, { error: 'targets must be a list, e.g. ["late:d11-ship<=5%", "within24h>=95%"]' }));

/**
 * The options with the replication counts bounded by `maxReplications` (a server's
 * limit; default the planner's own). `style`: messages for the API (JSON field
 * names) or for the CLI (printed after the flag, other fields by their flags).
 */
export function plannerOptions(maxReplications?: number, style: MessageStyle = "api") {
  const reps = Math.min(1000, maxReplications ?? 10_000);
  const settings = plannerSettings(maxReplications, style);
  const defaultReplications = Math.min(10, reps);
  return z
    .strictObject({
      /** Overrides the scenario's targets when given. */
      targets: Targets.optional(),
      ...plannerConstraints(style).shape,
      ...settings.shape,
      // Left unset here (filled below) so that a message can tell a count given from its default.
      replications: settings.shape.replications.unwrap().optional(),
    })
    .superRefine((o, ctx) => {
      // Only between two counts each in its own range (else that range is the error to fix),
      // and only when the bound was given: a default follows `replications` (below).
      const replications = o.replications ?? defaultReplications;
      if (replications <= reps && o.maxReplications !== undefined && o.maxReplications < replications) {
        const given = o.replications !== undefined;
        ctx.addIssue({
          code: "custom",
          path: ["maxReplications"],
          message:
            style === "api"
              ? given
                ? `maxReplications (${o.maxReplications}) must be at least replications (${replications}): raise maxReplications or lower replications`
                : `maxReplications (${o.maxReplications}) must be at least replications (${replications}, its default): raise maxReplications or give a smaller replications`
              : given
                ? `must be at least --replications (${replications}) (got ${o.maxReplications}): raise --max-replications or lower --replications`
                : `must be at least the starting replications (${replications}, the default of --replications) (got ${o.maxReplications}): raise --max-replications or give a smaller --replications`,
          params: {
            zh:
              style === "api"
                ? given
                  ? `maxReplications（${o.maxReplications}）须不少于 replications（${replications}）：请调高 maxReplications 或调低 replications`
                  : `maxReplications（${o.maxReplications}）须不少于 replications（${replications}，其默认值）：请调高 maxReplications，或给出更小的 replications`
                : given
                  ? `须不少于 --replications（${replications}）（实为 ${o.maxReplications}）：请调高 --max-replications 或调低 --replications`
                  : `须不少于起始仿真次数（${replications}，即 --replications 的默认值）（实为 ${o.maxReplications}）：请调高 --max-replications，或给出更小的 --replications`,
          },
        });
      }
    })
    // Unset, the bound is 100 (the server's limit if lower), or `replications` when more
    // are asked for: `--replications 200` alone means at least 200 runs per candidate.
    .transform((o) => {
      const replications = o.replications ?? defaultReplications;
      return { ...o, replications, maxReplications: o.maxReplications ?? Math.max(replications, Math.min(100, maxReplications ?? 10_000)) };
    });
}
export const PlannerOptions = plannerOptions();
/** The same with the command line's messages (see `MessageStyle`). */
export const PlannerOptionsCli = plannerOptions(undefined, "cli");

/** Validated options with defaults filled. */
export type PlannerOptions = z.output<typeof PlannerOptions>;
export type PlannerOptionsInput = z.input<typeof PlannerOptions>;

/**
 * Proposed, not required: a scenario section holding the warehouse's own limits so
 * they travel with the scenario file. Not wired yet: if schema.ts's Scenario gets
 *   planner: PlannerSection.optional(),
 * `validatePlanRequest` should merge `scenario.planner` under the options (options win).
 */
export const PlannerSection = PlannerConstraints;
