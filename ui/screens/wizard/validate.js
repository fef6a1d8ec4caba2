// Step 4: a fresh login proves the new connection. The login check (a private window, watched
// and explained) is its own component; this step places it and enables Finish on success.
import { fill, h } from "../../dom.js";
import { consoleSays } from "./common.js";

export function render({ view, reload, profileId }) {
  const slot = h("div", { id: "login-check-slot" });
  import("../../components/login-check.js")
    .then((module) => fill(slot, module.loginCheck({ profileId, view, onOutcome: () => reload() })))
    .catch(() => fill(slot, h("p", { class: "result problem" }, "The login check could not be loaded. Restart the app.")));
  const last = view.state.login_check;
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Test a real login"),
    h("p", { class: "lead" },
      "The new connection works when a Flex user can sign in through it. The app opens a private window (no saved sign-ins), ",
      "you sign in there as a Flex user of your identity provider, and the app watches each step and explains what happens."),
    consoleSays(h("p", {}, "Step 4 of the Single sign-on setup has a Log in with SSO button. You can test here instead, or paste that button's link below to test exactly that.")),
    last ? h("p", { class: last.outcome === "succeeded" ? "result ok" : "result problem", id: "last-login-check" },
      last.outcome === "succeeded" ? "The last test login worked. Click Finish here, and Finish in the Console." : `The last test login failed: ${last.reason}`) : null,
    slot,
  );
}
