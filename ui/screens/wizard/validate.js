// Step 4: a fresh login proves the new connection. The login check (a private window, watched
// and explained) is its own component; this step places it and enables Finish on success.
import { migrationGet, preflightRun } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { progressLine } from "../../components/feedback.js";
import { loginCheck } from "../../components/login-check.js";
import { consoleSays } from "./common.js";
import { fact } from "../../facts.js";

// The login check lives across re-draws of this step (a finished attempt re-draws the wizard to
// enable Finish): the same node, with its timeline and findings, is put back.
let mounted = { profileId: null, slot: null };

/**
 * After a settled attempt: reload the migration until it shows the attempt's recorded outcome
 * (its `login_check.at`), so Finish is enabled by what was saved, never by timing. An attempt that
 * recorded nothing (cancelled) needs one reload only.
 */
async function reloadUntilRecorded(attempt, reload, profileId) {
  const shows = (migration) => !attempt.recorded_at || migration.state.login_check?.at === attempt.recorded_at;
  for (let tries = 0; tries < 50; tries++) {
    const migration = await migrationGet(profileId);
    if (shows(migration)) return reload();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return reload();
}

export function render({ view, reload, profileId }) {
  if (mounted.profileId !== profileId || !mounted.slot) {
    const slot = h("div", { id: "login-check-slot" }, progressLine("Reading your Flex login link from Twilio…"));
    // The hosted login link comes from the account's Flex configuration; without it the admin
    // can still paste the link of the Console's Log in with SSO button.
    preflightRun(profileId)
      .then((report) => report.flex.login_url)
      .catch(() => null)
      .then((loginUrl) => fill(slot, loginCheck({ profileId, loginUrl, onOutcome: (attempt) => reloadUntilRecorded(attempt, reload, profileId) })));
    mounted = { profileId, slot };
  }
  const slot = mounted.slot;
  const last = view.state.login_check;
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Test a real login"),
    h("p", { class: "lead" }, "The new connection works when a Flex user can sign in through it."),
    consoleSays(h("p", {}, `The Console's step 4 has a ${fact("console.log_in_with_sso")} button. You can test here instead, or paste that button's link below to test exactly that.`)),
    last ? h("p", { class: last.outcome === "succeeded" ? "result ok" : "result problem", id: "last-login-check" },
      last.outcome === "succeeded" ? "The last test login worked. Click Finish here, and Finish in the Console." : `The last test login failed: ${last.reason}`) : null,
    slot,
  );
}
