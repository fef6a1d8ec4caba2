// The only module that touches window.__TAURI__. Screens call the functions below and get plain
// values back, or an Error with `.code` and `.message` (the backend's {code, message}), so the
// screens can be tested without Tauri and never depend on its API directly.

const tauri = () => {
  const api = window.__TAURI__;
  if (!api || !api.core) {
    throw Object.assign(new Error("The app's backend is not reachable. Restart Flex SSO Migrator."), {
      code: "backend_unreachable",
    });
  }
  return api.core;
};

/** A backend error as the UI uses it: `.code` to branch on, `.message` to show. */
export class BackendError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

async function call(command, args) {
  try {
    return await tauri().invoke(command, args);
  } catch (raw) {
    if (raw && typeof raw === "object" && typeof raw.code === "string") {
      throw new BackendError(raw.code, String(raw.message ?? ""));
    }
    if (raw instanceof BackendError) throw raw;
    // Strings come from Tauri itself (for example a command the window may not call).
    throw new BackendError("backend_error", String(raw?.message ?? raw));
  }
}

export const appInfo = () => call("app_info");
export const keyringCheck = () => call("keyring_check");
export const logUiError = (code, message, screen) =>
  call("log_ui_error", { report: { code, message, screen } }).catch(() => {});
