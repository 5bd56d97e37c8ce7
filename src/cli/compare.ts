import type { Command } from "commander";

/** Placeholder: the `compare` command is registered here by its owner. */
export function registerCompare(program: Command): void {
  void program;
}
