// $orderby: `path [asc|desc] *("," path [asc|desc])`. Directions are
// case-insensitive (the service accepts `DESC`); property paths are not.
import { quote, semanticError, syntaxError } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";
import { describe } from "./parser.js";
import { lookupField, unknownPathHint, type FieldSchema, type ScalarField } from "./schema.js";

export interface OrderItem {
  field: string;
  direction: "asc" | "desc";
}

/** Throws ODataError only. */
export function parseOrderBy(text: string, schema: FieldSchema, entityName = "Entity"): OrderItem[] {
  const tokens = tokenize(text, "$orderby");
  const items: OrderItem[] = [];
  let i = 0;
  const expected = (what: string): never => {
    throw syntaxError("$orderby", tokens[i].pos, `expected ${what} but found ${describe(tokens[i])}`);
  };
  for (;;) {
    const start = tokens[i];
    if (start.kind !== "ident") expected("a property path");
    const segments = [start.text];
    i++;
    while (isPunct(tokens[i], "/")) {
      i++;
      if (tokens[i].kind !== "ident" || tokens[i].pos !== tokens[i - 1].pos + 1) expected("a property name right after '/'");
      segments.push(tokens[i].text);
      i++;
    }
    const field = segments.join("/");
    checkField(schema, field, start.pos, entityName);
    if (items.some((it) => it.field === field)) {
      throw semanticError("$orderby", start.pos, `the property '${field}' appears more than once`);
    }
    let direction: OrderItem["direction"] = "asc";
    const dir = tokens[i];
    const hasDirection = dir.kind === "ident" && /^(asc|desc)$/i.test(dir.text);
    if (hasDirection) {
      direction = dir.text.toLowerCase() as OrderItem["direction"];
      i++;
    }
    items.push({ field, direction });
    if (tokens[i].kind === "eof") return items;
    if (!isPunct(tokens[i], ",")) expected(hasDirection ? "',' or end of input" : "'asc', 'desc', ',' or end of input");
    i++;
  }
}

function checkField(schema: FieldSchema, path: string, pos: number, entity: string): void {
  const field = lookupField(schema, path);
  if (!field) {
    const hint = unknownPathHint(schema, path);
    throw semanticError("$orderby", pos, `Could not find a property named '${path}' on type ${quote(entity)}${hint}`);
  }
  if (field.kind === "collection") {
    throw semanticError("$orderby", pos, `'${path}' is a collection and cannot be used to order results`);
  }
}

/** The ORDER BY list (without the keyword), e.g. `(created_ms) DESC, (name) COLLATE BINARY ASC`. */
export function orderBySql(items: OrderItem[], schema: FieldSchema): string {
  const keys = orderKeySql(items, schema);
  return items.map((item, i) => `${keys[i]} ${item.direction.toUpperCase()}`).join(", ");
}

/**
 * The SQL of each sort key, in order: select these to get the `last`
 * values keysetAfter() needs. Strings sort ordinally (COLLATE BINARY),
 * matching how compileFilter() compares them.
 */
export function orderKeySql(items: OrderItem[], schema: FieldSchema): string[] {
  return items.map((item) => {
    const field = sortField(schema, item.field);
    return field.type === "string" ? `(${field.sql}) COLLATE BINARY` : `(${field.sql})`;
  });
}

/** Sort keys come from parseOrderBy() or from the store itself, so a bad one is a programming error. */
export function sortField(schema: FieldSchema, path: string): ScalarField {
  const field = lookupField(schema, path);
  if (!field || field.kind !== "scalar") throw new RangeError(`not a sortable field: ${path}`);
  return field;
}

function isPunct(tok: Token, p: string): boolean {
  return tok.kind === "punct" && tok.text === p;
}
