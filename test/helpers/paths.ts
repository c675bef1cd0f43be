// Where the project and the shared material beside it live, from a test's point of view.
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** ../shared beside the checkout (spec and seed); never copied into the project. */
export const SHARED_DIR = process.env.SENTINEL_SHARED_DIR ?? resolve(PROJECT_ROOT, "..", "shared");
export const SPEC_DIR = join(SHARED_DIR, "spec");
export const INCIDENT_EXAMPLES_DIR = join(SPEC_DIR, "securityinsights", "2025-12-01", "examples", "incidents");
export const CLI_BIN = join(PROJECT_ROOT, "dist", "cli", "main.js");
