// Switching back, exactly as Twilio's guide describes it: a modified connection goes back through
// the Console's revert page (legacy values to the IdP, the confirmation, the switch button);
// a new connection switches with one Confirm, and the link then offers the way forward again.
import { handoffCard } from "../../components/share.js";
import { idpCatalog } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { valueRow } from "../../components/copy.js";
import { consoleSays } from "./common.js";
import { journalCard } from "./finished.js";
import { connectionStatus } from "../../components/connection-status.js";
import { fact, ssoPageName } from "../../facts.js";

/** The legacy values, named as the admin's identity provider names the fields when it is known. */
function legacyValues(view, screen, profileId) {
  const card = h("div", { class: "card", id: "legacy-values" });
  const draw = (entry) => fill(card,
    h("h2", {}, "1. Give these legacy values to your IdP administrator"),
    entry ? h("p", {}, `In ${entry.display_name}, on the "${entry.sp_page.text}" page of the application Flex uses:`) : null,
    valueRow({ label: entry ? `${entry.entity_id_label.text}  ←  Entity ID (legacy)` : "Entity ID (legacy)",
      value: screen.legacy.entity_id, id: "legacy-entity-id", what: "legacy Entity ID", profileId }),
    valueRow({ label: entry ? `${entry.acs_url_label.text}  ←  ACS URL (legacy)` : "ACS URL (legacy)",
      value: screen.legacy.acs_url, id: "legacy-acs-url", what: "legacy ACS URL", profileId }));
  draw(null);
  if (view.idp_id) {
    idpCatalog().then((catalog) => draw(catalog.idps.find((e) => e.id === view.idp_id) ?? null)).catch(() => {});
  }
  return card;
}

function revertPage(view, apply, profileId) {
  const screen = view.revert_screen;
  const box = h("input", { type: "checkbox", id: "confirm-legacy", checked: screen.confirmed });
  box.addEventListener("change", () => apply({ action: "confirm_legacy_restored", value: box.checked }));
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Switch back to the legacy connection"),
    h("p", { class: "lead" }, "You modified your existing connection, so your identity provider must get its legacy values back, and the Console must switch to the legacy connection."),
    h("div", { class: "result warn", role: "note", id: "revert-outage" },
      h("strong", {}, "Do both together, on a call. "),
      `The moment your IdP administrator saves the legacy values, new logins fail until you click ${fact("console.switch_connection")} in the Console. Agents already signed in stay signed in.`),
    consoleSays(h("p", {}, `On the ${ssoPageName()} page, under ${fact("console.new_connection_saved")}, click ${fact("console.switch_to_legacy")}. The ${fact("console.revert_page")} page appears.`)),
    view.state.self_hosted ? h("p", { class: "muted", id: "self-hosted-way-back" }, fact("self_hosted.oauth_way_back")) : null,
    legacyValues(view, screen, profileId),
    view.idp_id ? handoffCard({ profileId, idpId: view.idp_id, setup: "revert" }) : null,
    h("div", { class: "card" },
      h("h2", {}, "2. When the IdP has them, tick the same box as in the Console"),
      h("div", { class: "choice confirmation" }, box, h("label", { for: "confirm-legacy" }, screen.confirmation_text))),
    h("div", { class: "card" },
      h("h2", {}, `3. Click ${fact("console.switch_connection")} in the Console, then tell the app`),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "primary", id: "switch-connection", disabled: !screen.can_switch,
          onclick: () => apply({ action: "switch_connection" }, "Noted: switched back in the Console") }, `I have clicked ${fact("console.switch_connection")} in the Console`),
        h("button", { type: "button", class: "secondary", id: "cancel-switch", onclick: () => apply({ action: "cancel_switch" }) }, "Don't switch back")),
      screen.can_switch ? null : h("p", { class: "muted" }, "Tick the box above first.")),
  );
}

function switchDialog(view, apply) {
  const toLegacy = view.state.stage.to === "legacy";
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, toLegacy ? "Switch back to the legacy connection" : "Switch back to the new connection"),
    consoleSays(h("p", {}, toLegacy
      ? `On the ${ssoPageName()} page, under ${fact("console.new_connection_saved")}, click ${fact("console.switch_to_legacy")}. In the dialog that opens, click ${fact("console.confirm")}.`
      : `On the ${ssoPageName()} page click ${fact("console.switch_to_oauth")}. In the dialog that opens, click ${fact("console.confirm")}.`)),
    view.state.self_hosted ? h("p", { class: "muted", id: "self-hosted-way-back" }, fact("self_hosted.oauth_way_back")) : null,
    h("p", {}, toLegacy
      ? "Both connections are saved, so nothing needs to change in your identity provider: Flex uses the legacy connection again from the moment you confirm in the Console."
      : "Flex uses the new connection again from the moment you confirm in the Console."),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", id: "confirm-switch",
        onclick: () => apply({ action: "confirm_switch" }, "Noted: switched in the Console") }, `I have clicked ${fact("console.confirm")} in the Console`),
      h("button", { type: "button", class: "secondary", id: "cancel-switch", onclick: () => apply({ action: "cancel_switch" }) }, "Don't switch")));
}

export function render({ view, apply, profileId }) {
  const stage = view.stage;
  if (stage === "revert_screen") return revertPage(view, apply, profileId);
  if (stage === "switch_dialog") return switchDialog(view, apply);
  const legacyActive = stage === "legacy_active";
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "You switched back to the legacy connection"),
    h("p", { class: "lead" }, "That is what you told the app you did in the Console. Below is what Twilio and a test login show."),
    connectionStatus({ view, profileId }),
    h("div", { class: "console-note", id: "way-forward" }, h("span", { class: "console-badge" }, "The way forward"), h("p", {}, view.way_forward ?? "")),
    h("div", { class: "actions" },
      legacyActive && view.offers.switch_back_to_oauth
        ? h("button", { type: "button", class: "primary", id: "switch-to-oauth",
            onclick: () => apply({ action: "start_switch_to_oauth" }) }, "Switch back to the new connection…")
        : null,
      view.offers.start_again
        ? h("button", { type: "button", class: "primary", id: "start-again",
            onclick: () => apply({ action: "start_again" }, "Migration started again") }, "Start the migration again")
        : null),
    journalCard(profileId),
  );
}
