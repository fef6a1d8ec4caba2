// How the UI shows a backend error: the message written for the admin, and the code for support.
import { logUiError } from "../backend.js";
import { h } from "../dom.js";

/** A box that says what went wrong and what to do. `error` is a BackendError ({code, message}). */
export function errorBox(error, screen) {
  const code = error?.code ?? "unknown";
  logUiError(code, error?.message ?? String(error), screen);
  return h("div", { class: "result problem", role: "alert", "data-state": "error", "data-code": code },
    h("p", { class: "message" }, error?.message ?? String(error)),
    h("p", { class: "code" }, `Error code for support: ${code}`),
  );
}

/** A neutral "working on it" line, announced to screen readers. */
export function progressLine(text) {
  return h("p", { class: "progress", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}
