import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { Scenario } from "../../sim/model/schema.js";
import { scenarioWarnings, type WarningNames } from "../../sim/model/warnings.js";

/** What the model runs as written but that does nothing or not what the file seems to say (see scenarioWarnings). */
export const Warning = z.object({ path: z.string(), message: z.string(), zh: z.string() });
export type Warning = z.infer<typeof Warning>;

/** `names`: the request's field names (resolveScenario): a what-if by its index in the request's `disruptions`. */
export function warningsOf(s: Scenario, names: WarningNames = {}): Warning[] {
  return scenarioWarnings(s, names).map((w) => ({ path: w.path, message: w.en, zh: w.zh }));
}

/** The 202 answer's schema. */
export const Accepted = z.object({ id: z.string(), status: z.string(), events: z.string(), run: z.string(), warnings: z.array(Warning) });

/** The answer of a check route (POST /api/runs/check, /api/plan/check) for a request that would be accepted. */
export const Checked = z.object({ ok: z.literal(true), warnings: z.array(Warning) });

/**
 * 202 Accepted for a started run or plan, with where to follow it and the warnings
 * of the scenario given (a run's, or the one a plan starts from; the plan's result
 * adds those of the planned scenario in its own `warnings`).
 */
export function accepted(reply: FastifyReply, rec: { id: string; status: string }, scenario?: Scenario, names: WarningNames = {}) {
  reply.code(202).header("location", `/api/runs/${rec.id}`);
  return { id: rec.id, status: rec.status, events: `/api/runs/${rec.id}/events`, run: `/api/runs/${rec.id}`, warnings: scenario ? warningsOf(scenario, names) : [] };
}
