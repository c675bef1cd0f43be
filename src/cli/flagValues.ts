// Enum flags are checked where they are typed, in the command line's own words
// (the flag's name, the allowed values), before any request; the library then gets
// the spec's spelling, which its types ask for.
import { canonicalEnum } from "../api/enums.js";
import { UsageError } from "./errors.js";

export function enumFlag<T extends string>(flag: string, allowed: readonly T[], value: string): T;
export function enumFlag<T extends string>(flag: string, allowed: readonly T[], value: string | undefined): T | undefined;
export function enumFlag<T extends string>(flag: string, allowed: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  const canonical = canonicalEnum(allowed, value.trim());
  if (!canonical) throw new UsageError(`${flag} '${value}' is not allowed; use one of: ${allowed.join(", ")}`);
  return canonical;
}
