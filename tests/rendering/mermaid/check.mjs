// Parse Mermaid files with the real Mermaid parser (test-only; see package.json).
// Usage: node check.mjs FILE...  Prints "ok <file> <type>" or "FAIL <file> <error>" per file
// and exits 1 when any file fails to parse.
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, "utf8"));
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (error) {
    failed += 1;
    const message = String(error?.message ?? error).split("\n").join(" | ");
    console.log(`FAIL ${file} ${message}`);
  }
}
process.exit(failed ? 1 : 0);
