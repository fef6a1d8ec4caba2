// "Inspect a SAML response": when a Flex login fails, the admin pastes what the identity
// provider sent and the app explains, in plain words, what Flex refuses and what to change.
// Everything is checked on this computer (the backend's flex-sso-saml crate).
import { traceCard } from "../components/share.js";
import { samlExpectations, samlInspect } from "../backend.js";
import { announce, h } from "../dom.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { findingCards } from "../components/findings.js";
import { xmlView } from "../components/xml-view.js";
import { copyButton } from "../components/copy.js";
import { fact as factText } from "../facts.js";

const ORDER = { error: 0, warning: 1, info: 2 };

const INPUT_FORMS = {
  xml: "XML text",
  base64: "base64 text (the way the browser posts it)",
  base64_deflate: "compressed base64 text (from a web address)",
  form_body: "form data or a web address carrying SAMLResponse",
};

const ORIGIN_WORDS = {
  profile: "from this account's migration",
  typed: "as you typed it",
  derived: "worked out from what you typed",
};

export function render(container, go, params = {}) {
  const profileId = params.profileId ?? null;

  const input = h("textarea", {
    id: "saml-input",
    rows: "6",
    spellcheck: "false",
    autocomplete: "off",
    "aria-describedby": "saml-input-help",
    placeholder: "PHNhbWxwOlJlc3BvbnNlIHhtbG5z…  or  <samlp:Response …>",
  });

  // "What Flex expects": filled from the profile, or typed by the admin.
  const entityId = h("input", { type: "text", id: "saml-entity-id", spellcheck: "false", autocomplete: "off", "aria-describedby": "saml-entity-id-help" });
  const acsUrl = h("input", { type: "text", id: "saml-acs-url", spellcheck: "false", autocomplete: "off", "aria-describedby": "saml-acs-url-help" });
  const issuer = h("input", { type: "text", id: "saml-issuer", spellcheck: "false", autocomplete: "off", "aria-describedby": "saml-issuer-help" });
  const certificate = h("textarea", { id: "saml-certificate", rows: "4", spellcheck: "false", autocomplete: "off", "aria-describedby": "saml-certificate-help" });

  const entityField = field("saml-entity-id", "Entity ID Flex expects", entityId,
    "Also called audience or Audience URI. For the new connection it is urn:flex: followed by your connection SID ",
    `(an ID starting with JQ), as the Twilio Console shows in step 2 of the ${factText("console.setup_workflow")}. `,
    "Typing only the connection SID is enough.");
  const acsField = field("saml-acs-url", "ACS URL Flex expects", acsUrl,
    "The Assertion Consumer Service URL: the Flex address your identity provider sends the login to. ",
    "Leave it empty if you typed the new Entity ID or the connection SID above: the app works it out.");
  const issuerField = field("saml-issuer", `${factText("console.field.idp_issuer")} (optional)`, issuer,
    `Who the response should come from: the “${factText("console.field.idp_issuer")}” in Flex's SSO settings. Your identity `,
    "provider shows it as its own Entity ID or Issuer URL (not Flex's). Given, the app checks who sent the response.");
  const certificateField = field("saml-certificate", "Signing certificate (optional)", certificate,
    "The identity provider's X.509 certificate, as entered in Flex's SSO settings: a block of text from ",
    "-----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----. Given, the app proves the response's signatures are genuine. ",
    "During a certificate change, paste both.");
  const optional = h("details", { class: "saml-optional", id: "saml-optional" },
    h("summary", {}, "Also check who sent it and its signatures (optional)"),
    issuerField, certificateField);

  const expectedBox = h("div", { id: "saml-expected", class: "saml-expected" });
  const checkButton = h("button", { id: "saml-check", class: "primary", type: "button" }, "Check the response");
  const formError = h("div", { id: "saml-form-error", class: "result", "aria-live": "assertive" });
  // The live region for results: present (empty) from the start so screen readers follow it.
  const verdictLive = h("div", { id: "saml-live", role: "status", "aria-live": "polite" });
  const results = h("div", { id: "saml-result", class: "saml-result" });

  let known = null; // the backend's ExpectedView for the profile

  function showExpected() {
    expectedBox.replaceChildren();
    const hasEntity = Boolean(known?.entity_id);
    const hasIssuer = Boolean(known?.idp_issuer);
    const hasCerts = (known?.certificates ?? []).length > 0;
    if (known?.profile_id) {
      expectedBox.append(h("p", { class: "help" },
        `Values of the account “${known.profile_name}”` + (known.idp_name ? `, identity provider ${known.idp_name}` : "") + ":"));
      const list = h("dl", { class: "saml-facts", id: "saml-known" });
      if (hasEntity) {
        fact(list, known.entity_id_label ? `Entity ID (in ${known.idp_name}: ${known.entity_id_label})` : "Entity ID", known.entity_id.value, ORIGIN_WORDS[known.entity_id.origin], ENTITY_HINT);
        fact(list, known.acs_url_label ? `ACS URL (in ${known.idp_name}: ${known.acs_url_label})` : "ACS URL", known.acs_url.value, ORIGIN_WORDS[known.acs_url.origin], ACS_HINT);
      }
      if (hasIssuer) fact(list, factText("console.field.idp_issuer"), known.idp_issuer.value, ORIGIN_WORDS[known.idp_issuer.origin]);
      for (const c of known.certificates ?? []) {
        fact(list, "Signing certificate", `${c.subject} (valid until ${c.not_after.slice(0, 10)})`, ORIGIN_WORDS[known.certificates_origin]);
      }
      if (list.childElementCount > 0) expectedBox.append(list);
      const missing = (known.missing ?? []).filter((m) => m.required);
      if (missing.length > 0) {
        expectedBox.append(h("p", { class: "saml-missing", id: "saml-missing" }, missing[0].message));
      }
    } else {
      expectedBox.append(h("p", { class: "help" },
        "No account is open, so type the values Flex expects. Open an account on the Accounts page to use its migration's values instead."));
    }
    if (!hasEntity) expectedBox.append(entityField, acsField);
    if (!hasIssuer || !hasCerts) {
      issuerField.hidden = hasIssuer;
      certificateField.hidden = hasCerts;
      expectedBox.append(optional);
    }
  }

  if (profileId) {
    expectedBox.append(progressLine("Reading this account's values…"));
    samlExpectations(profileId)
      .then((view) => { known = view; showExpected(); })
      .catch((error) => {
        known = null;
        showExpected();
        expectedBox.prepend(errorBox(error, "inspect-response"));
      });
  } else {
    showExpected();
  }

  async function check() {
    formError.replaceChildren();
    formError.className = "result";
    if (input.value.trim() === "") {
      formError.className = "result problem";
      formError.append(h("p", { class: "message" }, "Paste the SAML response first (step 1)."));
      input.focus();
      return;
    }
    checkButton.disabled = true;
    results.replaceChildren(progressLine("Checking the response…"));
    verdictLive.replaceChildren();
    const manual = {
      entity_id: entityId.value,
      acs_url: acsUrl.value,
      idp_issuer: issuer.value,
      certificate_pem: certificate.value,
    };
    try {
      const inspection = await samlInspect(input.value, profileId, manual);
      inspectedInput = input.value;
      inspectedManual = manual;
      showInspection(inspection);
    } catch (error) {
      results.replaceChildren();
      const box = errorBox(error, "inspect-response");
      verdictLive.replaceChildren(box);
      box.scrollIntoView({ block: "nearest" });
    } finally {
      checkButton.disabled = false;
    }
  }
  checkButton.addEventListener("click", check);
  // Ctrl+Enter (Cmd+Enter on a Mac) in the paste box checks right away.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    }
  });

  // Offers to fill in what would let the check go further (issuer, certificate), when it can.
  function addMissingButton(notChecked) {
    const wanted = notChecked.some((c) => c.part === "issuer" || (c.part === "signature_crypto" && (known?.certificates ?? []).length === 0));
    if (!wanted || !optional.isConnected) return null;
    const button = h("button", { type: "button", class: "secondary small", id: "saml-add-missing" },
      "Add the issuer or certificate and check again");
    button.addEventListener("click", () => {
      optional.open = true;
      optional.scrollIntoView({ block: "start" });
      const first = [issuerField, certificateField].find((f) => !f.hidden && f.querySelector("input, textarea").value.trim() === "");
      (first ?? certificateField).querySelector("input, textarea").focus({ preventScroll: true });
    });
    return h("p", { class: "saml-add-missing" }, button);
  }

  // What the trace is made from: the response and values of the last check, not what the
  // fields hold now (the admin may have typed since).
  let inspectedInput = "";
  let inspectedManual = null;

  function showInspection(inspection) {
    const findings = [...inspection.findings].sort((a, b) => (ORDER[a.severity] ?? 3) - (ORDER[b.severity] ?? 3));
    const errors = findings.filter((f) => f.severity === "error").length;
    const warnings = findings.filter((f) => f.severity === "warning").length;
    const pass = inspection.verdict === "pass";
    const notChecked = inspection.coverage.filter((c) => !c.checked);

    const headline = pass ? "Flex should accept this response." : "Flex will refuse this response.";
    const count = pass
      ? (warnings > 0 ? `Nothing Flex refuses, but ${plural(warnings, "point")} to check below.` : "No problems found.")
      : `${plural(errors, "problem")} to fix` + (warnings > 0 ? `, and ${plural(warnings, "point")} to check.` : ".");
    const verdict = h("div", {
      id: "saml-verdict",
      class: `saml-verdict ${pass ? "pass" : "fail"}`,
      "data-verdict": inspection.verdict,
    },
      h("span", { class: "saml-verdict-mark", "aria-hidden": "true" }, pass ? "✓" : "✕"),
      h("div", {},
        h("p", { class: "saml-verdict-title" }, headline),
        h("p", { class: "saml-verdict-count" }, count),
        notChecked.length > 0
          ? h("p", { class: "saml-verdict-caveat" }, `Not everything could be checked: see “What was checked” below.`)
          : null));
    verdictLive.replaceChildren(verdict);
    announce(`${headline} ${count}`);
    // Bring the answer into view and give it focus, so keyboard users continue from there.
    verdict.setAttribute("tabindex", "-1");
    requestAnimationFrame(() => {
      verdict.scrollIntoView({ block: "start" });
      verdict.focus({ preventScroll: true });
    });

    // The XML view first (the findings point into it), placed last on the page.
    const xml = inspection.xml_pretty
      ? xmlView({ id: "saml-xml", text: inspection.xml_pretty, label: "The decoded response, with line numbers" })
      : null;
    for (const f of findings) {
      if (xml && f.location) xml.flag(f.location.line_start, f.location.line_end, f.severity);
    }

    const cards = findingCards(findings);
    // Make each card with a location point into the XML: a button for the keyboard, the card for the mouse.
    const items = cards.querySelectorAll("li.finding");
    // Each check of "What was checked" links to its findings by these ids.
    findings.forEach((f, index) => { if (items[index] && !document.getElementById(`finding-${f.code}`)) items[index].id = `finding-${f.code}`; });
    findings.forEach((f, index) => {
      const item = items[index];
      if (!item || !f.location || !xml) return;
      item.dataset.lineStart = String(f.location.line_start);
      item.dataset.lineEnd = String(f.location.line_end);
      item.classList.add("has-location");
      const lines = f.location.line_start === f.location.line_end
        ? `line ${f.location.line_start}`
        : `lines ${f.location.line_start}–${f.location.line_end}`;
      const show = () => {
        for (const other of items) other.classList.remove("is-selected");
        item.classList.add("is-selected");
        xml.select(f.location.line_start, f.location.line_end, `Showing ${lines}: ${f.title}`);
        announce(`Highlighted ${lines} of the response.`);
      };
      const button = h("button", { type: "button", class: "secondary small show-lines" }, `Show in the response (${lines})`);
      button.addEventListener("click", (event) => { event.stopPropagation(); show(); });
      item.addEventListener("click", (event) => {
        if (event.target.closest("a, button")) return;
        show();
      });
      item.append(h("p", { class: "finding-where" }, button));
    });

    const { button: copySummary, status: copyStatus } = copyButton({
      id: "saml-copy-summary", label: "SAML response check summary", value: inspection.support_text, profileId,
      describedBy: "saml-copy-help", text: "Copy summary for a support ticket", announceText: "Summary copied" });
    copyStatus.id = "saml-copy-status";
    copyStatus.setAttribute("role", "status");

    results.replaceChildren(
      h("section", { class: "card", "aria-labelledby": "saml-findings-title" },
        h("h2", { id: "saml-findings-title" }, errors > 0 ? "What to fix" : findings.length > 0 ? "Points to check" : "Findings"),
        findings.some((f) => f.location) && xml
          ? h("p", { class: "help" }, "Click a finding to see the lines of the response it is about.")
          : null,
        cards),
      h("section", { class: "card", "aria-labelledby": "saml-coverage-title" },
        h("h2", { id: "saml-coverage-title" }, "What was checked"),
        inspection.input_form ? h("p", { class: "help" }, `Read as ${INPUT_FORMS[inspection.input_form] ?? inspection.input_form}.`) : null,
        coverageList(inspection.coverage, addMissingButton(notChecked), findings),
        checkedAgainst(inspection.expected)),
      h("section", { class: "card", "aria-labelledby": "saml-summary-title" },
        h("h2", { id: "saml-summary-title" }, "What the response says"),
        summaryList(inspection.summary)),
      h("section", { class: "card", "aria-labelledby": "saml-support-title" },
        h("h2", { id: "saml-support-title" }, "Ask for help"),
        h("p", { id: "saml-copy-help", class: "help" },
          "Copies the verdict, the findings and the summary above as plain text, to paste into a support ticket. ",
          "It does not include the response itself. It does include the user's ID and details: look it over before you send it."),
        h("div", { class: "actions" }, copySummary, copyStatus)),
      traceCard({ from: "inspected", input: inspectedInput, profile_id: profileId ?? null, manual: inspectedManual }),
      xml
        ? h("section", { class: "card", "aria-labelledby": "saml-xml-title" },
          h("h2", { id: "saml-xml-title" }, "The decoded response"),
          h("p", { class: "help" },
            "What your identity provider sent, decoded and indented. Lines marked on the left are the ones the findings are about."),
          xml.node)
        : null,
    );
  }

  container.append(
    h("section", { class: "inspect-response" },
      h("h1", {}, "Inspect a SAML response"),
      h("p", { class: "lead" },
        "When a Flex login fails, paste here what your identity provider (IdP: the service your agents sign in with, such as ",
        "Okta or Microsoft Entra ID) sent to Flex. That message is called the “SAML response”. The app reads it and says in ",
        "plain words what Flex refuses and what to change. It is checked on this computer only: nothing is sent anywhere."),
      h("details", { class: "card saml-where", id: "saml-where" },
        h("summary", {}, "Where do I find the SAML response?"),
        h("ul", { class: "checklist" },
          h("li", {}, "In the browser: open the developer tools (F12) before signing in, choose the Network tab and tick ",
            "“Preserve log”, sign in to Flex, then pick the POST request to the Flex login address and copy its SAMLResponse form value."),
          h("li", {}, "With a browser extension such as SAML-tracer (Firefox and Chrome): it shows the SAML response of each sign-in."),
          h("li", {}, "In your identity provider's sign-in logs, if it keeps them."))),
      h("div", { class: "card" },
        h("h2", {}, "1. Paste the response"),
        h("div", { class: "field" },
          h("label", { for: "saml-input" }, "SAML response"),
          h("p", { class: "help", id: "saml-input-help" },
            "Paste the SAMLResponse value (a long block of letters and digits), the whole form data or web address that ",
            "carries it, or the decoded XML. Compressed values are accepted too. Ctrl+Enter checks it."),
          input)),
      h("div", { class: "card" },
        h("h2", {}, "2. What Flex expects"),
        expectedBox),
      h("div", { class: "actions" }, checkButton),
      formError,
      verdictLive,
      results,
    ),
  );
}

function field(id, label, control, ...help) {
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    h("p", { class: "help", id: `${id}-help` }, ...help),
    control);
}

function fact(list, label, value, origin, hint) {
  list.append(
    h("dt", {}, label, hint ? h("span", { class: "saml-hint" }, hint) : null),
    h("dd", {}, h("code", {}, value), origin ? h("span", { class: "saml-origin" }, ` (${origin})`) : null));
}

const ENTITY_HINT = "(Flex's name in the login: the response's audience must be exactly this)";
const ACS_HINT = "(the Flex address the response must be sent to)";

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Each check with its result (passed, failed, a point to check, not checked), linked to the findings about it. */
const RESULT = {
  pass: ["✓", "Passed"],
  fail: ["✕", "Failed"],
  warn: ["!", "Check"],
  not_checked: ["–", "Not checked"],
};

function coverageList(coverage, addMissing, findings) {
  const title = (code) => findings.find((f) => f.code === code)?.title ?? code;
  const item = (c) => {
    const [mark, label] = RESULT[c.result] ?? RESULT.not_checked;
    return h("li", { class: `coverage ${c.result}`, "data-part": c.part, "data-result": c.result },
      h("span", { class: "mark", "aria-hidden": "true" }, mark),
      h("span", {},
        h("strong", { class: "coverage-result" }, `${label}: `), c.text,
        c.findings.length
          ? h("span", { class: "coverage-links" }, " See: ", ...c.findings.flatMap((code, i) => [i ? ", " : "",
            h("a", { href: `#finding-${code}`, onclick: (event) => {
              event.preventDefault();
              const card = document.getElementById(`finding-${code}`);
              card?.scrollIntoView({ block: "center" });
              card?.setAttribute("tabindex", "-1");
              card?.focus({ preventScroll: true });
            } }, title(code))]))
          : null));
  };
  const notChecked = coverage.filter((c) => !c.checked);
  const checked = coverage.filter((c) => c.checked);
  return h("div", { class: "saml-coverage" },
    notChecked.length > 0
      ? h("ul", { class: "coverage-list not-checked", id: "saml-not-checked", "aria-label": "Not checked" }, notChecked.map(item))
      : null,
    addMissing,
    h("ul", { class: "coverage-list checked", id: "saml-checked", "aria-label": "Checked" }, checked.map(item)));
}

function checkedAgainst(expected) {
  const list = h("dl", { class: "saml-facts", id: "saml-against" });
  if (expected.entity_id) fact(list, "Entity ID", expected.entity_id.value, ORIGIN_WORDS[expected.entity_id.origin]);
  if (expected.acs_url) fact(list, "ACS URL", expected.acs_url.value, ORIGIN_WORDS[expected.acs_url.origin]);
  if (expected.idp_issuer) fact(list, factText("console.field.idp_issuer"), expected.idp_issuer.value, ORIGIN_WORDS[expected.idp_issuer.origin]);
  for (const c of expected.certificates ?? []) fact(list, "Signing certificate", c.subject, ORIGIN_WORDS[expected.certificates_origin]);
  return h("details", { class: "saml-against" }, h("summary", {}, "Checked against these values"), list);
}

function summaryList(s) {
  if (!s) return h("p", {}, "Nothing could be read.");
  const list = h("dl", { class: "saml-facts", id: "saml-summary", "aria-describedby": "saml-summary-help" });
  const row = (label, hint, value) => {
    if (value === null || value === undefined || value === "") return;
    list.append(h("dt", {}, label, hint ? h("span", { class: "saml-hint" }, hint) : null),
      h("dd", {}, Array.isArray(value) ? value.map((v) => h("code", { class: "saml-value" }, v)) : h("code", {}, value)));
  };
  row("Issuer", "(who sent it)", s.issuer);
  row("Status", "(what the identity provider reported)", s.status_code ? s.status_code.split(":").pop() : null);
  row("Status message", null, s.status_message);
  row("Audience", "(who it is for: must be the Entity ID)", s.audiences.length ? s.audiences : null);
  row("Destination", "(where it was sent: must be the ACS URL)", s.destination);
  row("Recipient", "(the same, inside the assertion)", s.recipient);
  row("NameID", "(the user's ID)", s.name_id);
  row("NameID format", null, s.name_id_format);
  row("Issued at", null, s.issue_instant);
  row("Valid from", null, s.valid_from);
  row("Valid until", null, s.valid_until);
  row("Session ends", "(when Flex must sign the user out)", s.session_ends);
  if (s.assertion_encrypted) row("Assertion", null, "encrypted (Flex cannot read it)");
  const dl = [list];
  if (s.attributes.length > 0) {
    dl.push(h("h3", {}, "Attributes (the user's details)"),
      h("table", { class: "saml-attributes", id: "saml-attributes" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Values"))),
        h("tbody", {}, s.attributes.map((a) =>
          h("tr", {}, h("td", {}, h("code", {}, a.name)), h("td", {}, a.values.map((v) => h("code", { class: "saml-value" }, v))))))));
  } else {
    dl.push(h("p", {}, "The response carries no attributes (user details)."));
  }
  if (s.signatures.length > 0) {
    dl.push(h("h3", {}, "Signatures"),
      h("ul", { class: "saml-signatures" }, s.signatures.map((sig) =>
        h("li", {}, `On the ${sig.signs}: ${algorithm(sig.signature_algorithm)}, ${cryptoWords(sig.crypto)}.`))));
  } else {
    dl.push(h("p", {}, "The response carries no signature."));
  }
  return h("div", {}, h("p", { class: "help", id: "saml-summary-help" }, "Exactly as received. Times are in UTC (the Z at the end)."), dl);
}

function algorithm(uri) {
  const name = uri.split(/[#-]/).pop();
  return name ? name.toUpperCase() : "unknown algorithm";
}

function cryptoWords(crypto) {
  switch (crypto?.result) {
    case "verified": return "genuine (verified with the configured certificate)";
    case "verified_by_untrusted_certificate": return "matches only the certificate inside the response, which proves nothing on its own";
    case "digest_mismatch": return "INVALID: the content was changed after signing";
    case "signature_mismatch": return "INVALID: it does not match the certificate";
    case "not_checked": return `not checked (${crypto.reason})`;
    default: return "not checked";
  }
}
