// The lenient reading of request bodies: whatever Python's str() writes for a
// dict of strings reads back as the same strings, and what is not JSON in any
// form stays refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseLenientJson } from "../../src/emulator/http/lenientJson.js";
import { requireTool } from "../helpers/tools.js";
import { DEBIAN_PYTHON, hasPython, runPython } from "../helpers/python.js";

// Prints Python's str() of each dict it is given, one JSON string per dict.
const REPR = `
import json, sys
print(json.dumps([str(d) for d in json.load(sys.stdin)]))
`;

test("Python's str(dict) of any text reads back as the same text", async (t) => {
  if (!requireTool(t, hasPython(), DEBIAN_PYTHON, "apt-get install python3")) return;
  // Any code points (controls, C1, astral, unassigned, private use), with quotes and backslashes mixed in.
  const tricky = fc.constantFrom("'", '"', "\\", "\\U0001f600", "\\x41", "\n", "\u001b", "\u0085", "\u200b", "\udb40\udc67", "\ud83d\ude00", "\u{10ffff}");
  const text = fc.array(fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), tricky), { maxLength: 8 }).map((parts) => parts.join(""));
  // Plain objects, as JSON.parse and Python see them.
  const dicts: unknown[] = JSON.parse(JSON.stringify(fc.sample(fc.record({ properties: fc.record({ title: text, labels: fc.array(fc.record({ labelName: text }), { maxLength: 2 }) }), etag: text }), { numRuns: 400, seed: 10 })));
  dicts.push({ properties: { title: "", labels: [] }, etag: "\"0300bf09-0000-0000-0000-5c37296e0000\"" });

  const py = await runPython(["-c", REPR], JSON.stringify(dicts));
  assert.equal(py.code, 0, py.stderr);
  const reprs = JSON.parse(py.stdout) as string[];
  assert.equal(reprs.length, dicts.length);
  let pythonStyle = 0;
  reprs.forEach((repr, i) => {
    if (repr.startsWith("{'")) pythonStyle++;
    assert.deepEqual(parseLenientJson(repr), dicts[i], `str(dict) ${repr}`);
  });
  assert.equal(pythonStyle, dicts.length, "every body is Python's single-quoted form, not JSON");
});

test("an escaped backslash before U is a backslash and a U, not a \\U escape", () => {
  assert.deepEqual(parseLenientJson("{'a': 'x\\\\U0001f600'}"), { a: "x\\U0001f600" });
  assert.deepEqual(parseLenientJson("{'a': 'x\\\\\\U0001f600'}"), { a: "x\\\u{1f600}" });
  assert.deepEqual(parseLenientJson("{'a': '\\U0001F600 \\U000e0067'}"), { a: "\u{1f600} \u{e0067}" });
});

test("what is not JSON in any form is refused", () => {
  for (const text of ["{'a': }", "{'a': 'b'", "{'a': True}", "{'a': None}", "{a: b}", "<xml/>", "'unterminated", "{'a': 'b'}}", "\u0000\u0001", "{'a': '\\U00110000'}"]) {
    assert.throws(() => parseLenientJson(text), SyntaxError, text);
  }
});

test("JSON reads the same strictly and leniently", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      assert.deepEqual(parseLenientJson(text), JSON.parse(text));
    }),
    { numRuns: 300 },
  );
});

test("a '__proto__' key is an ordinary key, never the object's prototype", () => {
  const value = parseLenientJson("{'properties': {'__proto__': {'title': 'inherited'}, 'severity': 'Low'}}") as { properties: Record<string, unknown> };
  assert.equal(Object.getPrototypeOf(value.properties), Object.prototype);
  assert.equal(value.properties.title, undefined);
  assert.deepEqual(Object.keys(value.properties), ["__proto__", "severity"]);
  assert.equal(({} as Record<string, unknown>).title, undefined, "Object.prototype untouched");
});
