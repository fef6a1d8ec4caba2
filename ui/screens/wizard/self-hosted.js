// Self-hosted Flex: the appConfig.oauth snippet from the live connection, with the warning that
// it goes in only after the Console migration is finished.
import { oauthSnippet, preflightRun } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { valueRow } from "../../components/copy.js";
import { errorBox, progressLine } from "../../components/feedback.js";
import { confirmations } from "./common.js";

export function render({ view, apply, profileId }) {
  const slot = h("div", { id: "snippet-slot", "aria-live": "polite" }, progressLine("Reading the connection's client ID from Twilio…"));
  (async () => {
    try {
      const report = await preflightRun(profileId);
      const ours = report.sso.connections.find((c) => c.connection_name === view.state.connection_sid);
      if (!ours?.client_id) {
        fill(slot, h("p", { class: "result problem" },
          "Twilio does not list a client ID for the new connection yet. Finish the Console's step 2 (Save and Continue), then come back to this step."));
        return;
      }
      const redirect = view.self_hosted_urls?.redirect_url;
      if (!redirect) {
        fill(slot, h("p", { class: "result problem" }, "Enter your Default redirect URL first (step \"IdP data\", or the field below)."));
        return;
      }
      const snippet = await oauthSnippet(view.state.connection_sid, ours.client_id, redirect);
      fill(slot,
        h("div", { class: "result problem", role: "note", id: "snippet-warning" }, h("strong", {}, "Order matters. "), snippet.warning),
        valueRow({ label: "appConfig.oauth for your Flex configuration", value: snippet.code, id: "oauth-snippet", what: "appConfig.oauth snippet", profileId }));
    } catch (error) {
      fill(slot, errorBox(error, "wizard"));
    }
  })();
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Self-hosted Flex: add the new SSO settings"),
    h("p", { class: "lead" },
      "Your self-hosted Flex learns about the new connection from three values in its configuration file (appConfig.js): ",
      "the connection, its client ID and where to send agents after they sign in. Give this to the developers who deploy your Flex."),
    slot,
    confirmations(view, apply, "When it is deployed"),
  );
}
