// Loads the emulator on first use: better-sqlite3 is an optional dependency, and a
// program that only uses the client never loads SQLite.
export async function loadEmulatorModule(): Promise<typeof import("./server.js")> {
  try {
    return await import("./server.js");
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes("better-sqlite3")) {
      throw new Error("The local emulator needs the optional dependency better-sqlite3 (version 12), which is not installed: npm install better-sqlite3@12");
    }
    throw e;
  }
}
