// Step 2: the IdP administrator puts the new Entity ID and ACS URL into the IdP. The admin pastes
// what the Console shows; the app derives and checks both values, shows where they go in the
// chosen IdP (by that IdP's own labels), then confirms Save and Continue by re-reading Twilio.
import { handoffCard } from "../../components/share.js";
import { idpApiCard } from "../../components/idp-api.js";
import { idpCatalog, migrationSetIdp, parseNewValue, preflightRun } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { valueRow } from "../../components/copy.js";
import { errorBox, progressLine } from "../../components/feedback.js";
import { confirmations, consoleSays, practiceNote, term } from "./common.js";
import { fact, sourceButton } from "../../facts.js";
import { sourcedItem } from "../../components/sourced.js";

let catalogCache = null;
// What the admin pasted, per account, kept across re-draws of the step (each saved change
// re-draws it). Per account: a paste for one account must never fill in another's connection.
const lastPaste = new Map();
// The last "Check with Twilio" result per account, kept across re-draws (ticking re-draws the step).
const lastCheck = new Map();
const catalog = async () => (catalogCache ??= await idpCatalog());

/**
 * The identity provider, chosen once: a tile per IdP (its name only) until one is chosen, then
 * just that name with a Change button. Only the chosen IdP's labels appear below, in its guide.
 */
function idpPicker(catalogEntries, chosenId, onChoose) {
  const slot = h("div", { class: "card", id: "idp-picker" });
  const chosen = catalogEntries.find((e) => e.id === chosenId);
  const tiles = () => fill(slot,
    h("h2", { id: "idp-picker-title" }, "Which identity provider do your agents sign in with?"),
    h("p", { class: "muted" }, "Choose it once: the app then shows where each value goes in that identity provider, in its own words."),
    h("div", { class: "idp-tiles", role: "group", "aria-labelledby": "idp-picker-title" },
      catalogEntries.map((entry) => h("button", {
        type: "button", class: `idp-tile${entry.id === chosenId ? " chosen" : ""}`, id: `idp-${entry.id}`, "data-idp": entry.id,
        "aria-pressed": entry.id === chosenId ? "true" : "false", onclick: () => onChoose(entry.id),
      }, entry.display_name))));
  if (!chosen) return tiles();
  return fill(slot,
    h("div", { class: "idp-chosen", id: "idp-chosen", "data-idp": chosen.id },
      h("p", {}, "Your identity provider: ", h("strong", {}, chosen.display_name)),
      h("button", { type: "button", class: "secondary", id: "idp-change", onclick: () => { tiles(); slot.querySelector(".idp-tile.chosen")?.focus(); } },
        "Change")));
}

function idpGuide(entry, values, createNew, profileId) {
  const item = (sourced) => sourcedItem(sourced);
  return h("div", { class: "card idp-guide", id: "idp-guide", "data-idp": entry.id },
    h("h2", {}, `In ${entry.display_name}`),
    h("p", {}, createNew
      ? `Create a new SAML application for Flex in ${entry.display_name} (do not change the one Flex uses today). On its "${entry.sp_page.text}" page:`
      : `Open the SAML application Flex uses today in ${entry.display_name}. On its "${entry.sp_page.text}" page:`),
    values
      ? h("div", {},
          valueRow({ label: `${entry.entity_id_label.text}  ←  Entity ID`, value: values.entity_id, id: "idp-entity-id", what: "new Entity ID", profileId }),
          valueRow({ label: `${entry.acs_url_label.text}  ←  ACS URL`, value: values.acs_url, id: "idp-acs-url", what: "new ACS URL", profileId }))
      : h("p", { class: "muted" }, "Paste the value from the Console above to see exactly what goes where."),
    entry.sp_page.also || entry.sp_page.source.inferred ? h("ul", { class: "plain" }, item(entry.sp_page)) : null,
    h("h3", {}, "Attributes Flex needs"),
    h("ul", {}, item(entry.attributes.email), item(entry.attributes.full_name), item(entry.attributes.roles)),
    h("p", { class: "muted" }, "Flex Insights roles (", fact("saml.insights_roles"), ") go in the same roles attribute, beside the Flex role. ",
      fact("saml.insights_needs_supervisor")),
    h("h3", {}, "Name ID"),
    h("ul", { id: "idp-name-id" }, item(entry.name_id)),
    h("h3", {}, "Signing"),
    h("ul", {}, entry.signing.map(item)),
    entry.notes.length ? h("h3", {}, "Good to know") : null,
    entry.notes.length ? h("ul", {}, entry.notes.map(item)) : null,
    h("h3", {}, "Twilio's full instructions"),
    h("div", { id: "idp-guide-source" }, sourceButton(entry.setup_guide.page, `Open Twilio's guide for ${entry.display_name}`, "open-idp-guide")),
  );
}

export function render({ view, apply, reload, setView, inOrder, profileId }) {
  const createNew = view.state.setup_type === "create_new";
  const pasted = h("div", { id: "pasted-result", "aria-live": "polite" });
  const input = h("input", { type: "text", id: "console-value", spellcheck: "false", autocomplete: "off",
    placeholder: "urn:flex:JQ… or https://login.flex.us1.twilio.com/login/callback?connection=JQ…",
    "aria-describedby": "console-value-help pasted-result", value: lastPaste.get(profileId) ?? "" });
  let seq = 0;
  const showParsed = async () => {
    const text = input.value.trim();
    lastPaste.set(profileId, input.value);
    const mine = ++seq;
    if (!text) return fill(pasted);
    try {
      const parsed = await parseNewValue(text);
      if (mine !== seq) return;
      fill(pasted,
        h("p", { class: "field-ok" }, `Understood: the new connection is ${parsed.connection_sid}.`),
        parsed.notes.length
          ? h("ul", { class: "paste-notes", id: "paste-notes" }, parsed.notes.map((n) => h("li", { "data-code": n.code }, n.message)))
          : null);
      if (parsed.connection_sid !== view.state.connection_sid) {
        await apply({ action: "set_connection_sid", connection_sid: parsed.connection_sid }, "Noted");
      }
    } catch (error) {
      if (mine === seq) fill(pasted, h("p", { class: "field-error", "data-code": error.code }, error.message));
    }
  };
  input.addEventListener("input", showParsed);
  if (lastPaste.get(profileId)) showParsed();

  const guide = h("div", { id: "idp-guide-slot" });
  const picker = h("div", {}, progressLine("Loading the identity providers…"));
  (async () => {
    try {
      const cat = await catalog();
      const choose = async (id) => {
        try {
          // In line with the other changes (the pasted connection's may still be on its way).
          await inOrder(async () => setView(await migrationSetIdp(profileId, id)));
        } catch (error) {
          fill(guide, errorBox(error, "wizard"));
        }
      };
      fill(picker, idpPicker(cat.idps, view.idp_id, choose));
      const entry = cat.idps.find((e) => e.id === view.idp_id);
      fill(guide, entry ? idpGuide(entry, view.new_values, createNew, profileId) : null,
        entry ? idpApiCard({ profileId, idpId: entry.id, idpName: entry.display_name, hasValues: Boolean(view.new_values),
          onTicked: reload }) : null,
        entry && view.new_values
          ? handoffCard({ profileId, idpId: entry.id, idpName: entry.display_name, setup: createNew ? "create" : "modify" })
          : null);
    } catch (error) {
      fill(picker, errorBox(error, "wizard"));
    }
  })();

  const check = h("div", { id: "connection-check", "aria-live": "polite" });
  const checkButton = h("button", { type: "button", class: "secondary", id: "check-connection" }, "Check with Twilio that the new connection is saved");
  const showCheck = (result) => fill(check, h("p", { class: `result ${result.ok ? "ok" : "problem"}`, "data-state": result.state }, result.text));
  const earlier = lastCheck.get(profileId);
  if (earlier && earlier.sid === view.state.connection_sid) showCheck(earlier);
  checkButton.addEventListener("click", async () => {
    checkButton.disabled = true;
    fill(check, progressLine("Reading your SSO connections from Twilio…"));
    try {
      const report = await preflightRun(profileId);
      const sid = view.state.connection_sid;
      const ours = report.sso.connections.find((c) => c.connection_name === sid);
      const result = ours
        ? { ok: true, state: "found", sid, text: ours.active === true
            ? `Twilio lists the new connection ${sid} and says it is active.`
            : ours.active === false
              ? `Twilio lists the new connection ${sid}, saved and not active yet: the test login comes next.`
              : `Twilio lists the new connection ${sid}: the Console saved it. (Its list does not say whether it is active; the test login shows which connection Flex uses.)` }
        : { ok: false, state: "missing", sid, text: report.sso.connections.length
            ? `Twilio lists ${report.sso.connections.map((c) => c.connection_name).join(", ")}, not ${sid ?? "the connection you pasted"}. Check that you pasted the values of this account's setup.`
            : `Twilio does not list a new connection yet. In the Console, confirm the values were updated and click ${fact("console.save_and_continue")}, then check again.` };
      lastCheck.set(profileId, result);
      // Twilio lists the connection only once the Console saved it: that proves "Save and
      // Continue", so the app ticks it (and the step re-draws with the result kept).
      const saved = view.confirmations.find((c) => c.item === "saved_and_continued");
      if (ours && saved && !saved.confirmed) {
        await apply({ action: "confirm", item: "saved_and_continued", value: true }, `Twilio lists the new connection: ${fact("console.save_and_continue")} ticked`);
        return;
      }
      showCheck(result);
    } catch (error) {
      fill(check, errorBox(error, "wizard"));
    } finally {
      checkButton.disabled = false;
    }
  });

  const values = view.new_values;
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, fact("console.step.update_idp")),
    h("p", { class: "lead" },
      "Your identity provider needs two new values from Twilio: the ",
      term("Entity ID", "the name by which your IdP knows Flex"), " and the ",
      term("ACS URL", "Assertion Consumer Service URL: where your IdP sends agents back after they sign in"), ". ",
      "Your identity provider keeps using SAML: only Twilio's side moves to the new connection, so in your IdP this stays a SAML application."),
    createNew ? null : h("div", { class: "result warn", role: "note", id: "modify-outage" },
      h("strong", {}, "Do this together with your IdP administrator, on a call. "),
      `The moment the IdP application holds the new values, new agent logins fail until the migration is finished in the Console (step 4, ${fact("console.finish")}). Agents already signed in stay signed in.`),
    consoleSays(h("p", { id: "console-value-help" },
      `Step 2 of the ${fact("console.setup_workflow")} shows the new Entity ID and ACS URL. Copy either one and paste it here; the app works out the other.`)),
    practiceNote((p) => p.console_entity_id && [
      "there is no Console here. The Console would show this Entity ID: ", h("code", {}, p.console_entity_id),
      ". Paste it below. The practice identity provider already has the new values, and Twilio's list already shows the connection as saved."]),
    h("div", { class: "field" }, h("label", { for: "console-value" }, "Entity ID or ACS URL from the Console"), input, pasted),
    values
      ? h("div", { class: "card", id: "new-values" },
          h("h2", {}, "The new values"),
          valueRow({ label: "Entity ID", value: values.entity_id, id: "new-entity-id", what: "new Entity ID", profileId }),
          valueRow({ label: "ACS URL", value: values.acs_url, id: "new-acs-url", what: "new ACS URL", profileId }),
          h("p", { class: "muted" }, createNew
            ? "Give them to your IdP administrator for the NEW application (not the one Flex uses today)."
            : "Give them to your IdP administrator: they replace the values in the application Flex uses today."))
      : null,
    picker,
    guide,
    confirmations(view, apply, "When it is done"),
    h("div", { class: "card" },
      h("h2", {}, "Check that Twilio saved it"),
      h("p", {}, `After you click ${fact("console.save_and_continue")} in the Console, the app can read your SSO connections from Twilio.`),
      checkButton, check),
  );
}
