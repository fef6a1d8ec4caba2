// After Finish: what the admin still does in the Console, what was checked about which connection
// is in use (Twilio's list, the last test login; never asserted on trust), until when Flex keeps
// the legacy details, the way back, and the journal.
import { journalExport } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { valueRow } from "../../components/copy.js";
import { errorBox } from "../../components/feedback.js";
import { connectionStatus } from "../../components/connection-status.js";
import { consoleSays } from "./common.js";
import { recordsActions } from "../../components/share.js";
import { fact, ssoPageName } from "../../facts.js";

const dateWords = (iso) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });

export function journalCard(profileId) {
  const slot = h("div", { id: "journal-slot" });
  journalExport(profileId, "text")
    .then((text) => fill(slot, valueRow({ label: "Journal (for a support ticket)", value: text, id: "journal-text", what: "journal" })))
    .catch((error) => fill(slot, errorBox(error, "wizard")));
  return h("details", { class: "card", id: "journal" }, h("summary", {}, "Journal: everything done and checked, with times"), slot);
}

export function render({ view, apply, profileId }) {
  const modified = view.state.setup_type === "modify_existing";
  const offers = view.offers;
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Migration finished in this app"),
    consoleSays(h("p", { id: "finished-console" },
      `If you have not yet, click ${fact("console.finish")} in step 4 of the Console's ${fact("console.setup_workflow")}. `,
      `The ${ssoPageName()} page then shows `,
      modified ? "your new connection." : "your new connection and, inactive, your legacy connection.")),
    connectionStatus({ view, profileId }),
    offers.switch_back_deadline
      ? h("div", { class: "card", id: "switch-back-window" },
          h("h2", {}, "If something goes wrong"),
          h("p", {}, `Twilio keeps the legacy connection's details until ${dateWords(offers.switch_back_deadline)} `,
            `(${offers.switch_back_days_left === 1 ? "1 day" : `${offers.switch_back_days_left} days`} from now). Until then you can switch back while you sort out a problem.`),
          offers.switch_back_to_legacy
            ? h("button", { type: "button", class: "secondary", id: "start-switch-back",
                onclick: () => apply({ action: "start_switch_back" }) }, "Switch back to the legacy connection…")
            : null)
      : h("p", { class: "muted" }, `The ${fact("migration.switch_back_window")} in which you could switch back are over; the legacy connection's details are gone.`),
    recordsActions({ profileId, finished: Boolean(offers.switch_back_deadline) }),
    journalCard(profileId),
  );
}
