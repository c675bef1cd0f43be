// Turns a body validation failure into the 400 the service answers with.
import { errors } from "../http/errors.js";
import { ValidationFailure } from "../validation/check.js";

export function validated<T>(validate: (body: unknown) => T, body: unknown): T {
  try {
    return validate(body);
  } catch (e) {
    if (e instanceof ValidationFailure) throw errors.badRequest(e.message, e.target);
    throw e;
  }
}
