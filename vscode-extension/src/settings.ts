//! The `pyrer.*` settings: what the server reads (with the workspace's trust), and which changes need a server restart.
import * as vscode from "vscode";

/** Settings the server reads as they are (initializationOptions and workspace/configuration section `pyrer`). */
export const SERVER_KEYS = [
  "packagesPath", "variantSelectMode", "implicitPackages", "requestFileGlobs", "fileWatcher", "debounceMs",
] as const;

/** Settings the server reads under another name; `evaluation.workspacePackages` counts only in a trusted workspace. */
export const EVALUATION_KEYS = ["evaluation.workspacePackages", "evaluation.repositoryPackages"] as const;

/** Changing these restarts the server: the interpreter runs it, the request globs choose the documents it gets. */
export const RESTART_KEYS = ["interpreter", "requestFileGlobs"] as const;

/** The `pyrer` section as the server reads it: only the settings the user set (anything left unset is rez's
 * own configuration, read by the server), and whether it may evaluate package.py code
 * (`evaluateWorkspacePackages`: only when the workspace is trusted). */
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
  out.evaluateWorkspacePackages = vscode.workspace.isTrusted && config.get<boolean>("evaluation.workspacePackages", true);
  out.evaluateRepositoryPackages = config.get<boolean>("evaluation.repositoryPackages", true);
  return out;
}

/** initializationOptions: the settings, and the opt-in to the `pyrer/status` notification the status bar shows. */
export function initializationOptions(): Record<string, unknown> {
  return { pyrer: serverSettings(), statusNotifications: true };
}

export function requestFileGlobs(): string[] {
  const globs = vscode.workspace.getConfiguration("pyrer").get<string[]>("requestFileGlobs");
  return globs && globs.length ? globs : ["*.rez-requests", "rez-requests.txt"];
}

/** The interpreter setting as it is now (what a running server was started with is compared to it). */
export function interpreterSetting(): string {
  return (vscode.workspace.getConfiguration("pyrer").get<string>("interpreter", "") || "").trim();
}

/** A change the running server should hear about (workspace/didChangeConfiguration). */
export function affectsServer(event: vscode.ConfigurationChangeEvent): boolean {
  return [...SERVER_KEYS, ...EVALUATION_KEYS].some((key) => event.affectsConfiguration(`pyrer.${key}`));
}

export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return RESTART_KEYS.some((key) => event.affectsConfiguration(`pyrer.${key}`));
}
