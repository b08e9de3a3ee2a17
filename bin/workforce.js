#!/usr/bin/env node
// Entry point for `npx workforce`: registers tsx (a pinned dependency) in this process and runs the
// TypeScript CLI, so exit codes and signals are the CLI's own.
import { register } from "tsx/esm/api";

// Colour only on a terminal: picocolors also colours whenever CI is set, which would put escape codes
// into logs and into output that scripts parse. FORCE_COLOR still forces it.
if (!process.stdout.isTTY && !process.stderr.isTTY && !process.env.FORCE_COLOR) process.env.NO_COLOR = "1";

register();
await import("../warehouse/cli.ts");
