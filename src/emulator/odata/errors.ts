// The one error type of the OData module. The store turns it into a 400
// with the service's error shape, so every message carries the position
// (0-based offset into the option's text) and names the query option.

export type ODataOption = "$filter" | "$orderby";

export class ODataError extends Error {
  override name = "ODataError";
  constructor(
    message: string,
    readonly position: number,
    readonly option: ODataOption,
  ) {
    super(message);
  }
}

/** `Syntax error at position 27 in '$filter': expected ')' but found 'and'.` */
export function syntaxError(option: ODataOption, position: number, detail: string): ODataError {
  return new ODataError(`Syntax error at position ${position} in '${option}': ${detail}.`, position, option);
}

/**
 * Errors found after parsing (unknown properties, type mismatches), worded
 * like the service's own: `Could not find a property named 'foo' on type
 * 'Incident' (at position 0 in '$filter').`
 */
export function semanticError(option: ODataOption, position: number, detail: string): ODataError {
  const sentence = detail.charAt(0).toUpperCase() + detail.slice(1);
  return new ODataError(`${sentence} (at position ${position} in '${option}').`, position, option);
}

/**
 * Quotes user text for a message. Long text is cut and control or lone
 * surrogate characters are shown as code points, so a message stays one
 * readable line whatever the input was.
 */
export function quote(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  const safe = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `'${safe}'`;
}
