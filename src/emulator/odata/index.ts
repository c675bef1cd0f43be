// The OData module's public surface: the store imports from here.
export { ODataError, type ODataOption } from "./errors.js";
export type { FilterNode, CompareOp } from "./ast.js";
export { parseFilter, MAX_DEPTH, MAX_LAMBDA_DEPTH } from "./parser.js";
export { MAX_INPUT_LENGTH, parseDateTime } from "./lexer.js";
export {
  collection,
  scalar,
  type CollectionField,
  type FieldSchema,
  type ScalarField,
  type ScalarType,
} from "./schema.js";
export { compileFilter, type CompiledFilter } from "./compile.js";
export { orderBySql, orderKeySql, parseOrderBy, type OrderItem } from "./orderby.js";
export { keysetAfter } from "./keyset.js";
export { registerODataFunctions } from "./functions.js";
