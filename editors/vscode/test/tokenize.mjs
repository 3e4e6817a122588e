// Tokenises files with the rollcall extension's TextMate grammar, using
// vscode-textmate and vscode-oniguruma as VS Code does, and prints each
// line's tokens with their innermost scope (tokens in no scope of their
// own are left out). Used by the grammar snapshot test (tests/editor_grammar.rs).
//
//   node tokenize.mjs FILE...

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const oniguruma = require("vscode-oniguruma");
const textmate = require("vscode-textmate");

const extension = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(extension, "package.json"), "utf8"));
const contributed = manifest.contributes.grammars[0];
const grammarPath = join(extension, contributed.path);

const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const registry = new textmate.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  }),
  loadGrammar: async (scopeName) =>
    scopeName === contributed.scopeName
      ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath)
      : null,
});
const grammar = await registry.loadGrammar(contributed.scopeName);

for (const file of process.argv.slice(2)) {
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  let stack = textmate.INITIAL;
  const out = [];
  lines.forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    const tokens = result.tokens
      .map((token) => [line.slice(token.startIndex, token.endIndex), token.scopes.at(-1)])
      .filter(([text, scope]) => text.trim() !== "" && scope !== contributed.scopeName)
      .map(([text, scope]) => `${JSON.stringify(text.trim())} ${scope}`);
    if (tokens.length > 0) {
      out.push(`${index + 1}: ${tokens.join(", ")}`);
    }
    stack = result.ruleStack;
  });
  process.stdout.write(out.join("\n") + "\n");
}
