// The parsed $filter. Every node has `pos`, the offset where its text
// starts; operator nodes also have `opPos` so a type error can point at
// the operator rather than at the start of its left operand.

export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
export const COMPARE_OPS: readonly CompareOp[] = ["eq", "ne", "gt", "ge", "lt", "le"];

export type FilterNode =
  | LogicalNode
  | NotNode
  | CompareNode
  | InNode
  | CallNode
  | LambdaNode
  | PathNode
  | LiteralNode;

export interface LogicalNode {
  kind: "logical";
  op: "and" | "or";
  left: FilterNode;
  right: FilterNode;
  pos: number;
  opPos: number;
}

export interface NotNode {
  kind: "not";
  operand: FilterNode;
  pos: number;
}

export interface CompareNode {
  kind: "compare";
  op: CompareOp;
  left: FilterNode;
  right: FilterNode;
  pos: number;
  opPos: number;
}

export interface InNode {
  kind: "in";
  operand: FilterNode;
  items: FilterNode[];
  pos: number;
  opPos: number;
}

export interface CallNode {
  kind: "call";
  /** As written; function names are matched case-insensitively. */
  name: string;
  args: FilterNode[];
  pos: number;
}

/** `collection/any(v: body)`, `collection/all(v: body)`, `collection/any()`. */
export interface LambdaNode {
  kind: "lambda";
  op: "any" | "all";
  collection: PathNode;
  /** Absent only for `any()`. */
  variable?: { name: string; pos: number };
  body?: FilterNode;
  pos: number;
  opPos: number;
}

/** `properties/owner/email`, or `l/labelName` inside a lambda. */
export interface PathNode {
  kind: "path";
  segments: string[];
  pos: number;
}

export type LiteralNode =
  | { kind: "literal"; type: "string"; value: string; pos: number }
  | { kind: "literal"; type: "number"; value: number; pos: number }
  | { kind: "literal"; type: "boolean"; value: boolean; pos: number }
  | { kind: "literal"; type: "null"; value: null; pos: number }
  /** value is epoch milliseconds; text is the literal as written. */
  | { kind: "literal"; type: "datetime"; value: number; text: string; pos: number };
