/**
 * The capacity planner's public surface (pure; no I/O). See search.ts for the method.
 */
export { plan, validatePlanRequest, PlanInputError, constraintText, stoppedText, MIN_MEETS_T, type PlanHooks, type PlanRequest, type PlanInputIssue } from "./search.js";
export { applyPlan, planOf, planCost, resolveFixed } from "./variables.js";
export { analyticGuess } from "./guess.js";
export { plannedScenario, withShifts, parseShiftText, type TriedShift } from "./shifts.js";
export { parseTarget, checkTargets, checkHorizon, targetKey, targetLabel, defaultTargets, planTargets, type TargetsSource } from "./targets.js";
export { PlannerOptions, PlannerOptionsCli, PlannerConstraints, PlannerSettings, PlannerSection, type MessageStyle, type PlannerOptionsInput } from "./options.js";
export type { Evaluate } from "./evaluator.js";
export type * from "./types.js";
