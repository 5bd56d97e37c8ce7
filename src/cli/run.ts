import type { Command } from "commander";

/** Placeholder: the `run` command is registered here by its owner. */
export function registerRun(program: Command): void {
  void program;
}
