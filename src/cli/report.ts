import type { Command } from "commander";

/** Placeholder: the `report` command is registered here by its owner. */
export function registerReport(program: Command): void {
  void program;
}
