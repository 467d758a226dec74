//! Starts `python -m pyrer_ls` on stdio through vscode-languageclient, for package.py files and request lists.
import * as vscode from "vscode";
import { DocumentSelector, LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { Interpreter } from "./interpreter";
import { initializationOptions, requestFileGlobs, serverSettings } from "./settings";

export const CLIENT_ID = "pyrer"; // also makes the client read `pyrer.trace.server`

export function documentSelector(): DocumentSelector {
  return [
    { scheme: "file", pattern: "**/package.py" },
    { scheme: "file", language: "rez-requests" },
    { scheme: "file", pattern: "**/*.rxt" }, // saved rez contexts
    ...requestFileGlobs().map((glob) => ({ scheme: "file", pattern: glob.includes("/") ? glob : `**/${glob}` })),
  ];
}

export function createClient(interpreter: Interpreter, output: vscode.OutputChannel): LanguageClient {
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const serverOptions: ServerOptions = {
    command: interpreter.command,
    args: [...interpreter.args, "-m", "pyrer_ls"],
    options: { cwd, env: { ...process.env, PYTHONUNBUFFERED: "1" } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    initializationOptions: initializationOptions(),
    middleware: {
      workspace: {
        // the server asks for section `pyrer`: answer with what it reads, trust included (VS Code alone would
        // give the raw settings, where `evaluation.workspacePackages` ignores trust); changes are sent by the extension
        configuration: (params, token, next) =>
          params.items.every((item) => item.section === "pyrer") ? params.items.map(() => serverSettings()) : next(params, token),
      },
    },
  };
  return new LanguageClient(CLIENT_ID, "pyrer", serverOptions, clientOptions);
}
