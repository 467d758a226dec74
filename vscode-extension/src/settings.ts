//! The `pyrer.*` settings: what the server reads, and which changes need a server restart.
import * as vscode from "vscode";

/** Settings the server reads (initializationOptions and workspace/configuration section `pyrer`). */
export const SERVER_KEYS = ["packagesPath", "variantSelectMode", "implicitPackages", "requestFileGlobs"] as const;

/** Changing these restarts the server: the interpreter runs it, the request globs choose the documents it gets. */
export const RESTART_KEYS = ["interpreter", "requestFileGlobs"] as const;

/** Only the settings the user set: anything left unset is rez's own configuration (read by the server). */
export function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("pyrer");
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const set = config.inspect(key);
    const value = set?.workspaceFolderValue ?? set?.workspaceValue ?? set?.globalValue;
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}

export function requestFileGlobs(): string[] {
  const globs = vscode.workspace.getConfiguration("pyrer").get<string[]>("requestFileGlobs");
  return globs && globs.length ? globs : ["*.rez-requests", "rez-requests.txt"];
}

/** A change the running server should hear about (workspace/didChangeConfiguration). */
export function affectsServer(event: vscode.ConfigurationChangeEvent): boolean {
  return SERVER_KEYS.some((key) => event.affectsConfiguration(`pyrer.${key}`));
}

export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return RESTART_KEYS.some((key) => event.affectsConfiguration(`pyrer.${key}`));
}
