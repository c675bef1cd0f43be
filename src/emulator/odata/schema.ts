// What a $filter or $orderby may refer to. The store describes its table
// once (OData path → SQL expression over the row); the compiler copies
// only these expressions into SQL, never text from the query.
//
// Lambdas compile to `EXISTS (SELECT 1 FROM json_each(<jsonSql>) AS jN ...)`,
// and SQLite resolves an unqualified column inside that subquery against
// json_each first. So a field expression that is used inside a lambda body
// must not name a bare column called key, value, type, atom, id, parent,
// fullkey, path, json or root; qualify it with the table name instead.

export type ScalarType = "string" | "number" | "datetime" | "boolean";

export interface ScalarField {
  kind: "scalar";
  type: ScalarType;
  /** SQL over the row; for "datetime" it yields epoch milliseconds (INTEGER) or NULL. */
  sql: string;
  /** The SQL never yields NULL (a NOT NULL column): keyset paging can then bound the index range by it. */
  notNull?: boolean;
}

export interface CollectionField {
  kind: "collection";
  /** SQL yielding JSON array text (or NULL, read as an empty collection). */
  jsonSql: string;
  /** Scalar items, or objects with typed members. Datetimes inside the JSON are ISO strings. */
  item: ScalarType | Record<string, ScalarType>;
}

/** Keys are OData paths such as "name" or "properties/owner/email". */
export type FieldSchema = Readonly<Record<string, ScalarField | CollectionField>>;

export function scalar(type: ScalarType, sql: string): ScalarField {
  return { kind: "scalar", type, sql };
}

export function collection(jsonSql: string, item: CollectionField["item"]): CollectionField {
  return { kind: "collection", jsonSql, item };
}

/** Own keys only, so a path like `constructor` or `__proto__` is simply unknown. */
export function lookupField(schema: FieldSchema, path: string): ScalarField | CollectionField | undefined {
  return Object.prototype.hasOwnProperty.call(schema, path) ? schema[path] : undefined;
}

/** Explains an unknown path: a near miss in case, or a complex property that has members. */
export function unknownPathHint(schema: FieldSchema, path: string): string {
  const keys = Object.keys(schema);
  const sameButCase = keys.find((k) => k.toLowerCase() === path.toLowerCase());
  if (sameButCase) return ` (names are case-sensitive: did you mean '${sameButCase}'?)`;
  const member = keys.find((k) => k.startsWith(`${path}/`));
  if (member) return ` ('${path}' is a complex property; use one of its members such as '${member}')`;
  return "";
}
