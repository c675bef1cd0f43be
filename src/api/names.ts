// Resource names chosen by the client. Derived names make writes idempotent: the
// same logical write always PUTs the same resource, so a retry replaces instead of
// duplicating.
import { createHash } from "node:crypto";

/** A GUID-shaped name derived from its parts (RFC 4122 version-5 layout over SHA-1). */
export function derivedGuid(...parts: string[]): string {
  const hash = createHash("sha1").update(JSON.stringify(parts)).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The relation name this project uses to link a resource to an incident: one per pair. */
export function relationNameFor(incidentName: string, relatedResourceName: string): string {
  return derivedGuid("relation", incidentName.toLowerCase(), relatedResourceName.toLowerCase());
}
