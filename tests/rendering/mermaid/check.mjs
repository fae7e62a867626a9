// Parse Mermaid files with the real Mermaid parser (test-only; see package.json).
// Usage: node check.mjs FILE...  Prints "ok <file> <type>" or "FAIL <file> <error>" per file
// and exits 1 when any file fails to parse.
//        node check.mjs --inspect FILE...  Prints one JSON object per file instead: the
// diagram type, the configuration its directives set, and for flowcharts what the parser
// built (nodes with their classes, styles and links; edges; class definitions; subgraphs),
// so a test can check that nothing from user text took effect.
import { JSDOM } from "jsdom";
import { readFileSync } from "node:fs";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

const args = process.argv.slice(2);
const inspect = args[0] === "--inspect";
const files = inspect ? args.slice(1) : args;

async function describe(text) {
  const parsed = await mermaid.parse(text);
  const out = { type: parsed.diagramType, config: parsed.config ?? {} };
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db;
  if (typeof db.getVertices === "function") {
    out.nodes = [...db.getVertices().values()].map((v) => ({
      id: v.id,
      text: v.text,
      classes: v.classes ?? [],
      styles: v.styles ?? [],
      link: v.link ?? null,
      haveCallback: Boolean(v.haveCallback),
    }));
    out.edges = db.getEdges().map((e) => ({ text: e.text ?? "", style: e.style ?? [] }));
    out.classes = [...db.getClasses().keys()];
    out.subgraphs = db.getSubGraphs().map((s) => s.title);
  }
  if (typeof db.getAccTitle === "function") {
    out.accTitle = db.getAccTitle();
    out.accDescr = db.getAccDescription();
  }
  if (typeof db.getSections === "function") {
    out.sections = db.getSections();
    out.tasks = db.getTasks().map((t) => ({ task: t.task, score: t.score, people: t.people }));
  }
  return out;
}

let failed = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  try {
    if (inspect) {
      console.log(JSON.stringify({ file, ok: true, ...(await describe(text)) }));
    } else {
      const result = await mermaid.parse(text);
      console.log(`ok ${file} ${result.diagramType}`);
    }
  } catch (error) {
    failed += 1;
    const message = String(error?.message ?? error).split("\n").join(" | ");
    console.log(inspect ? JSON.stringify({ file, ok: false, error: message }) : `FAIL ${file} ${message}`);
  }
  mermaid.mermaidAPI.reset?.();
}
process.exit(failed ? 1 : 0);
