/**
 * Worker-thread entry (piscina): one task = one replication, identified by the
 * caller's index; the seed comes with the task, so which thread runs which index
 * never changes a result.
 */
import type { RunResult } from "../model/result.js";
import type { Scenario } from "../model/schema.js";
import { simulate } from "../model/simulate.js";

export interface ReplicationTask {
  scenario: Scenario;
  seed: number;
}

export default function runReplication(task: ReplicationTask): RunResult {
  return simulate(task.scenario, { seed: task.seed });
}
