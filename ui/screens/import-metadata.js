// "Import IdP metadata": read the identity provider's metadata (a file, an address or a paste),
// show the three values the Twilio Console asks for with copy buttons, the certificates and what
// is wrong, and, when an account is open, save the confirmed values to it.
import {
  metadataInspectFileAgain,
  metadataInspectText,
  metadataInspectUrl,
  metadataPickFile,
  metadataSave,
  metadataSaved,
} from "../backend.js";
import { certificateCard, formatDate } from "../components/certificate-card.js";
import { fact as factText } from "../facts.js";
import { valueRow } from "../components/copy.js";
import { certificateValue } from "../components/certificate-value.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { findingCards } from "../components/findings.js";
import { announce, h } from "../dom.js";

const SCREEN = "import-metadata";

/** Where each common IdP publishes its metadata: short pointers, the admin's IdP console has the rest. */
const WHERE = [
  ["Okta", "the Flex app's Sign On tab: the \"Identity Provider metadata\" link (copy the link, or open it and save the page)."],
  ["Microsoft Entra ID (Azure AD)", "the Flex app's Single sign-on page, SAML Certificates section: \"App Federation Metadata Url\" or the \"Federation Metadata XML\" download."],
  ["Google Workspace", "Admin console > Apps > Web and mobile apps > your Flex SAML app: \"Download metadata\"."],
  ["AD FS", "the address https://<your AD FS server>/FederationMetadata/2007-06/FederationMetadata.xml."],
  ["Auth0", "the Flex application's Addons > SAML2 Web App > Usage tab: \"Identity Provider Metadata\" (download)."],
  ["Salesforce", "Setup > Identity Provider: \"Download Metadata\"."],
];

const SOURCES = [
  { id: "file", label: "A file on this computer", hint: "An .xml metadata file, or a certificate file (.cer, .crt, .pem) you downloaded from your IdP." },
  { id: "url", label: "A web address (URL)", hint: "The metadata address your IdP shows, starting with https://." },
  { id: "paste", label: "Paste the text", hint: "The metadata XML, or the certificate text alone." },
];

export function render(container, go, params = {}) {
  const profileId = params.profileId ?? null;
  // What the last reading was made from, so choosing another entity reads the same input again.
  let lastInput = null;
  let profileName = null;

  const result = h("section", { id: "metadata-result", class: "metadata-result", "aria-live": "polite", "aria-label": "What the metadata says" });
  const savedNow = h("div", { id: "metadata-saved-now" });

  // Source choice: three radio buttons, each showing its own panel.
  const panels = {};
  const radios = SOURCES.map((source) =>
    h("label", { class: "choice source-choice", for: `source-${source.id}` },
      h("input", { type: "radio", name: "metadata-source", id: `source-${source.id}`, value: source.id, checked: source.id === "file", onchange: () => showPanel(source.id) }),
      h("span", {}, h("strong", {}, source.label), h("span", { class: "muted choice-hint" }, source.hint)),
    ));

  function showPanel(id) {
    for (const [key, panel] of Object.entries(panels)) panel.hidden = key !== id;
  }

  // A file: the native dialog opens on the backend; the page only learns the file's name.
  const fileButton = h("button", { type: "button", class: "primary", id: "metadata-choose-file" }, "Choose a file…");
  const fileName = h("p", { class: "muted", id: "metadata-file-name" });
  fileButton.addEventListener("click", () =>
    read(fileButton, "Waiting for you to choose a file…", async () => {
      const inspected = await metadataPickFile();
      if (inspected) {
        lastInput = { kind: "file" };
        fileName.textContent = `Read from the file ${inspected.file_name ?? ""}.`;
      }
      return inspected;
    }));
  panels.file = h("div", { class: "source-panel", id: "panel-file" },
    h("p", {}, "Choose the metadata file (or certificate file) you downloaded from your IdP's admin console."),
    h("div", { class: "actions" }, fileButton),
    fileName,
  );

  // A web address.
  const urlInput = h("input", { type: "url", id: "metadata-url", autocomplete: "off", spellcheck: "false", placeholder: "https://", "aria-describedby": "metadata-url-help" });
  const urlButton = h("button", { type: "submit", class: "primary", id: "metadata-read-url" }, "Read the metadata");
  const urlForm = h("form", { class: "source-panel", id: "panel-url", hidden: true, novalidate: true },
    h("div", { class: "field" },
      h("label", { for: "metadata-url" }, "Metadata URL"),
      h("p", { class: "help", id: "metadata-url-help" },
        "Must start with https:// so nobody can change the metadata on the way (plain http:// only in the practice sandbox, for its IdP on this computer). ",
        "If the address needs a sign-in, download the file instead."),
      urlInput),
    h("div", { class: "actions" }, urlButton),
  );
  urlForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = urlInput.value.trim();
    if (!url) {
      urlInput.focus();
      showProblem("Enter the metadata address first (it starts with https://).");
      return;
    }
    lastInput = { kind: "url", url };
    read(urlButton, "Downloading the metadata…", () => metadataInspectUrl(url));
  });
  panels.url = urlForm;

  // A paste.
  const textArea = h("textarea", { id: "metadata-text", rows: "9", spellcheck: "false", "aria-describedby": "metadata-text-help" });
  const textButton = h("button", { type: "submit", class: "primary", id: "metadata-read-text" }, "Read the pasted text");
  const textForm = h("form", { class: "source-panel", id: "panel-paste", hidden: true, novalidate: true },
    h("div", { class: "field" },
      h("label", { for: "metadata-text" }, "Metadata XML or certificate"),
      h("p", { class: "help", id: "metadata-text-help" },
        "Paste all of it: metadata starts with <?xml or <EntityDescriptor; a certificate starts with -----BEGIN CERTIFICATE-----. ",
        "Nothing you paste leaves this computer."),
      textArea),
    h("div", { class: "actions" }, textButton),
  );
  textForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textArea.value;
    if (!text.trim()) {
      textArea.focus();
      showProblem("Paste the metadata or the certificate into the box first.");
      return;
    }
    lastInput = { kind: "text", text };
    read(textButton, "Reading…", () => metadataInspectText(text));
  });
  panels.paste = textForm;

  function showProblem(message) {
    result.replaceChildren(h("p", { class: "result problem", role: "alert" }, message));
  }

  /** Runs one reading: disables the button, shows progress, then the report or the error. */
  async function read(button, waiting, job) {
    button.disabled = true;
    result.setAttribute("aria-busy", "true");
    const previous = [...result.childNodes];
    result.replaceChildren(progressLine(waiting));
    try {
      const inspected = await job();
      if (inspected) showReport(inspected);
      else result.replaceChildren(...previous);
    } catch (error) {
      result.replaceChildren(errorBox(error, SCREEN));
    } finally {
      button.disabled = false;
      result.removeAttribute("aria-busy");
    }
  }

  function readEntity(index, select) {
    const job =
      lastInput?.kind === "text" ? () => metadataInspectText(lastInput.text, index)
      : lastInput?.kind === "url" ? () => metadataInspectUrl(lastInput.url, index)
      : () => metadataInspectFileAgain(index);
    read(select, "Reading the entity you chose…", job).then(() => document.getElementById("metadata-entity")?.focus());
  }

  function showReport(inspected) {
    const report = inspected.report;
    const parts = [];
    const usable = report.ok;
    const unreadable = report.input_kind === "unreadable";
    const verdict = unreadable
      ? "Nothing could be read from this input. See below for why and what to do."
      : usable
        ? "Ready: these values can go into the Twilio Console."
        : "Not usable yet: fix the problems marked \"Must fix\" below first.";
    const verdictLine = h("p", { class: `verdict result ${usable ? "ok" : "problem"}`, id: "metadata-verdict", "data-ok": String(usable), tabindex: "-1" }, verdict);
    parts.push(verdictLine);

    if (report.entities > 1) parts.push(entityPicker(report));
    if (!unreadable) parts.push(consoleValues(report));
    if (report.certificates.length > 0) parts.push(certificates(report));

    parts.push(h("div", { class: "card" },
      h("h2", {}, unreadable ? "Why it could not be read" : "What we checked"),
      unreadable ? null : h("p", { class: "muted" }, "Dates, key strength, algorithms, and whether everything Flex needs is there. Problems come first."),
      h("div", { id: "metadata-findings" }, findingCards(report.findings)),
    ));
    if (!unreadable) parts.push(saveCard(report, inspected.source));

    result.replaceChildren(...parts);
    // The results are below the form: bring them into view and start keyboard users there.
    verdictLine.focus({ preventScroll: true });
    verdictLine.scrollIntoView({ block: "start" });
    announce(`${verdict} ${report.findings.length} ${report.findings.length === 1 ? "note" : "notes"} below.`);
  }

  function entityPicker(report) {
    const select = h("select", { id: "metadata-entity", "aria-describedby": "metadata-entity-help" },
      report.entity_ids.map((id, index) =>
        h("option", { value: String(index), selected: index === report.selected_entity }, `${index + 1}. ${id ?? "(no entity ID)"}`)));
    select.addEventListener("change", () => readEntity(Number(select.value), select));
    return h("div", { class: "card entity-picker" },
      h("div", { class: "field" },
        h("label", { for: "metadata-entity" }, `This file describes ${report.entities} identity providers or services; choose yours`),
        h("p", { class: "help", id: "metadata-entity-help" },
          "Each one is named by its entity ID, the address-like name it uses for itself. Choose the identity provider your Flex agents sign in with."),
        select));
  }

  function consoleValues(report) {
    const c = report.console;
    // A value the app calls unusable must not look ready to paste: no Copy until it is fixed.
    const usable = report.ok;
    // A certificate on its own cannot hold the other two values: that is expected, not a problem.
    const missing = (what) => report.input_kind === "certificate"
      ? h("p", { class: "value-missing muted" }, `${what}: not in a certificate. Copy it from your IdP's app for Flex, or read the IdP's metadata instead.`)
      : h("p", { class: "result problem" }, `The metadata does not give the ${what}. See "What we checked" below.`);
    return h("div", { class: "card", id: "console-values" },
      h("h2", {}, "The values for the Twilio Console"),
      h("p", {},
        `In the Twilio Console, open ${factText("console.sso_page")}. In step 3 of the new connection, "${factText("console.step.enter_idp_data")}", `,
        "copy each value below into the field of the same name."),
      usable ? null : h("p", { class: "result problem", id: "console-values-unusable" },
        "Not ready to paste: Copy comes back once the problems marked \"Must fix\" below are solved."),
      c.identity_provider_issuer
        ? valueRow({ id: "value-issuer", label: factText("console.field.idp_issuer"), value: c.identity_provider_issuer, profileId, copy: usable,
          what: factText("console.field.idp_issuer"), hint: "Your IdP's own name for itself (its entity ID). Some IdPs call it Issuer, IdP Entity ID or Microsoft Entra Identifier." })
        : missing(factText("console.field.idp_issuer")),
      c.single_sign_on_url
        ? valueRow({ id: "value-sso-url", label: factText("console.field.sso_url"), value: c.single_sign_on_url, profileId, copy: usable,
          what: factText("console.field.sso_url"), hint: "Where Flex sends your agents to sign in. Some IdPs call it SSO URL or Login URL." })
        : missing(factText("console.field.sso_url")),
      c.x509_certificate
        ? certificateValue({ id: "value-certificate", label: factText("console.field.certificate"), pem: c.x509_certificate, profileId, copy: usable,
          cert: report.certificates.find((cert) => cert.pem === c.x509_certificate) ?? null,
          what: factText("console.field.certificate"), hint: "The public certificate Flex uses to check that a sign-in really comes from your IdP. Copy takes all of it, including the BEGIN and END lines. It is not a secret." })
        : missing("X.509 certificate"),
    );
  }

  function certificates(report) {
    // The one to paste first, then the others in file order.
    const certs = [...report.certificates].sort((a, b) => Number(b.use_for_flex) - Number(a.use_for_flex));
    const intro = certs.length > 1
      ? h("p", { id: "cert-choice-why" },
        `Your IdP lists ${certs.length} signing certificates. That is normal while it changes from an old certificate to a new one, `,
        "but the Console's X.509 field takes only one, and your IdP signs with only one at a time. ",
        "Paste the one marked \"Paste this one into Flex\" (it is also the one in the X.509 certificate box above); ",
        "the note under \"What we checked\" says why we picked it.")
      : h("p", {}, "The certificate your IdP signs sign-ins with, and how long it stays valid. When it runs out, sign-ins stop until the new one is in the Console.");
    return h("div", { class: "card", id: "certificates" },
      h("h2", {}, certs.length > 1 ? "Certificates" : "Certificate"),
      intro,
      h("div", { class: "cert-list" }, certs.map((cert, index) => certificateCard(cert, { index, count: certs.length, id: `cert-${index + 1}` }))),
      h("p", { class: "muted" },
        "Fingerprints identify a certificate. To be sure it is the right one, compare them with the ones your IdP shows (some IdPs call them thumbprints)."),
    );
  }

  function saveCard(report, source) {
    if (!profileId) {
      return h("div", { class: "card", id: "metadata-no-profile" },
        h("h2", {}, "Keep these values"),
        h("p", {},
          "You can copy the values above now. To save them to an account, so the migration uses them in step 3 and to check test logins, ",
          "open the account first and then come back here."),
        h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: () => go("home") }, "Go to Accounts")));
    }
    const name = profileName ?? "this account";
    const status = h("div", { id: "metadata-save-status", role: "status" });
    if (!report.ok) {
      return h("div", { class: "card", id: "metadata-save" },
        h("h2", {}, `Use these values for ${name}`),
        h("p", { class: "muted" }, "These values cannot be saved until the problems marked \"Must fix\" are solved. Fix them in your IdP, then read the metadata again."));
    }
    const chosen = report.certificates.find((c) => c.use_for_flex);
    // The certificate for Flex first, then the others still valid (an IdP may sign with either during a rotation).
    const pems = [chosen, ...report.certificates.filter((c) => c !== chosen && c.days_left >= 0)].filter(Boolean).map((c) => c.pem);
    const values = {
      issuer: report.console.identity_provider_issuer,
      sso_url: report.console.single_sign_on_url,
      certificates: pems,
      source,
      // Kept so the health check can read the same address again after the switch.
      metadata_url: source === "metadata_url" && lastInput?.kind === "url" ? lastInput.url : null,
    };
    const confirmBox = h("div", { class: "confirm-box", id: "metadata-confirm-box", hidden: true, role: "group", "aria-labelledby": "metadata-confirm-title" });
    const useButton = h("button", { type: "button", class: "primary", id: "metadata-confirm" }, `Use these values for ${name}`);
    const saveButton = h("button", { type: "button", class: "primary", id: "metadata-save-button" }, "Yes, save them");
    const cancelButton = h("button", { type: "button", class: "secondary", id: "metadata-cancel" }, "Not now");
    confirmBox.append(
      h("p", { id: "metadata-confirm-title" }, h("strong", {}, `Save these values to ${name}?`)),
      h("dl", { class: "facts" },
        h("dt", {}, factText("console.field.idp_issuer")), h("dd", { class: "mono" }, values.issuer),
        h("dt", {}, factText("console.field.sso_url")), h("dd", { class: "mono" }, values.sso_url),
        h("dt", {}, "X.509 certificate"),
        h("dd", {}, `${chosen.subject}, valid until ${formatDate(chosen.not_after)}`,
          pems.length > 1 ? ` (and ${pems.length - 1} more still valid, kept to recognise sign-ins during a certificate change)` : "")),
      h("p", { class: "muted" }, "The migration uses them in step 3 and to check test logins. If your IdP changes them later, read its metadata again here and save."),
      h("div", { class: "actions" }, saveButton, cancelButton),
    );
    useButton.addEventListener("click", () => {
      confirmBox.hidden = false;
      useButton.hidden = true;
      saveButton.focus();
    });
    cancelButton.addEventListener("click", () => {
      confirmBox.hidden = true;
      useButton.hidden = false;
      useButton.focus();
    });
    saveButton.addEventListener("click", async () => {
      saveButton.disabled = true;
      status.replaceChildren(progressLine("Saving…"));
      try {
        const saved = await metadataSave(profileId, values);
        confirmBox.hidden = true;
        status.replaceChildren(
          h("p", { class: "result ok", id: "metadata-saved", "data-state": "saved" },
            `Saved for ${saved.profile_name}. The migration will use these values in step 3 and to check test logins.`),
          h("div", { class: "actions" }, params.returnTo === "wizard"
            ? h("button", { type: "button", class: "primary", id: "metadata-back", onclick: () => go("wizard", { profileId }) }, "Back to the migration")
            : h("button", { type: "button", class: "secondary", id: "metadata-back", onclick: () => go("home") }, "Back to your accounts")));
        showSavedNow(saved);
        announce(`Saved for ${saved.profile_name}.`);
      } catch (error) {
        status.replaceChildren(errorBox(error, SCREEN));
      } finally {
        saveButton.disabled = false;
      }
    });
    return h("div", { class: "card", id: "metadata-save" },
      h("h2", {}, `Use these values for ${name}`),
      h("p", {}, "Check the values above against your IdP's app for Flex. When they are right, save them to the account."),
      h("div", { class: "actions" }, useButton),
      confirmBox,
      status);
  }

  function showSavedNow(saved) {
    const data = saved?.idp_data;
    if (!data) {
      savedNow.replaceChildren();
      return;
    }
    savedNow.replaceChildren(h("div", { class: "card saved-now" },
      h("h2", {}, `Saved for ${saved.profile_name}`),
      h("dl", { class: "facts" },
        h("dt", {}, factText("console.field.idp_issuer")), h("dd", { class: "mono", id: "saved-issuer" }, data.issuer),
        h("dt", {}, factText("console.field.sso_url")), h("dd", { class: "mono" }, data.sso_url),
        h("dt", {}, "Certificates"), h("dd", {}, String(data.certificates.length)),
        h("dt", {}, "Confirmed on"), h("dd", {}, formatDate(data.confirmed_at))),
      h("p", { class: "muted" }, "Reading new metadata below and saving it replaces these values.")));
  }

  const where = h("details", { class: "where" },
    h("summary", {}, "Where does my IdP publish its metadata?"),
    h("ul", { class: "plain" }, WHERE.map(([idp, text]) => h("li", {}, h("strong", {}, `${idp}: `), text))),
    h("p", { class: "muted" },
      "If your IdP shows only the three values and no metadata, copy them straight into the Console; ",
      "you can still paste its certificate here to check its dates."));

  container.append(
    h("section", { class: "import-metadata" },
      profileId ? h("p", { class: "breadcrumb", id: "metadata-profile" }, "For the account ", h("strong", { id: "metadata-profile-name" }, profileId)) : null,
      h("h1", {}, "Import your identity provider's metadata"),
      h("p", { class: "lead" },
        "To create the new connection, step 3 in the Twilio Console asks for three values from your identity provider (IdP, the service your agents sign in with): ",
        `its ${factText("console.field.idp_issuer")}, its ${factText("console.field.sso_url")} and its ${factText("console.field.certificate")}. `,
        "Most IdPs publish all three in one small file called SAML metadata (SAML is the sign-in standard Flex and your IdP use). ",
        "Give it here: the app picks out the three values, checks them, and shows them ready to copy."),
      where,
      savedNow,
      h("div", { class: "card" },
        h("h2", {}, "Where is your metadata?"),
        h("fieldset", { class: "sources" },
          h("legend", { class: "visually-hidden" }, "Where is your metadata?"),
          radios),
        panels.file, panels.url, panels.paste),
      result,
    ),
  );

  if (profileId) {
    metadataSaved(profileId)
      .then((saved) => {
        profileName = saved.profile_name;
        const label = document.getElementById("metadata-profile-name");
        if (label) label.textContent = saved.profile_name;
        showSavedNow(saved);
      })
      .catch((error) => savedNow.replaceChildren(errorBox(error, SCREEN)));
  }
}
