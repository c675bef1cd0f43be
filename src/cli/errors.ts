// Errors of the command line itself (as opposed to the service's).

/** Bad usage or invalid input: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
