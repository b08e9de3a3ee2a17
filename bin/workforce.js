#!/usr/bin/env node
// Entry point for `npx workforce`: registers tsx (a pinned dependency) in this process and runs the
// TypeScript CLI, so exit codes and signals are the CLI's own.
import { register } from "tsx/esm/api";

register();
await import("../warehouse/cli.ts");
