//! Activation: owns the output channel, status bar item, commands and the language client's life (start, restart, stop).
import * as vscode from "vscode";
import { DidChangeConfigurationNotification, ExecuteCommandRequest, LanguageClient, State } from "vscode-languageclient/node";
import { createClient } from "./client";
import { describe, findInterpreter, onPythonInterpreterChange, probe } from "./interpreter";
import { affectsServer, interpreterSetting, needsRestart, serverSettings } from "./settings";
import { StatusItem, StatusParams } from "./status";

const SERVER_REINDEX = "pyrer.reindex"; // the server's workspace/executeCommand

class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private pending = 0; // restarts asked for and not finished yet
  private startedWith: string | undefined; // the pyrer.interpreter setting the last start read
  private settingWatch: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly status: StatusItem,
  ) {}

  /** Stop the running server (if any) and start a new one; calls are serialised. */
  restart(): Promise<void> {
    const previous = this.starting ?? Promise.resolve();
    this.pending++;
    this.starting = previous
      .then(() => this.stop())
      .then(() => this.start())
      .finally(() => this.pending--)
      .then(() => this.startAgainIfStale());
    return this.starting;
  }

  /** A setting that arrived while the server was starting (code-server can deliver the workspace's settings after
   * activation) must take effect: start again when the interpreter setting differs from the one used. */
  private startAgainIfStale(): Promise<void> | undefined {
    if (this.pending === 0 && this.startedWith !== undefined && this.startedWith !== interpreterSetting()) {
      this.output.appendLine("pyrer: the pyrer.interpreter setting changed while the server started: starting again");
      return this.restart();
    }
    return undefined;
  }

  private async start(): Promise<void> {
    this.status.setState("starting");
    this.startedWith = interpreterSetting();
    const interpreter = await findInterpreter();
    this.output.appendLine(`pyrer: using ${describe(interpreter)} (${interpreter.source})`);
    this.output.appendLine(vscode.workspace.isTrusted
      ? "pyrer: trusted workspace: the workspace's package code may be evaluated (pyrer.evaluation.workspacePackages)"
      : "pyrer: Restricted Mode: the workspace's pyrer.interpreter is ignored and its package code is not evaluated");
    const found = await probe(interpreter);
    if (!found.ok) {
      this.reportMissing(describe(interpreter), interpreter.source, found.reason, found.missing);
      this.watchInterpreterSetting();
      return;
    }
    this.output.appendLine(`pyrer: Python ${found.python}, pyrer ${found.pyrer}`);
    const client = createClient(interpreter, this.output);
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        this.status.setState("running", `${describe(interpreter)}: Python ${found.python}, pyrer ${found.pyrer}`);
      } else if (event.newState === State.Stopped) {
        this.status.setState("stopped", "The server stopped. Run **pyrer: Restart Language Server**.");
      }
    });
    client.onNotification("pyrer/status", (params: StatusParams) => this.status.onStatus(params));
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.status.setState("stopped", String(error));
      this.output.appendLine(`pyrer: the server did not start: ${error}`);
      void vscode.window.showErrorMessage(`pyrer: the language server did not start: ${error}`, "Show Output")
        .then((choice) => choice && this.output.show());
    }
  }

  private reportMissing(python: string, source: string, reason: string, missing?: "pyrer" | "pyrer_ls"): void {
    const install = `Install pyrer into it ("${python} -m pip install <pyrer checkout or wheel>") or set "pyrer.interpreter" to a Python that has it.`;
    let fix: string;
    if (missing === "pyrer") {
      fix = `pyrer is not installed for ${python} (${source}). ${install}`;
    } else if (missing === "pyrer_ls") {
      fix = `The pyrer installed for ${python} (${source}) has no language server (pyrer_ls; PyPI's "pyrer" is another project). ${install}`;
    } else {
      fix = `Python could not run: ${python} (${source}): ${reason}. Set "pyrer.interpreter" to a Python that has pyrer installed.`;
    }
    this.output.appendLine(`pyrer: ${fix}\n  ${reason}`);
    this.status.setState("missing", fix);
    void vscode.window.showErrorMessage(fix, "Set Interpreter", "Show Output").then((choice) => {
      if (choice === "Set Interpreter") {
        void vscode.commands.executeCommand("workbench.action.openSettings", "pyrer.interpreter");
      } else if (choice === "Show Output") {
        this.output.show();
      }
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (error) {
        this.output.appendLine(`pyrer: stopping the server: ${error}`);
      }
    }
  }

  /** Tell a running server the new settings (a change that needs no restart). */
  async sendSettings(): Promise<void> {
    if (this.client?.isRunning()) {
      await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { pyrer: serverSettings() } });
    }
  }

  async reindex(): Promise<void> {
    if (!this.client || !this.client.isRunning()) {
      void vscode.window.showWarningMessage("pyrer: the language server is not running.");
      return;
    }
    await this.client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_REINDEX, arguments: [] });
    void vscode.window.setStatusBarMessage("pyrer: package repositories re-indexed", 3000);
  }

  /** While no server runs for want of a usable Python, look at pyrer.interpreter now and then: a setting that
   * arrives without a configuration event (seen once in code-server) still starts the server. */
  private watchInterpreterSetting(): void {
    clearInterval(this.settingWatch);
    this.settingWatch = setInterval(() => {
      if (this.client || this.pending > 0) {
        clearInterval(this.settingWatch);
      } else if (interpreterSetting() !== this.startedWith) {
        clearInterval(this.settingWatch);
        void this.restart();
      }
    }, 2000);
  }

  dispose(): void {
    clearInterval(this.settingWatch);
    void this.stop();
  }
}

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("pyrer");
  const status = new StatusItem("pyrer.showOutput");
  controller = new Controller(output, status);
  const ctl = controller;
  context.subscriptions.push(
    output,
    status,
    ctl,
    vscode.commands.registerCommand("pyrer.restartServer", () => ctl.restart()),
    vscode.commands.registerCommand("pyrer.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("pyrer.reindexRepositories", () => ctl.reindex()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart(event)) {
        void ctl.restart();
      } else if (affectsServer(event)) {
        void ctl.sendSettings();
      }
    }),
    // trust changes what the server may do (evaluateWorkspacePackages) and which pyrer.interpreter counts
    vscode.workspace.onDidGrantWorkspaceTrust(() => void ctl.restart()),
  );
  const pythonChange = onPythonInterpreterChange(() => {
    if (!vscode.workspace.getConfiguration("pyrer").get<string>("interpreter")) {
      void ctl.restart();
    }
  });
  if (pythonChange) {
    context.subscriptions.push(pythonChange);
  }
  await ctl.restart();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
}
