//! Finds the Python that runs the pyrer server: the `pyrer.interpreter` setting, else the Python extension's interpreter, else `python3`.
import { execFile } from "child_process";
import * as os from "os";
import * as vscode from "vscode";

/** A Python command line (the Python extension may give `conda run ... python`) and where it came from. */
export interface Interpreter {
  command: string;
  args: string[];
  source: string;
}

/** What the probe found: the Python and pyrer versions, or why the interpreter cannot run the server. */
export type Probe =
  | { ok: true; python: string; pyrer: string }
  | { ok: false; reason: string; missing?: "pyrer" | "pyrer_ls" };

// exit status 3 and the missing module's name when pyrer or its language server cannot be imported
const PROBE = [
  "import sys",
  "try:\n    import pyrer\nexcept ImportError:\n    print('pyrer'); sys.exit(3)",
  "try:\n    import pyrer_ls.server\nexcept ImportError:\n    print('pyrer_ls'); sys.exit(3)",
  "print(sys.version.split()[0], getattr(pyrer, '__version__', '?'))",
].join("\n");

function expand(value: string, folder: vscode.WorkspaceFolder | undefined): string {
  let out = value.trim();
  if (out.startsWith("~")) {
    out = os.homedir() + out.slice(1);
  }
  if (folder) {
    out = out.split("${workspaceFolder}").join(folder.uri.fsPath);
  }
  return out;
}

/** The active interpreter of the Microsoft Python extension, when it is installed and answers. */
async function fromPythonExtension(resource: vscode.Uri | undefined): Promise<string[] | undefined> {
  const ext = vscode.extensions.getExtension("ms-python.python");
  if (!ext) {
    return undefined;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    if (envs?.getActiveEnvironmentPath && envs?.resolveEnvironment) {
      const env = await envs.resolveEnvironment(envs.getActiveEnvironmentPath(resource));
      const exe: string | undefined = env?.executable?.uri?.fsPath;
      if (exe) {
        return [exe];
      }
    }
    const command: string[] | undefined = api?.settings?.getExecutionDetails?.(resource)?.execCommand;
    return command && command.length ? command : undefined;
  } catch {
    return undefined; // an old or broken Python extension: fall back to python3
  }
}

/** Subscribe to the Python extension's interpreter changes (no-op without it). */
export function onPythonInterpreterChange(listener: () => void): vscode.Disposable | undefined {
  const ext = vscode.extensions.getExtension("ms-python.python");
  const event = ext?.isActive ? ext.exports?.environments?.onDidChangeActiveEnvironmentPath : undefined;
  return typeof event === "function" ? event(listener) : undefined;
}

export async function findInterpreter(): Promise<Interpreter> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const setting = vscode.workspace.getConfiguration("pyrer").get<string>("interpreter", "");
  if (setting && setting.trim()) {
    return { command: expand(setting, folder), args: [], source: "the pyrer.interpreter setting" };
  }
  const fromExtension = await fromPythonExtension(folder?.uri);
  if (fromExtension) {
    return { command: fromExtension[0], args: fromExtension.slice(1), source: "the Python extension's interpreter" };
  }
  return { command: "python3", args: [], source: "the default (no pyrer.interpreter set, no Python extension)" };
}

export function describe(interpreter: Interpreter): string {
  return [interpreter.command, ...interpreter.args].join(" ");
}

/** Run the interpreter once to check that it imports pyrer and its language server. */
export function probe(interpreter: Interpreter): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(interpreter.command, [...interpreter.args, "-c", PROBE], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (!error) {
        const [python, pyrer] = stdout.trim().split(/\s+/);
        resolve({ ok: true, python, pyrer });
        return;
      }
      const code: unknown = (error as { code?: unknown }).code; // "ENOENT", or the exit status
      if (code === "ENOENT") {
        resolve({ ok: false, reason: `no such program: ${interpreter.command}` });
        return;
      }
      const missing = stdout.trim();
      if (code === 3 && (missing === "pyrer" || missing === "pyrer_ls")) {
        resolve({ ok: false, missing, reason: `cannot import ${missing}` });
        return;
      }
      const text = (stderr || error.message).trim();
      resolve({ ok: false, reason: text.split("\n").pop() ?? text });
    });
  });
}
