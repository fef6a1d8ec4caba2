// The line under the header about new versions. The first time, it asks whether the app may look
// for a new version once a day; afterwards it says when one is available. Nothing shows in the
// practice sandbox or in a build that cannot update itself. The backend keeps every rule (consent,
// at most daily, never in the sandbox); this only shows what it answers.
//
// `#update-notice[data-updates]` says what the notice settled on, for people reading the DOM and
// for tests: ask, off, none, available, failed; `data-ready` is set once the check at start (if
// any) has answered.
import { updateCheckIfDue, updateConsentSet, updateStatus } from "../backend.js";
import { fill, h } from "../dom.js";

let goTo = () => {};

const region = () => document.getElementById("update-notice");

function settle(state, ...children) {
  const node = region();
  if (!node) return;
  node.dataset.updates = state;
  fill(node, ...children);
  node.hidden = children.length === 0;
}

function askConsent() {
  const answer = async (allow) => {
    for (const button of region().querySelectorAll("button")) button.disabled = true;
    try {
      await updateConsentSet(allow);
      if (allow) {
        settle("checking");
        showUpdateNotice(await updateCheckIfDue());
      } else {
        settle("off");
      }
    } catch (error) {
      console.error(error);
      settle("failed");
    }
  };
  settle("ask",
    h("div", { class: "update-ask", role: "region", "aria-label": "New versions" },
      h("p", {},
        h("strong", {}, "Look for new versions? "),
        "Twilio changes its Console from time to time, and new versions of this app keep its instructions in step. ",
        "May the app check once a day? It only asks the project's release page for the newest version; nothing about you or your Twilio accounts is sent."),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary small", id: "updates-allow", onclick: () => answer(true) }, "Yes, check once a day"),
        h("button", { type: "button", class: "secondary small", id: "updates-deny", onclick: () => answer(false) }, "No, thanks"),
        h("span", { class: "muted" }, "You can change this in About."))));
}

/** Shows what an update status (from the backend) means for the notice. */
export function showUpdateNotice(status) {
  if (status.sandbox || !status.configured) return settle("none");
  if (status.consent === null) return askConsent();
  const found = status.result;
  if (found?.state === "available") {
    return settle("available",
      h("p", { class: "update-available-line", role: "status" },
        `Version ${found.version} of Flex SSO Migrator is available (you have ${status.current_version}). `,
        h("button", { type: "button", class: "link", id: "update-see", onclick: () => goTo("about") }, "See what is new")));
  }
  return settle(status.consent ? "none" : "off");
}

/** The status the notice starts from; the page asks for it together with its other first questions. */
export const startingStatus = () => updateStatus();

/**
 * At start, given the settled `startingStatus()`: shows the notice at once (the caller does this
 * before drawing the first screen, so a consent question above it never pushes it down after it
 * is drawn), then asks the backend whether a check is due (it checks only when the admin agreed).
 */
export async function startUpdateNotice(go, starting) {
  goTo = go;
  try {
    if (starting.status === "rejected") throw starting.reason;
    const status = starting.value;
    showUpdateNotice(status);
    if (status.consent === true && status.configured && !status.sandbox) {
      showUpdateNotice(await updateCheckIfDue());
    }
  } catch (error) {
    // A failed check says so on the About page; the notice stays quiet.
    console.error(error);
    settle("failed");
  }
  const node = region();
  if (node) node.dataset.ready = "true";
}
