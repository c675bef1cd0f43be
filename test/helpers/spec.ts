// The official OpenAPI files in ../shared/spec, loaded into ajv under their
// repository paths so their relative $refs resolve as SOURCE.md maps them.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import formatsPlugin from "ajv-formats";

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (ajv: Ajv) => void;
import { SPEC_DIR } from "./paths.js";

const REPO = "https://github.com/Azure/azure-rest-api-specs/blob/main/specification";

/** Repository path of each file here (see ../shared/spec/SOURCE.md). */
function repositoryUrl(localPath: string): string {
  if (localPath.startsWith("securityinsights/2025-12-01/")) {
    return `${REPO}/securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2025-12-01/${localPath.slice("securityinsights/2025-12-01/".length)}`;
  }
  if (localPath.startsWith("securityinsights/common/")) {
    return `${REPO}/securityinsights/resource-manager/common/${localPath.slice("securityinsights/common/".length)}`;
  }
  return `${REPO}/${localPath}`;
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== "examples") out.push(...jsonFiles(full));
    } else if (entry.endsWith(".json")) out.push(full);
  }
  return out;
}

type JsonObject = Record<string, unknown>;

/** Swagger 2.0 to what ajv understands: x-nullable becomes a null type; discriminators are checked by hand. */
function adapt(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adapt);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) {
    if (k === "discriminator") continue;
    out[k] = adapt(v);
  }
  if (out["x-nullable"] === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

export interface SpecFile {
  url: string;
  doc: JsonObject;
}

export class Spec {
  readonly files = new Map<string, SpecFile>();
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    for (const f of ["int32", "int64", "double", "float", "arm-id", "byte", "duration"]) this.ajv.addFormat(f, true);
    for (const full of jsonFiles(SPEC_DIR)) {
      const local = relative(SPEC_DIR, full).split("\\").join("/");
      const doc = JSON.parse(readFileSync(full, "utf8")) as JsonObject;
      const url = repositoryUrl(local);
      this.files.set(local, { url, doc });
      this.ajv.addSchema(adapt({ ...doc, $id: url }) as JsonObject, url);
    }
  }

  file(local: string): SpecFile {
    const f = this.files.get(local);
    if (!f) throw new Error(`no spec file ${local}`);
    return f;
  }

  definition(local: string, name: string): JsonObject {
    return (this.file(local).doc.definitions as Record<string, JsonObject>)[name]!;
  }

  /** Validates `value` against `#/definitions/<name>` of a file; returns the errors (empty when valid). */
  validate(local: string, name: string, value: unknown): string[] {
    const ref = `${this.file(local).url}#/definitions/${name}`;
    let fn = this.cache.get(ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: ref });
      this.cache.set(ref, fn);
    }
    const errors = fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    return [...errors, ...this.entityErrors(value)];
  }

  /** Entities are polymorphic on `kind`: each is checked against the definition for its kind. */
  private entityErrors(value: unknown, path = ""): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => this.entityErrors(v, `${path}/${i}`));
    if (value === null || typeof value !== "object") return [];
    const obj = value as JsonObject;
    const out: string[] = [];
    if (typeof obj.kind === "string" && obj.type === "Microsoft.SecurityInsights/Entities") {
      const defs = this.definitions("securityinsights/2025-12-01/common/EntityTypes.json");
      const sub = Object.entries(defs).find(([, d]) => d["x-ms-discriminator-value"] === obj.kind)?.[0];
      if (!sub) out.push(`${path} entity kind '${obj.kind}' has no definition`);
      else {
        const fn: ValidateFunction = this.ajv.compile({ $ref: `${this.file("securityinsights/2025-12-01/common/EntityTypes.json").url}#/definitions/${sub}` });
        if (!fn(obj)) out.push(...(fn.errors ?? []).map((e) => `${path}${e.instancePath} ${e.message} (${sub})`));
      }
      return out;
    }
    for (const [k, v] of Object.entries(obj)) out.push(...this.entityErrors(v, `${path}/${k}`));
    return out;
  }

  private definitions(local: string): Record<string, JsonObject> {
    return this.file(local).doc.definitions as Record<string, JsonObject>;
  }

  /** Every operation of a file, with its examples. */
  operations(local: string): { operationId: string; method: string; path: string; op: JsonObject; examples: string[] }[] {
    const paths = this.file(local).doc.paths as Record<string, Record<string, JsonObject>>;
    const out = [];
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (method === "parameters") continue;
        const ex = (op["x-ms-examples"] ?? {}) as Record<string, { $ref: string }>;
        out.push({ operationId: op.operationId as string, method: method.toUpperCase(), path, op, examples: Object.values(ex).map((e) => e.$ref) });
      }
    }
    return out;
  }

  /** The response schema reference of an operation for a status, as [file, definition]. */
  responseDefinition(local: string, op: JsonObject, status: string): [string, string] | undefined {
    const responses = op.responses as Record<string, { schema?: { $ref?: string } }>;
    const ref = responses[status]?.schema?.$ref;
    if (!ref) return undefined;
    const [file, pointer] = ref.split("#");
    const name = pointer!.split("/").pop()!;
    if (!file) return [local, name];
    const dir = local.split("/").slice(0, -1).join("/");
    return [join(dir, file).split("\\").join("/"), name];
  }
}

let shared: Spec | undefined;
export function loadSpec(): Spec {
  return (shared ??= new Spec());
}
