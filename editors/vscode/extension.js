// The rollcall policy extension: starts `rollcall lsp` (the command named by
// the `rollcall.path` setting) for every `*.policy` file, over stdio.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("rollcall").get("path", "rollcall");
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "rollcall",
    "rollcall language server",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "rollcall-policy" }],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.policy"),
      },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
