// Small checks for request bodies. Each failure names the field by its JSON path
// and, for enums, the allowed values, so a caller can fix the request at once.
import { canonicalEnum } from "../../api/enums.js";
import { isGuid } from "../../api/resourceId.js";
import { parseDateTime } from "../odata/index.js";

export class ValidationFailure extends Error {
  override name = "ValidationFailure";
  constructor(
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

export function requireObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new ValidationFailure(`'${path}' must be an object, but was ${typeName(value)}.`, path);
  return value;
}

// An unpaired surrogate is not a character: UTF-8 cannot encode it, so it could not
// be stored or returned faithfully. Control characters (U+001B and friends) are
// text like any other: the spec sets no rule against them, real alert names built
// from command lines carry them, and JSON returns them as escapes. Making them
// harmless on a screen is the renderers' job (command line, console), not the store's.
const BAD_TEXT = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface StringRules {
  required?: boolean;
  nonEmpty?: boolean;
  maxLength?: number;
}

export function optionalString(obj: JsonObject, key: string, path: string, rules: StringRules = {}): string | undefined {
  const value = obj[key];
  const full = `${path}.${key}`;
  if (value === undefined || value === null) {
    if (rules.required) throw new ValidationFailure(`'${full}' is required.`, full);
    return undefined;
  }
  if (typeof value !== "string") throw new ValidationFailure(`'${full}' must be a string, but was ${typeName(value)}.`, full);
  if (rules.nonEmpty && value.trim() === "") throw new ValidationFailure(`'${full}' must not be empty.`, full);
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    throw new ValidationFailure(`'${full}' is ${value.length} characters long; at most ${rules.maxLength} are allowed.`, full);
  }
  return checkText(value, full);
}

export function checkText(value: string, path: string): string {
  const bad = BAD_TEXT.exec(value);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw new ValidationFailure(`'${path}' contains an unpaired surrogate U+${code} at index ${bad.index}, which is not a character and cannot be stored as text.`, path);
  }
  return value;
}

export function requiredString(obj: JsonObject, key: string, path: string, rules: StringRules = {}): string {
  return optionalString(obj, key, path, { ...rules, required: true })!;
}

/** Enum values must be spelled exactly; a miscased value is named with its canonical spelling. */
export function optionalEnum<T extends string>(obj: JsonObject, key: string, path: string, allowed: readonly T[], required = false): T | undefined {
  const full = `${path}.${key}`;
  const value = optionalString(obj, key, path, { required });
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const canonical = canonicalEnum(allowed, value);
  const hint = canonical ? ` Did you mean '${canonical}'? Values are case-sensitive.` : "";
  throw new ValidationFailure(`'${full}' has the invalid value '${value}'. Allowed values: ${allowed.join(", ")}.${hint}`, full);
}

// RFC 3339 date-time, as `format: date-time` means in the spec. The shape is
// checked here and the calendar by parseDateTime: Date.parse would roll
// 2024-02-30 over to March 1st instead of refusing it.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export function optionalDateTime(obj: JsonObject, key: string, path: string): string | undefined {
  const full = `${path}.${key}`;
  const value = optionalString(obj, key, path);
  if (value === undefined) return undefined;
  if (!DATE_TIME.test(value) || parseDateTime(value) === undefined) {
    throw new ValidationFailure(`'${full}' must be an ISO 8601 date-time such as 2024-05-01T13:00:00Z, but was '${value}'.`, full);
  }
  return value;
}

export function optionalGuid(obj: JsonObject, key: string, path: string): string | undefined {
  const full = `${path}.${key}`;
  const value = optionalString(obj, key, path);
  if (value === undefined) return undefined;
  if (!isGuid(value)) throw new ValidationFailure(`'${full}' must be a GUID, but was '${value}'.`, full);
  return value;
}

export function optionalArray(obj: JsonObject, key: string, path: string): Json[] | undefined {
  const full = `${path}.${key}`;
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ValidationFailure(`'${full}' must be an array, but was ${typeName(value)}.`, full);
  return value;
}

export function optionalObject(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  return requireObject(value, `${path}.${key}`);
}
