// Step 2's optional check of the IdP through its own API (Okta and Auth0 today): connect with a token,
// see the Flex app's settings beside what Flex needs, preview the exact change, apply it only
// when asked (a copy of the settings is saved first), and switch back to that copy.
// For IdPs without such an API the card says why, and the "I confirm" box stays the check.
import { idpApply, idpCheck, idpConnect, idpDeviceOpen, idpDeviceStart, idpDeviceWait, idpDisconnect, idpLinkStatus, idpRestore } from "../backend.js";
import { copyButton } from "./copy.js";
import { fill, h, announce } from "../dom.js";
import { errorBox, progressLine } from "./feedback.js";
import { sourceButton } from "../facts.js";

const MARK = { matches: "✓", must_change: "✗", advice: "!", not_readable: "?" };
const WORD = { matches: "Matches", must_change: "Must change", advice: "Check", not_readable: "Not readable" };
// The last check per profile, kept across re-draws of the step (a tick re-draws it).
const lastView = new Map();
// What the backend said of the profile's link (per profile and IdP), kept the same way; updated
// by connecting and disconnecting.
const linkStatus = new Map();

function rowsTable(view) {
  return h("table", { class: "idp-rows", id: "idp-rows" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ""), h("th", { scope: "col" }, `In ${view.idp_name}`),
      h("th", { scope: "col" }, "Now"), h("th", { scope: "col" }, "Flex needs"))),
    h("tbody", {}, view.rows.map((row) => h("tr", { class: `idp-row ${row.verdict}`, "data-key": row.key, "data-verdict": row.verdict },
      h("td", { class: "mark" }, h("span", { "aria-hidden": "true" }, MARK[row.verdict] ?? "?"), h("span", { class: "visually-hidden" }, WORD[row.verdict] ?? row.verdict)),
      h("th", { scope: "row" }, row.label, h("div", { class: "muted field-name" }, row.field)),
      h("td", {}, h("code", { class: "value" }, row.now ?? "(empty)")),
      h("td", {}, row.verdict === "matches" ? h("span", { class: "muted" }, "—") : h("code", { class: "value" }, row.needed ?? ""),
        row.note ? h("p", { class: "note" }, row.note) : null)))));
}

function preview(view, onApply, onCancel) {
  return h("div", { class: "card idp-preview", id: "idp-preview", role: "region", "aria-labelledby": "idp-preview-title" },
    h("h3", { id: "idp-preview-title" }, `What the app will change in "${view.app.label}"`),
    h("ul", { id: "idp-changes" }, view.changes.map((c) => h("li", { "data-key": c.key },
      h("strong", {}, c.label),
      h("dl", { class: "before-after" },
        h("dt", {}, "Now"), h("dd", {}, h("code", {}, c.before ?? "(empty)")),
        h("dt", {}, "After"), h("dd", {}, h("code", {}, c.after ?? "(empty)")))))),
    h("p", {}, `Nothing else in ${view.idp_name} changes. Before writing, the app saves a copy of the app's settings with this migration, so "Switch back" can put them back.`),
    h("details", {}, h("summary", {}, "The exact request"),
      h("pre", { class: "xml", id: "idp-request" }, `${view.request.method} /${view.request.path}\n\n${JSON.stringify(view.request.body, null, 2)}`)),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", id: "idp-apply-confirm", onclick: onApply }, `Change it in ${view.idp_name}`),
      h("button", { type: "button", class: "secondary", id: "idp-apply-cancel", onclick: onCancel }, "Cancel")));
}

/**
 * The card. `onTicked` runs when a check ticked "values updated" (the step then re-draws).
 */
export function idpApiCard({ profileId, idpId, idpName, hasValues, onTicked }) {
  const slot = h("div", { class: "card", id: "idp-api" }, progressLine(`Looking for a saved ${idpName} connection…`));
  const statusKey = `${profileId}|${idpId}`;
  const remember = (changes) => {
    const known = linkStatus.get(statusKey);
    if (known) linkStatus.set(statusKey, { ...known, ...changes });
  };
  const status = h("div", { id: "idp-api-status", "aria-live": "polite" });

  const show = (view, message) => {
    // A check that proves the values ticks step 2's confirmation: the step re-draws, and this
    // card comes back from what is kept here, message included.
    const said = view.confirmed_values ? `${message ?? ""} So the app ticked the box below that says the new values are in the IdP.`.trim() : message;
    lastView.set(profileId, { view, message: said });
    remember({ idp: idpId, token_saved: true, address: view.address });
    if (view.confirmed_values) { onTicked?.(); return; }
    drawConnected(view, said);
  };

  const busy = async (text, work) => {
    slot.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    fill(status, progressLine(text));
    try {
      await work();
      fill(status);
    } catch (error) {
      // Entra ID: a sign-in that may only read is refused the change; offer the sign-in that
      // asks for the permission to write (never asked for before the admin wants the change).
      const again = signInEntry && (error.code === "idp_read_only" || error.code === "idp_token_refused")
        ? h("button", { type: "button", class: "secondary", id: "idp-sign-in-write",
            onclick: () => signIn(lastView.get(profileId)?.view?.address ?? "", linkedClientId, error.code === "idp_read_only") },
            error.code === "idp_read_only" ? "Sign in to Microsoft again, allowing changes" : "Sign in to Microsoft again")
        : null;
      fill(status, errorBox(error, "wizard"), again);
    } finally {
      slot.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    }
  };

  // What to ask for (the backend's words for this IdP), set once the link status is read.
  let entry = null;
  const drawConnect = (address = "") => {
    const addressInput = h("input", { type: "text", id: "idp-address", spellcheck: "false", autocomplete: "off", value: address,
      placeholder: entry.address_example, "aria-describedby": "idp-address-help" });
    const tokenInput = h("input", { type: "password", id: "idp-token", spellcheck: "false", autocomplete: "off", "aria-describedby": "idp-token-help" });
    const connect = h("button", { type: "button", class: "primary", id: "idp-connect" }, `Connect and check`);
    connect.addEventListener("click", () => busy(`Reading your apps from ${idpName}…`, async () => {
      const view = await idpConnect(profileId, idpId, addressInput.value, tokenInput.value);
      tokenInput.value = "";
      show(view, `Connected to ${idpName}. The token is kept in this computer's keyring.`);
    }));
    fill(slot,
      h("h2", {}, `Check it in ${idpName} (optional)`),
      h("p", {}, `Instead of taking it on trust, the app can read the Flex app in ${idpName} and show what differs from what Flex needs. It only reads, unless you ask it to make the change.`),
      hasValues ? null : h("p", { class: "muted" }, "Paste the Entity ID or ACS URL from the Console above first."),
      h("div", { class: "field" }, h("label", { for: "idp-address" }, entry.address_label), addressInput,
        h("p", { class: "muted", id: "idp-address-help" }, `For example ${entry.address_example}`)),
      h("div", { class: "field" }, h("label", { for: "idp-token" }, entry.token_label), tokenInput,
        h("p", { class: "muted", id: "idp-token-help" }, entry.token_help)),
      h("div", { class: "actions" }, connect),
      status);
    connect.disabled = !hasValues;
  };

  // Entra ID signs in to Microsoft with a code (the device code flow) instead of a pasted token.
  let signInEntry = false;
  let linkedClientId = "";
  const signIn = (tenant, clientId, write) => busy("Asking Microsoft for a sign-in code…", async () => {
    const code = await idpDeviceStart(profileId, tenant, clientId, write);
    const copy = copyButton({ id: "idp-device-code-copy", label: "Sign-in code", what: "Microsoft sign-in code", value: code.user_code, text: "Copy the code" });
    const open = h("button", { type: "button", class: "primary", id: "idp-device-open" }, "Open Microsoft's sign-in page");
    open.addEventListener("click", async () => {
      try { await idpDeviceOpen(profileId); } catch (error) { fill(status, errorBox(error, "wizard")); }
    });
    fill(slot,
      h("h2", {}, `Sign in to Microsoft`),
      h("p", {}, "Open Microsoft's sign-in page in your browser, enter this code, and sign in as an administrator of your tenant:"),
      h("p", { class: "device-code" }, h("code", { id: "idp-device-code" }, code.user_code)),
      h("div", { class: "actions" }, open, copy.button, copy.status),
      h("p", { class: "muted" }, "The page is ", h("code", { id: "idp-device-uri" }, code.verification_uri),
        write ? ". This time Microsoft asks you to allow changes to applications (Application.ReadWrite.All)." : ". The app asks only to read applications and sign-ins."),
      status);
    linkedClientId = clientId;
    fill(status, progressLine("Waiting for you to sign in at Microsoft…"));
    const view = await idpDeviceWait(profileId);
    show(view, `Signed in to Microsoft${write ? ", with permission to change applications" : ""}. The sign-in is kept in this computer's keyring.`);
  });

  const drawSignIn = (tenant = "", clientId = "") => {
    const tenantInput = h("input", { type: "text", id: "idp-tenant", spellcheck: "false", autocomplete: "off", value: tenant,
      placeholder: "your-company.onmicrosoft.com", "aria-describedby": "idp-tenant-help" });
    const clientInput = h("input", { type: "text", id: "idp-client-id", spellcheck: "false", autocomplete: "off", value: clientId,
      placeholder: "00000000-0000-0000-0000-000000000000", "aria-describedby": "idp-client-id-help" });
    const start = h("button", { type: "button", class: "primary", id: "idp-sign-in" }, "Sign in to Microsoft");
    start.addEventListener("click", () => signIn(tenantInput.value, clientInput.value, false));
    fill(slot,
      h("h2", {}, `Check it in ${idpName} (optional)`),
      h("p", {}, `Instead of taking it on trust, the app can read the Flex application in ${idpName} and show what differs from what Flex needs. You sign in to Microsoft with a code; the app asks only to read, until you ask it to make the change.`),
      hasValues ? null : h("p", { class: "muted" }, "Paste the Entity ID or ACS URL from the Console above first."),
      h("div", { class: "field" }, h("label", { for: "idp-tenant" }, "Tenant (its domain name or ID)"), tenantInput,
        h("p", { class: "muted", id: "idp-tenant-help" }, "For example your-company.onmicrosoft.com.")),
      h("div", { class: "field" }, h("label", { for: "idp-client-id" }, "Application (client) ID to sign in through"), clientInput,
        h("p", { class: "muted", id: "idp-client-id-help" },
          "An app registration in your tenant that allows public client flows; your Entra administrator can make one. Flex SSO Migrator has no Microsoft registration of its own, so it cannot offer one.")),
      h("div", { class: "actions" }, start),
      status);
    start.disabled = !hasValues;
  };

  const drawConnected = (view, message) => {
    const again = h("button", { type: "button", class: "secondary", id: "idp-check-again" }, "Check again");
    again.addEventListener("click", () => busy(`Reading the app from ${idpName}…`, async () => show(await idpCheck(profileId, null), "Read again.")));
    const disconnect = h("button", { type: "button", class: "secondary", id: "idp-disconnect" }, "Disconnect");
    disconnect.addEventListener("click", () => busy("Removing the token…", async () => {
      await idpDisconnect(profileId);
      lastView.delete(profileId);
      remember({ token_saved: false, address: view.address });
      if (signInEntry) drawSignIn(view.address, linkedClientId); else drawConnect(view.address);
      announce(`Disconnected from ${idpName}; the token was removed from the keyring.`);
    }));
    const restore = view.snapshot_taken_at
      ? h("button", { type: "button", class: "secondary", id: "idp-restore" }, `Switch back to the settings of ${new Date(view.snapshot_taken_at).toLocaleString()}`)
      : null;
    restore?.addEventListener("click", () => busy(`Putting the saved settings back in ${idpName}…`, async () => {
      show(await idpRestore(profileId), `The saved settings are back in ${idpName}, and the app read them back.`);
    }));
    const previewSlot = h("div", { id: "idp-preview-slot" });
    const previewButton = view.changes.length
      ? h("button", { type: "button", class: "primary", id: "idp-preview-change" }, `Preview the change in ${idpName}`)
      : null;
    previewButton?.addEventListener("click", () => {
      fill(previewSlot, preview(view,
        () => busy(`Changing the app in ${idpName}…`, async () => {
          show(await idpApply(profileId, view.base_version), `${idpName} accepted the change, and the app read it back.`);
        }),
        () => { fill(previewSlot); previewButton.focus(); }));
      previewSlot.querySelector("#idp-apply-confirm")?.focus();
    });

    const picker = view.candidates.length
      ? h("div", { id: "idp-candidates" },
          h("p", {}, `${idpName} has ${view.candidates.length} apps that could be the Flex one. Which one do your agents sign in with?`),
          h("ul", { class: "plain" }, view.candidates.map((c) => h("li", {},
            h("button", { type: "button", class: "secondary idp-candidate", "data-app": c.id,
              onclick: () => busy(`Reading "${c.label}"…`, async () => show(await idpCheck(profileId, c.id), `Using "${c.label}".`)) },
              `${c.label} (${c.id})`), " ", h("span", { class: "muted" }, c.why)))))
      : null;

    const verdict = view.app
      ? view.needs_change
        ? h("p", { class: "result problem", id: "idp-verdict", "data-state": "must_change" },
            `"${view.app.label}" in ${idpName} does not hold what Flex needs yet.`,
            view.changes.length ? " The app can make the change for you, or you can make it by hand with the values below." : " Make the changes below by hand.")
        : h("p", { class: "result ok", id: "idp-verdict", "data-state": "matches" }, `"${view.app.label}" in ${idpName} holds what Flex needs.`)
      : null;

    fill(slot,
      h("h2", {}, `Checked in ${idpName}`),
      h("p", { class: "muted" }, `Connected to ${view.address}.`),
      message ? h("p", { class: "field-ok", id: "idp-message" }, message) : null,
      picker,
      verdict,
      view.rows.length ? rowsTable(view) : null,
      previewSlot,
      h("div", { class: "actions" }, previewButton, again, restore, disconnect),
      status);
    if (message) announce(message);
  };

  // Drawn at once from what is known: the step re-draws on every tick, and a card that first shows
  // "Looking…" and then grows would move the confirmations below it under the admin's pointer.
  const route = async (linked) => {
    try {
      if (linked.no_api) {
        fill(slot, h("h2", {}, `Why the app cannot check ${idpName} for you`),
          h("p", { id: "idp-no-api" }, linked.no_api.reason),
          sourceButton(linked.no_api.source, "Where this comes from", "idp-no-api-source"));
        return;
      }
      if (!linked.api) { fill(slot); slot.hidden = true; return; }
      entry = linked.entry;
      signInEntry = !entry;
      linkedClientId = linked.client_id ?? "";
      const drawStart = (address) => (signInEntry ? drawSignIn(address, linkedClientId) : drawConnect(address));
      const earlier = lastView.get(profileId);
      if (linked.idp === idpId && linked.token_saved && earlier) return drawConnected(earlier.view, earlier.message);
      if (linked.idp === idpId && linked.token_saved && hasValues) {
        fill(slot, progressLine(`Reading the app from ${idpName}…`));
        try {
          return drawConnected(await idpCheck(profileId, null));
        } catch (error) {
          drawStart(linked.address ?? "");
          fill(status, errorBox(error, "wizard"));
          return;
        }
      }
      drawStart(linked.address ?? "");
    } catch (error) {
      fill(slot, errorBox(error, "wizard"));
    }
  };
  const known = linkStatus.get(statusKey);
  if (known) {
    route(known);
  } else {
    idpLinkStatus(profileId)
      .then((linked) => { linkStatus.set(statusKey, linked); return route(linked); })
      .catch((error) => fill(slot, errorBox(error, "wizard")));
  }
  return slot;
}
