//! The status bar item: server state and the last check's solve time; a click opens the output channel.
import * as path from "path";
import * as vscode from "vscode";

/** Params of the server's `pyrer/status` notification (docs/lsp.md). */
export interface StatusParams {
  uri: string;
  state: "checking" | "done";
  solveMs?: number;
  analysisMs?: number;
  contexts?: number;
  errors?: number;
}

export type ServerState = "starting" | "running" | "stopped" | "missing";

const ICONS: Record<ServerState, string> = {
  starting: "$(sync~spin)",
  running: "$(check)",
  stopped: "$(circle-slash)",
  missing: "$(error)",
};

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: ServerState = "starting";
  private detail = "";
  private last: StatusParams | undefined;
  private checking = new Set<string>();

  constructor(command: string) {
    this.item = vscode.window.createStatusBarItem("pyrer.status", vscode.StatusBarAlignment.Left, 0);
    this.item.name = "pyrer";
    this.item.command = command;
    this.render();
    this.item.show();
  }

  setState(state: ServerState, detail = ""): void {
    this.state = state;
    this.detail = detail;
    if (state !== "running") {
      this.checking.clear();
    }
    this.render();
  }

  onStatus(params: StatusParams): void {
    if (params.state === "checking") {
      this.checking.add(params.uri);
    } else {
      this.checking.delete(params.uri);
      this.last = params;
    }
    this.render();
  }

  private render(): void {
    const busy = this.state === "running" && this.checking.size > 0;
    const icon = busy ? "$(sync~spin)" : ICONS[this.state];
    const time = this.state === "running" && this.last?.solveMs !== undefined ? ` ${formatMs(this.last.solveMs)}` : "";
    this.item.text = `${icon} pyrer${time}`;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**pyrer language server**: ${busy ? "checking" : this.state}`);
    if (this.detail) {
      tip.appendMarkdown(`\n\n${this.detail}`);
    }
    if (this.last) {
      const file = path.basename(vscode.Uri.parse(this.last.uri).fsPath);
      const contexts = this.last.contexts !== undefined ? `${this.last.contexts} resolve(s), ` : "";
      tip.appendMarkdown(`\n\nLast check: \`${file}\`: ${contexts}solved in ${formatMs(this.last.solveMs ?? 0)}`);
      if (this.last.analysisMs !== undefined) {
        tip.appendMarkdown(` (${formatMs(this.last.analysisMs)} in all)`);
      }
    }
    tip.appendMarkdown("\n\nClick to show the output.");
    this.item.tooltip = tip;
    this.item.backgroundColor =
      this.state === "missing" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function formatMs(ms: number): string {
  if (ms >= 1000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}
