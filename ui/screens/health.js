// Health: after the switch, one account's SSO as it stands today. At the top one sentence says
// whether anything needs doing; below it the certificates (configured in Flex, in the IdP's
// metadata, seen signing the last login), a rotation walk-through when the IdP announces a new
// certificate, the configured certificate's expiry, and a checklist that proves every Flex role
// can sign in. Everything the page says comes from the backend's health check
// (`health_check`, the `flex-sso-health` crate); the page only lays it out.
import { healthCheck, healthConfiguredSet, healthMetadataUrlSet, healthRemindersSave, idpCatalog, idpCertificates, migrationGet } from "../backend.js";
import { idpApiCard } from "../components/idp-api.js";
import { announce, fill, h } from "../dom.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { commonName, formatDate } from "../components/certificate-card.js";
import { copyButton } from "../components/copy.js";
import { consoleSsoPath } from "../facts.js";
import { roleChecklist } from "../components/role-checklist.js";

const SCREEN = "health";
const STATUS_CLASS = { healthy: "ok", action_needed: "problem", could_not_check: "warn" };
const STATUS_WORDS = { healthy: "Nothing to do", action_needed: "Action needed", could_not_check: "Could not check everything" };

const days = (n) => `${n} ${Math.abs(n) === 1 ? "day" : "days"}`;

function daysLeftText(daysLeft) {
  if (daysLeft < 0) return `expired ${days(-daysLeft)} ago`;
  if (daysLeft === 0) return "expires today";
  return `${days(daysLeft)} left`;
}

/** The top: the one sentence, and what to do next in order. */
function summaryCard(view, readAgain) {
  const report = view.report;
  const cls = STATUS_CLASS[report.status] ?? "warn";
  const metadata = view.metadata;
  const metadataLine = !metadata.url
    ? "No metadata address is saved for this account, so the app cannot see what your identity provider publishes. Enter it below."
    : metadata.read_at
      ? metadata.error
        ? `Your identity provider's metadata could not be read on ${formatDate(metadata.read_at)}: ${metadata.error.message}`
        : `Your identity provider's metadata was read on ${formatDate(metadata.read_at)} from ${metadata.url}.`
      : `Your identity provider's metadata has not been read yet from ${metadata.url}.`;
  return h("div", { class: "card health-summary", id: "health-summary", "data-status": report.status },
    h("p", { class: "health-status muted" }, STATUS_WORDS[report.status] ?? report.status),
    h("p", { class: `result ${cls} health-headline`, id: "health-headline", role: "status", tabindex: "-1" }, report.headline),
    report.next_steps?.length
      ? h("ol", { class: "health-next", id: "health-next" }, report.next_steps.map((step) => h("li", {}, step)))
      : null,
    h("p", { class: "muted", id: "health-metadata-line" }, metadataLine),
    h("div", { class: "actions" },
      metadata.url ? h("button", { type: "button", class: "secondary", id: "health-read-again", onclick: readAgain }, "Read the metadata again") : null),
  );
}

function flagBadges(row) {
  const badges = [];
  if (row.configured) badges.push(h("span", { class: "badge chosen", "data-flag": "configured" }, "In Flex"));
  if (row.signing) badges.push(h("span", { class: "badge info", "data-flag": "signing" }, "Signed the last login"));
  if (row.announced) badges.push(h("span", { class: "badge warning", "data-flag": "announced" }, "New in your IdP"));
  else if (row.in_metadata) badges.push(h("span", { class: "badge info", "data-flag": "in_metadata" }, "In your IdP's metadata"));
  return badges;
}

/** One card per certificate the check knows of, with what it is to this account. */
function certificatesCard(view) {
  const rows = view.report.certificates ?? [];
  if (!rows.length) {
    return h("div", { class: "card", id: "health-certificates-card" },
      h("h2", {}, "Certificates"),
      h("p", {}, "No certificate is known for this account yet. Step 3 of the migration saves the one you paste into Flex."));
  }
  return h("div", { class: "card", id: "health-certificates-card" },
    h("h2", {}, "Certificates"),
    h("p", { class: "muted" },
      "Flex trusts one certificate: the one pasted into its SSO settings. Your identity provider signs every sign-in with its own; the two must be the same."),
    h("ul", { class: "health-certs" }, rows.map((row, i) => {
      const pem = (view.metadata_certificates ?? []).find((c) => c.sha256 === row.sha256)?.pem;
      const copy = !row.configured && pem
        ? copyButton({ id: `health-cert-${i}-copy`, label: "Certificate", what: "New IdP certificate", value: pem, profileId: view.profile_id, text: "Copy this certificate" })
        : null;
      return h("li", { class: "health-cert", "data-sha256": row.sha256,
        "data-configured": String(row.configured), "data-signing": String(row.signing), "data-announced": String(row.announced) },
        h("div", { class: "cert-head" }, h("strong", {}, commonName(row.subject)), ...flagBadges(row)),
        h("dl", { class: "facts cert-facts" },
          h("dt", {}, "Valid"), h("dd", {}, `${formatDate(row.not_before)} to ${formatDate(row.not_after)} (${daysLeftText(row.days_left)})`),
          h("dt", {}, "SHA-256 fingerprint"), h("dd", { class: "mono fingerprint" }, row.sha256),
        ),
        copy ? h("div", { class: "actions" }, copy.button, copy.status) : null,
      );
    })),
  );
}

/**
 * The Flex app's signing certificates as the IdP's API lists them (when step 2 connected it):
 * which one signs now, which is next, and which one Flex has.
 */
function idpCertificatesCard(view) {
  const slot = h("div", { id: "health-idp-certificates" });
  const inFlex = new Set((view.report.certificates ?? []).filter((c) => c.configured).map((c) => c.sha256));
  idpCertificates(view.profile_id)
    .then((found) => {
      if (!found || !slot.isConnected) return;
      fill(slot, h("div", { class: "card" },
        h("h2", {}, `Signing certificates in ${found.idp_name}`),
        h("p", { class: "muted" }, `Read from ${found.idp_name} for the app “${found.app_label}”.`),
        h("ul", { class: "health-certs plain" }, found.certificates.map((c) => h("li", { class: "health-cert", "data-sha256": c.sha256_fingerprint, "data-signs-now": String(c.signs_now) },
          h("div", { class: "cert-head" }, h("strong", {}, commonName(c.subject)),
            c.signs_now ? h("span", { class: "badge info" }, `${found.idp_name} signs with this one`) : h("span", { class: "badge" }, "Not signing yet"),
            inFlex.has(c.sha256_fingerprint) ? h("span", { class: "badge info" }, "Flex has this one") : null),
          h("dl", { class: "facts cert-facts" },
            h("dt", {}, "Valid"), h("dd", {}, `${formatDate(c.not_before)} to ${formatDate(c.not_after)}`),
            h("dt", {}, "SHA-256 fingerprint"), h("dd", { class: "mono fingerprint" }, c.sha256_fingerprint)))))));
    })
    .catch((error) => { if (slot.isConnected) fill(slot, errorBox(error, SCREEN)); });
  return slot;
}

/**
 * The IdP's API, connected from here as from step 2: the Flex app read again beside what Flex
 * needs (after the switch, a check that nobody changed it back). Shown for IdPs with an API.
 */
function idpConnectionSlot(profileId, reload) {
  const slot = h("div", { id: "health-idp-api" });
  Promise.all([migrationGet(profileId), idpCatalog()])
    .then(([migration, catalog]) => {
      const entry = catalog.idps.find((e) => e.id === migration.idp_id);
      if (!entry || !slot.isConnected) return;
      fill(slot, idpApiCard({ profileId, idpId: entry.id, idpName: entry.display_name, hasValues: Boolean(migration.new_values), onTicked: reload }));
    })
    .catch((error) => { if (slot.isConnected) fill(slot, errorBox(error, SCREEN)); });
  return slot;
}

/** The rotation walk-through: the order of steps so no agent is locked out, each with its check. */
function rotationCard(view) {
  const rotation = view.report.rotation;
  if (!rotation) return null;
  return h("div", { class: "card", id: "health-rotation" },
    h("h2", {}, "Changing to the new certificate"),
    h("p", { id: "health-rotation-today" }, rotation.signs_today_text),
    (rotation.idp_does ?? []).map((f) => h("p", { class: "muted health-rotation-idp" }, f.text,
      f.inferred ? ` (${f.inferred})` : "", f.page_title ? ` Source: ${f.page_title}, checked ${f.checked}.` : "")),
    h("p", { class: "result warn" }, rotation.gap_warning),
    h("ol", { class: "health-steps" }, (rotation.steps ?? []).map((step) =>
      h("li", { "data-done": String(step.done) }, h("p", {}, h("strong", {}, step.title), " ", step.action),
        step.check ? h("p", { class: "muted" }, `Check: ${step.check}`) : null))),
  );
}

/** The configured certificate's expiry, the warnings, and the calendar file for whoever acts. */
function expiryCard(view, status) {
  const expiry = view.report.expiry;
  if (!expiry) return null;
  const level = expiry.level;
  const cls = level === "none" ? "ok" : level === "expired" || level === "7_days" ? "problem" : "warn";
  const save = h("button", { type: "button", class: "secondary", id: "health-reminders-save" }, "Save calendar reminders…");
  save.addEventListener("click", async () => {
    save.disabled = true;
    try {
      const saved = await healthRemindersSave(view.profile_id);
      if (saved) {
        status.replaceChildren(h("p", { class: "result ok", id: "health-reminders-saved" }, `Saved ${saved.file_name}. Open it to add the reminders to a calendar, or send it to whoever changes the certificate.`));
        announce(`Saved ${saved.file_name}`);
      }
    } catch (error) {
      status.replaceChildren(errorBox(error, SCREEN));
    } finally {
      save.disabled = false;
    }
  });
  return h("div", { class: "card", id: "health-expiry", "data-level": level, "data-days-left": String(expiry.days_left) },
    h("h2", {}, "Expiry of the certificate in Flex"),
    h("p", { class: `days-left ${cls}` }, `Valid until ${formatDate(expiry.not_after)}: ${daysLeftText(expiry.days_left)}.`),
    h("p", { class: "muted" },
      "The app warns 60, 30 and 7 days before, here, on the home screen and with a system notification (at most once a day). ",
      "The calendar file holds the same reminders, for the people who must act."),
    h("div", { class: "actions" }, save),
  );
}

/** "I pasted a new certificate into Flex": the app cannot read Flex's setting, so it is told. */
function configuredCard(view, reload) {
  const message = h("div", { id: "health-configured-message", role: "status" });
  const area = h("textarea", { id: "health-configured-text", rows: 6, spellcheck: "false", class: "mono",
    "aria-describedby": "health-configured-help health-configured-message", placeholder: "-----BEGIN CERTIFICATE-----" });
  const save = h("button", { type: "button", class: "primary", id: "health-configured-save" }, "Save as the certificate in Flex");
  save.addEventListener("click", async () => {
    save.disabled = true;
    try {
      await healthConfiguredSet(view.profile_id, area.value);
      area.value = "";
      announce("Saved. Checking again.");
      reload(false);
    } catch (error) {
      message.replaceChildren(errorBox(error, SCREEN));
      save.disabled = false;
    }
  });
  return h("details", { class: "card", id: "health-configured" },
    h("summary", {}, "I pasted a new certificate into Flex"),
    h("p", { id: "health-configured-help" },
      `The app cannot read Flex's settings. After you paste a certificate into ${consoleSsoPath()} (X.509 certificate), paste the same certificate here `,
      "so the check compares with what Flex has now. Then run a test login below to prove it."),
    h("label", { for: "health-configured-text" }, "The certificate now in Flex"),
    area,
    h("div", { class: "actions" }, save),
    message,
  );
}

/** Where the IdP's metadata is, when the migration did not save an address. */
function metadataUrlCard(view, reload) {
  const input = h("input", { type: "url", id: "health-metadata-url", spellcheck: "false", autocomplete: "off", value: view.metadata.url ?? "",
    placeholder: "https://…", "aria-describedby": "health-metadata-url-help health-metadata-url-message" });
  const message = h("div", { id: "health-metadata-url-message", role: "status" });
  const save = h("button", { type: "submit", class: view.metadata.url ? "secondary" : "primary", id: "health-metadata-url-save" }, "Save and read it");
  const form = h("form", { class: view.metadata.url ? "" : "card", id: "health-metadata-url-form", novalidate: true },
    h("label", { for: "health-metadata-url" }, "Your identity provider's metadata address"),
    h("p", { class: "muted", id: "health-metadata-url-help" },
      "The address of the SAML metadata of the Flex app in your identity provider (often called \"Metadata URL\" or \"App Federation Metadata Url\")."),
    input, h("div", { class: "actions" }, save), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      await healthMetadataUrlSet(view.profile_id, input.value);
      reload(true);
    } catch (error) {
      message.replaceChildren(errorBox(error, SCREEN));
      save.disabled = false;
    }
  });
  return view.metadata.url
    ? h("details", { class: "card", id: "health-metadata-url-details" }, h("summary", {}, "Change the metadata address"), form)
    : form;
}

export function render(container, go, params) {
  const profileId = params.profileId;
  const body = h("div", { id: "health-body" }, progressLine("Checking the certificates…"));
  const status = h("div", { id: "health-status", role: "status" });
  // One check at a time: a second click waits for the first answer instead of racing it.
  let running = Promise.resolve();
  const load = (readAgain) => {
    running = running.then(async () => {
      body.setAttribute("aria-busy", "true");
      try {
        const view = await healthCheck(profileId, readAgain);
        // The admin moved on meanwhile: this page is no longer shown.
        if (!body.isConnected) return;
        fill(body,
          h("p", { class: "muted" }, `Account: ${view.profile_name}`),
          summaryCard(view, () => load(true)),
          certificatesCard(view),
          idpCertificatesCard(view),
          idpConnectionSlot(profileId, () => load(false)),
          rotationCard(view),
          expiryCard(view, status),
          status,
          metadataUrlCard(view, load),
          configuredCard(view, load),
        );
        body.dataset.status = view.report.status;
        body.dataset.checkedAt = view.checked_at;
      } catch (error) {
        fill(body, errorBox(error, SCREEN));
      } finally {
        body.removeAttribute("aria-busy");
      }
    });
    return running;
  };
  container.append(
    h("section", { class: "health", "aria-labelledby": "health-title" },
      h("h1", { id: "health-title" }, "Single sign-on health"),
      h("p", { class: "lead" },
        "Checks that the certificate Flex trusts still matches what your identity provider signs with, warns before it ",
        "expires, and proves that every kind of Flex user can still sign in."),
      body,
      // The role checklist is mounted here.
      h("div", { id: "health-roles" }, roleChecklist({ profileId })),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", id: "health-home", onclick: () => go("home") }, "Back to your accounts")),
    ),
  );
  load(false);
}
