// $filter → one SQL boolean expression plus its parameters.
//
// Every literal becomes a `?` parameter; the only SQL text that is not
// fixed here comes from the schema. Every predicate is compiled to yield 0
// or 1 and never NULL (IS / IS NOT for equality, COALESCE(..., 0) for the
// rest), so `not` is plain negation and OData's null rules hold:
// `x eq null` is true for a missing x, `x ne 'a'` is true for a missing x,
// and `gt`/`ge`/`lt`/`le` with a null side are false. String comparisons are
// COLLATE BINARY: case-sensitive and by code point, whatever the column says.
import type { CallNode, CompareNode, FilterNode, InNode, LambdaNode, LiteralNode, PathNode } from "./ast.js";
import { quote, semanticError } from "./errors.js";
import { DATETIME_MS_SQL, FUNCTION_NAMES, findFunction } from "./functions.js";
import { parseDateTime } from "./lexer.js";
import { parseFilter } from "./parser.js";
import { lookupField, unknownPathHint, type CollectionField, type FieldSchema, type ScalarType } from "./schema.js";

export interface CompiledFilter {
  sql: string;
  params: unknown[];
}

type ValueType = ScalarType | "null";

interface Typed extends CompiledFilter {
  type: ValueType;
  /** Known to be 0 or 1, never NULL. */
  predicate: boolean;
  node: FilterNode;
}

interface Scope {
  name: string;
  alias: string;
  item: CollectionField["item"];
  path: string;
}

const SQL_OPS = { gt: ">", ge: ">=", lt: "<", le: "<=" } as const;

/** Parses, type-checks and compiles a $filter. Throws ODataError only. */
export function compileFilter(text: string, schema: FieldSchema, entityName = "Entity"): CompiledFilter {
  const ast = parseFilter(text);
  const { sql, params } = new Compiler(schema, entityName).predicate(ast, "the $filter expression");
  return { sql, params };
}

function fail(pos: number, detail: string): never {
  throw semanticError("$filter", pos, detail);
}

class Compiler {
  private aliases = 0;
  private readonly scopes: Scope[] = [];

  constructor(
    private readonly schema: FieldSchema,
    private readonly entity: string,
  ) {}

  predicate(node: FilterNode, what: string): Typed {
    const t = this.value(node);
    if (t.type !== "boolean") fail(node.pos, `${what} must be boolean, but it is of type '${t.type}'`);
    if (t.predicate) return t;
    return { ...t, sql: `(${t.sql} IS 1)`, predicate: true };
  }

  private value(node: FilterNode): Typed {
    switch (node.kind) {
      case "logical": {
        const l = this.predicate(node.left, `the left operand of '${node.op}'`);
        const r = this.predicate(node.right, `the right operand of '${node.op}'`);
        return bool(`(${l.sql} ${node.op.toUpperCase()} ${r.sql})`, [...l.params, ...r.params], node);
      }
      case "not": {
        const p = this.predicate(node.operand, "the operand of 'not'");
        return bool(`(NOT ${p.sql})`, p.params, node);
      }
      case "compare":
        return this.compare(node);
      case "in":
        return this.in(node);
      case "call":
        return this.call(node);
      case "lambda":
        return this.lambda(node);
      case "path":
        return this.path(node);
      case "literal":
        return literal(node);
    }
  }

  private compare(node: CompareNode): Typed {
    const [a, b] = unify(this.value(node.left), this.value(node.right), node.op, node.opPos);
    const left = collate(a, b);
    const params = [...a.params, ...b.params];
    if (node.op === "eq") return bool(`(${left} IS ${b.sql})`, params, node);
    if (node.op === "ne") return bool(`(${left} IS NOT ${b.sql})`, params, node);
    return bool(`COALESCE(${left} ${SQL_OPS[node.op]} ${b.sql}, 0)`, params, node);
  }

  /**
   * `x in (a, b)` means `x eq a or x eq b`. The items are literals (the
   * parser sees to it), so x is written once unless null is in the list.
   */
  private in(node: InNode): Typed {
    let operand = this.value(node.operand);
    const items = node.items.map((itemNode) => {
      const [a, item] = unify(operand, this.value(itemNode), "in", itemNode.pos);
      operand = a;
      return item;
    });
    const left = collate(operand, ...items);
    const values = items.filter((i) => i.type !== "null");
    const terms: string[] = [];
    const params: unknown[] = [];
    if (values.length > 0) {
      terms.push(`COALESCE(${left} IN (${values.map((i) => i.sql).join(", ")}), 0)`);
      params.push(...operand.params, ...values.flatMap((i) => i.params));
    }
    // A predicate is never NULL, so `(a eq b) in (true, null)` needs no second copy of it.
    if (values.length < items.length && !operand.predicate) {
      terms.push(`(${operand.sql} IS NULL)`);
      params.push(...operand.params);
    }
    return bool(terms.length === 1 ? terms[0] : `(${terms.join(" OR ")})`, params, node);
  }

  private call(node: CallNode): Typed {
    const fn = findFunction(node.name);
    if (!fn) {
      fail(node.pos, `unknown function ${quote(node.name)}; the supported functions are ${FUNCTION_NAMES.join(", ")}`);
    }
    const name = node.name.toLowerCase();
    if (node.args.length !== fn.params.length) {
      const n = fn.params.length;
      fail(node.pos, `function '${name}' takes ${n} argument${n === 1 ? "" : "s"} but was given ${node.args.length}`);
    }
    const args = node.args.map((arg, i) => {
      const t = this.value(arg);
      if (t.type !== "null" && t.type !== fn.params[i]) {
        fail(arg.pos, `argument ${i + 1} of '${name}' must be of type '${fn.params[i]}', but it is of type '${t.type}'`);
      }
      return t;
    });
    const sql = `${fn.sqlName}(${args.map((a) => a.sql).join(", ")})`;
    const params = args.flatMap((a) => a.params);
    if (fn.returns === "boolean") return bool(`COALESCE(${sql}, 0)`, params, node);
    return { sql, params, type: fn.returns, predicate: false, node };
  }

  private lambda(node: LambdaNode): Typed {
    const path = node.collection.segments.join("/");
    const field = this.scopeOf(node.collection) ? undefined : lookupField(this.schema, path);
    if (!field) this.unknown(node.collection);
    if (field.kind !== "collection") {
      fail(node.opPos, `'${path}' is not a collection, so ${node.op}() cannot be applied to it`);
    }
    const source = `json_each(${field.jsonSql})`;
    if (!node.variable || !node.body) return bool(`(EXISTS (SELECT 1 FROM ${source}))`, [], node);
    const { name, pos } = node.variable;
    if (this.scopes.some((s) => s.name === name)) {
      fail(pos, `range variable ${quote(name)} is already defined by an enclosing lambda`);
    }
    const alias = `j${++this.aliases}`;
    this.scopes.push({ name, alias, item: field.item, path });
    const body = this.predicate(node.body, `the body of ${node.op}()`);
    this.scopes.pop();
    const sql =
      node.op === "any"
        ? `(EXISTS (SELECT 1 FROM ${source} AS ${alias} WHERE ${body.sql}))`
        : `(NOT EXISTS (SELECT 1 FROM ${source} AS ${alias} WHERE NOT ${body.sql}))`;
    return bool(sql, body.params, node);
  }

  private path(node: PathNode): Typed {
    const scope = this.scopeOf(node);
    if (scope) return rangeValue(scope, node);
    const path = node.segments.join("/");
    const field = lookupField(this.schema, path);
    if (!field) this.unknown(node);
    if (field.kind === "collection") {
      fail(node.pos, `'${path}' is a collection; use it through any() or all(), e.g. ${path}/any(x: ...)`);
    }
    return { sql: `(${field.sql})`, params: [], type: field.type, predicate: false, node };
  }

  private scopeOf(node: PathNode): Scope | undefined {
    return this.scopes.findLast((s) => s.name === node.segments[0]);
  }

  private unknown(node: PathNode): never {
    const path = node.segments.join("/");
    const hint = unknownPathHint(this.schema, path);
    fail(node.pos, `Could not find a property named '${path}' on type ${quote(this.entity)}${hint}`);
  }
}

/** A range variable (`t`) or a member of one (`l/labelName`). */
function rangeValue(scope: Scope, node: PathNode): Typed {
  const { name, alias, item, path } = scope;
  const member = node.segments.slice(1).join("/");
  let sql: string;
  let params: unknown[] = [];
  let type: ScalarType;
  if (typeof item === "string") {
    if (member) fail(node.pos, `range variable '${name}' is a ${item} item of '${path}' and has no property '${member}'`);
    sql = `${alias}.value`;
    type = item;
  } else if (!member) {
    const example = Object.keys(item)[0] ?? "member";
    fail(node.pos, `range variable '${name}' is an object item of '${path}'; compare one of its properties, e.g. ${name}/${example}`);
  } else if (!Object.prototype.hasOwnProperty.call(item, member)) {
    fail(node.pos, `Could not find a property named '${member}' on the items of '${path}'`);
  } else {
    // The JSON path is a parameter too; member names come from the schema anyway.
    sql = `json_extract(${alias}.value, ?)`;
    params = [`$."${member}"`];
    type = item[member];
  }
  if (type === "datetime") sql = `${DATETIME_MS_SQL}(${sql})`;
  return { sql, params, type, predicate: false, node };
}

function literal(node: LiteralNode): Typed {
  const value = node.type === "boolean" ? Number(node.value) : node.value;
  return { sql: "?", params: [value], type: node.type, predicate: node.type === "boolean", node };
}

function bool(sql: string, params: unknown[], node: FilterNode): Typed {
  return { sql, params, type: "boolean", predicate: true, node };
}

/** Checks that two operands can be compared, reading a quoted string as a date-time next to a datetime. */
function unify(a: Typed, b: Typed, op: string, pos: number): [Typed, Typed] {
  const [x, y] = [asDateTime(a, b, op), asDateTime(b, a, op)];
  if (x.type !== "null" && y.type !== "null" && x.type !== y.type) {
    fail(pos, `operator '${op}' cannot compare '${x.type}' with '${y.type}'`);
  }
  return [x, y];
}

function asDateTime(t: Typed, other: Typed, op: string): Typed {
  if (other.type !== "datetime" || t.type !== "string" || t.node.kind !== "literal") return t;
  const text = t.node.value as string;
  const ms = parseDateTime(text);
  if (ms === undefined) {
    fail(t.node.pos, `operator '${op}' cannot compare 'datetime' with 'string': ${quote(text)} is not a valid date/time (e.g. 2023-03-21T12:00:00Z)`);
  }
  return { ...t, params: [ms], type: "datetime" };
}

/** The left operand's SQL, forced to ordinal comparison when strings are compared. */
function collate(left: Typed, ...others: Typed[]): string {
  return [left, ...others].some((t) => t.type === "string") ? `${left.sql} COLLATE BINARY` : left.sql;
}
