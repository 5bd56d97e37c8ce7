import type { Command } from "commander";

/** Placeholder: the `plan` command is registered here by its owner. */
export function registerPlan(program: Command): void {
  void program;
}
