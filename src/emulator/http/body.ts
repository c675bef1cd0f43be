// Reads a JSON request body within a size limit. The body must be valid UTF-8 and
// JSON, or the caller gets a 400 that says where it went wrong. Resource bodies are
// read strictly first (the fast path every ordinary client takes); only when that
// fails are they read leniently, as Azure's own reader does (see lenientJson.ts).
import type { IncomingMessage } from "node:http";
import { errors, ServiceError } from "./errors.js";
import { parseLenientJson } from "./lenientJson.js";

/** The connection closed before the request body arrived. */
export class ClientGoneError extends Error {
  override name = "ClientGoneError";
}

/** The emulator's documented request body limit (ARM's own is 4 MiB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    req.resume();
    throw errors.tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        req.resume();
        throw errors.tooLarge(limit);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    // The client went away mid-body: nobody is left to answer.
    throw new ClientGoneError();
  }
  return Buffer.concat(chunks);
}

export interface ParseBodyOptions {
  /** After strict JSON fails, read the text as Azure's lenient reader would. */
  lenient?: boolean;
}

export function parseJsonBody(raw: Buffer, contentType: string | undefined, options: ParseBodyOptions = {}): unknown {
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType.trim()) && !/^text\/json\b/i.test(contentType.trim())) {
    throw errors.unsupportedMediaType(contentType);
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw errors.invalidContent("The request content is not valid UTF-8.");
  }
  if (text.trim() === "") throw errors.invalidContent("The request content is empty; a JSON body is required.");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (!options.lenient) throw errors.invalidContent(`The request content was invalid and could not be deserialized: ${detail}`);
    try {
      return parseLenientJson(text);
    } catch (lenientError) {
      const lenientDetail = lenientError instanceof Error ? lenientError.message : String(lenientError);
      throw errors.invalidContent(
        `The request content was invalid and could not be deserialized: ${detail} (read leniently, with single quotes and unquoted keys allowed: ${lenientDetail})`,
      );
    }
  }
}
