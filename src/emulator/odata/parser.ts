// Recursive-descent parser for the $filter subset the Sentinel API takes.
//
//   filter   = or EOF
//   or       = and *("or" and)          and = not *("and" not)
//   not      = "not" not / compare      compare = operand [op operand / "in" "(" literal *("," literal) ")"]
//   operand  = "(" or ")" / literal / name "(" [operand *("," operand)] ")" / path [ "/" ("any"|"all") "(" [var ":" or] ")" ]
//
// Decisions: keywords and operators are lower-case only, as OData says;
// function names and any/all are matched case-insensitively (OData 4.01
// allows it and it costs nothing). `not` takes a whole comparison, so
// `not a eq b` is `not (a eq b)`: for booleans that equals the spec's
// `(not a) eq b`, and it is the only reading that type-checks otherwise.
// Comparisons do not chain (`a eq b eq c` is a syntax error; use parentheses).
import type { CompareNode, FilterNode, InNode, LambdaNode, LiteralNode, PathNode } from "./ast.js";
import { COMPARE_OPS } from "./ast.js";
import { quote, syntaxError } from "./errors.js";
import { tokenize, type Punct, type Token } from "./lexer.js";

/** Parentheses, calls, `not` and lambdas deeper than this are refused, so nothing can overflow the stack. */
export const MAX_DEPTH = 100;
/**
 * Each lambda is a correlated subquery, which costs SQLite's expression
 * depth limit (1000) about 25-40 levels; this cap keeps every filter that
 * parses within it. Real filters nest one or two.
 */
export const MAX_LAMBDA_DEPTH = 10;

const KEYWORDS = new Set<string>(["and", "or", "not", "in", "true", "false", "null", ...COMPARE_OPS]);

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text, "$filter");
  if (tokens[0].kind === "eof") throw syntaxError("$filter", 0, "the filter expression is empty");
  const parser = new Parser(tokens);
  const node = parser.or();
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;
  private depth = 0;
  private lambdaDepth = 0;

  constructor(private readonly tokens: Token[]) {}

  or(): FilterNode {
    return this.chain("or", () => this.and());
  }

  and(): FilterNode {
    return this.chain("and", () => this.not());
  }

  not(): FilterNode {
    const tok = this.peek();
    if (!isKeyword(tok, "not")) return this.compare();
    this.index++;
    this.enter(tok);
    const operand = this.not();
    this.depth--;
    return { kind: "not", operand, pos: tok.pos };
  }

  expectEnd(): void {
    const tok = this.peek();
    if (tok.kind === "eof") return;
    const unmatched = isPunct(tok, ")") ? " (it has no matching '(')" : "";
    this.fail(tok, "'and', 'or' or end of input", unmatched);
  }

  private compare(): FilterNode {
    const left = this.operand();
    const tok = this.peek();
    if (tok.kind !== "ident") return left;
    const op = COMPARE_OPS.find((o) => o === tok.text);
    if (op) {
      this.index++;
      const node: CompareNode = { kind: "compare", op, left, right: this.operand(), pos: left.pos, opPos: tok.pos };
      return node;
    }
    if (tok.text !== "in") return left;
    this.index++;
    this.expect("(", "'(' to start the list after 'in'");
    const items = [this.listLiteral()];
    while (isPunct(this.peek(), ",")) {
      this.index++;
      items.push(this.listLiteral());
    }
    this.expect(")", "',' or ')'");
    const node: InNode = { kind: "in", operand: left, items, pos: left.pos, opPos: tok.pos };
    return node;
  }

  /** `operand *("," operand) ")"`, after the opening parenthesis. */
  private list(): FilterNode[] {
    const items = [this.operand()];
    while (isPunct(this.peek(), ",")) {
      this.index++;
      items.push(this.operand());
    }
    this.expect(")", "',' or ')'");
    return items;
  }

  /** OData 4.01 allows only literals in the list (listExpr = "(" primitiveLiteral *("," primitiveLiteral) ")"). */
  private listLiteral(): LiteralNode {
    const tok = this.peek();
    const node = literal(tok);
    if (!node) return this.fail(tok, "a literal in the list after 'in'");
    this.index++;
    return node;
  }

  private operand(): FilterNode {
    const tok = this.peek();
    const lit = literal(tok);
    if (lit) {
      this.index++;
      return lit;
    }
    switch (tok.kind) {
      case "punct": {
        if (tok.text !== "(") break;
        this.index++;
        this.enter(tok);
        const inner = this.or();
        const close = this.peek();
        if (!isPunct(close, ")")) this.fail(close, "')'", ` (to close the '(' at position ${tok.pos})`);
        this.index++;
        this.depth--;
        return inner;
      }
      case "ident":
        if (KEYWORDS.has(tok.text)) break;
        if (isPunct(this.tokens[this.index + 1], "(")) return this.call(tok);
        return this.path(tok);
    }
    return this.fail(tok, "a property, a literal or a function call");
  }

  private call(name: Token): FilterNode {
    this.index += 2;
    this.enter(name);
    let args: FilterNode[] = [];
    if (isPunct(this.peek(), ")")) this.index++;
    else args = this.list();
    this.depth--;
    return { kind: "call", name: name.text, args, pos: name.pos };
  }

  private path(first: Token): FilterNode {
    const path: PathNode = { kind: "path", segments: [first.text], pos: first.pos };
    this.index++;
    while (isPunct(this.peek(), "/")) {
      const slash = this.peek();
      this.index++;
      const seg = this.peek();
      // A path has no spaces in it: `properties/ eq 1` must not read `eq` as a property.
      if (seg.kind !== "ident" || seg.pos !== slash.pos + 1) return this.fail(seg, "a property name right after '/'");
      const op = seg.text.toLowerCase();
      if ((op === "any" || op === "all") && isPunct(this.tokens[this.index + 1], "(")) {
        return this.lambda(path, op, seg);
      }
      path.segments.push(seg.text);
      this.index++;
    }
    return path;
  }

  private lambda(collection: PathNode, op: "any" | "all", opTok: Token): LambdaNode {
    this.index += 2;
    this.enter(opTok);
    if (++this.lambdaDepth > MAX_LAMBDA_DEPTH) {
      throw syntaxError("$filter", opTok.pos, `lambdas (any/all) are nested more than ${MAX_LAMBDA_DEPTH} levels deep`);
    }
    const node: LambdaNode = { kind: "lambda", op, collection, pos: collection.pos, opPos: opTok.pos };
    if (isPunct(this.peek(), ")") && op === "any") {
      this.index++;
    } else {
      const v = this.peek();
      if (v.kind !== "ident" || KEYWORDS.has(v.text)) {
        this.fail(v, `a range variable name, as in ${op}(x: ...)`);
      }
      this.index++;
      this.expect(":", `':' after the range variable ${quote(v.text)}`);
      node.variable = { name: v.text, pos: v.pos };
      node.body = this.or();
      this.expect(")", "')'");
    }
    this.depth--;
    this.lambdaDepth--;
    return node;
  }

  /** Parses `item *(op item)` into a balanced tree, so a long chain of `and`s stays shallow. */
  private chain(op: "and" | "or", item: () => FilterNode): FilterNode {
    const items = [item()];
    const opPositions: number[] = [];
    while (isKeyword(this.peek(), op)) {
      opPositions.push(this.peek().pos);
      this.index++;
      items.push(item());
    }
    const build = (lo: number, hi: number): FilterNode => {
      if (hi - lo === 1) return items[lo];
      const mid = (lo + hi) >> 1;
      const left = build(lo, mid);
      return { kind: "logical", op, left, right: build(mid, hi), pos: left.pos, opPos: opPositions[mid - 1] };
    };
    return build(0, items.length);
  }

  private enter(tok: Token): void {
    if (++this.depth > MAX_DEPTH) {
      throw syntaxError("$filter", tok.pos, `the expression is nested more than ${MAX_DEPTH} levels deep`);
    }
  }

  private expect(p: Punct, expected: string): void {
    const tok = this.peek();
    if (!isPunct(tok, p)) this.fail(tok, expected);
    this.index++;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private fail(tok: Token, expected: string, extra = ""): never {
    throw syntaxError("$filter", tok.pos, `expected ${expected} but found ${describe(tok)}${caseHint(tok)}${extra}`);
  }
}

export function describe(tok: Token): string {
  if (tok.kind === "eof") return "end of input";
  if (tok.kind === "string") return `the string ${quote(tok.value)}`;
  return quote(tok.text);
}

/** `AND`, `Eq`, `True`: say why they are not understood. */
function caseHint(tok: Token): string {
  if (tok.kind !== "ident") return "";
  const lower = tok.text.toLowerCase();
  return lower !== tok.text && KEYWORDS.has(lower) ? ` (keywords are lower-case: ${quote(lower)})` : "";
}

function literal(tok: Token): LiteralNode | undefined {
  if (tok.kind === "string") return { kind: "literal", type: "string", value: tok.value, pos: tok.pos };
  if (tok.kind === "number") return { kind: "literal", type: "number", value: tok.value, pos: tok.pos };
  if (tok.kind === "datetime") return { kind: "literal", type: "datetime", value: tok.value, text: tok.text, pos: tok.pos };
  if (tok.kind !== "ident") return undefined;
  if (tok.text === "true" || tok.text === "false") {
    return { kind: "literal", type: "boolean", value: tok.text === "true", pos: tok.pos };
  }
  if (tok.text === "null") return { kind: "literal", type: "null", value: null, pos: tok.pos };
  return undefined;
}

function isKeyword(tok: Token, word: string): boolean {
  return tok.kind === "ident" && tok.text === word;
}

function isPunct(tok: Token | undefined, p: Punct): boolean {
  return tok !== undefined && tok.kind === "punct" && tok.text === p;
}
