// Step 3 (new connection only): the new IdP application's data for the Console: X.509
// certificate, Identity Provider Issuer and Single Sign-On URL, from the IdP's metadata or typed
// in; for self-hosted Flex also the Trusted domains and the Default redirect URL.
import { checkSelfHosted, idpCatalog, metadataSave, migrationSetSelfHostedUrls } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { valueRow } from "../../components/copy.js";
import { certificateValue } from "../../components/certificate-value.js";
import { errorBox } from "../../components/feedback.js";
import { confirmations, consoleSays, practiceNote, term } from "./common.js";
import { fact, factEntry } from "../../facts.js";
import { inferredNote, sourcedItem } from "../../components/sourced.js";

/** Where the three values are in the admin's identity provider (the catalog's `idp_data`). */
function whereInIdp(idpId) {
  const slot = h("div", { id: "idp-data-where" });
  if (!idpId) return slot;
  idpCatalog()
    .then((catalog) => {
      const entry = catalog.idps.find((e) => e.id === idpId);
      if (!entry) return;
      fill(slot, h("div", { class: "card" },
        h("h2", {}, `Where to find them in ${entry.display_name}`),
        h("ul", {},
          sourcedItem(entry.idp_data.certificate, fact("console.field.certificate")),
          sourcedItem(entry.idp_data.issuer, fact("console.field.idp_issuer")),
          sourcedItem(entry.idp_data.sso_url, fact("console.field.sso_url")))));
    })
    .catch(() => {});
  return slot;
}

/** The three values in the order the Console's form asks for them. */
function savedValues(data, certificates, profileId) {
  return h("div", { class: "card", id: "idp-data-ready" },
    h("h2", {}, "Ready to paste into the Console"),
    certificateValue({ label: fact("console.field.certificate"), pem: data.certificates[0], cert: certificates[0] ?? null, id: "idp-cert",
      what: fact("console.field.certificate"), profileId,
      hint: data.certificates.length > 1 ? "Your IdP publishes more than one signing certificate; this is the one it signs with now." : null }),
    valueRow({ label: fact("console.field.idp_issuer"), value: data.issuer, id: "idp-issuer", what: fact("console.field.idp_issuer"), profileId }),
    valueRow({ label: fact("console.field.sso_url"), value: data.sso_url, id: "idp-sso-url", what: fact("console.field.sso_url"), profileId }),
  );
}

function manualForm(profileId, reload) {
  const input = (id, label, help, tag = "input") => {
    const control = h(tag, { id, spellcheck: "false", autocomplete: "off", type: tag === "input" ? "text" : null });
    return { control, node: h("div", { class: "field" }, h("label", { for: id }, label), h("p", { class: "help" }, help), control) };
  };
  const issuer = input("manual-issuer", fact("console.field.idp_issuer"), "Also called Entity ID or Microsoft Entra Identifier, in your IdP's SAML settings.");
  const sso = input("manual-sso-url", fact("console.field.sso_url"), "Also called SSO URL, Login URL or SAML 2.0 endpoint.");
  const cert = input("manual-cert", fact("console.field.certificate"), "The whole certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.", "textarea");
  const status = h("div", { "aria-live": "polite" });
  const save = h("button", { type: "button", class: "secondary", id: "manual-save" }, "Check and use these values");
  save.addEventListener("click", async () => {
    try {
      await metadataSave(profileId, { issuer: issuer.control.value, sso_url: sso.control.value, certificates: [cert.control.value], source: "manual" });
      await reload();
    } catch (error) {
      fill(status, errorBox(error, "wizard"));
    }
  });
  return h("details", { class: "card", id: "manual-entry" },
    h("summary", {}, "Or type the three values yourself"),
    issuer.node, sso.node, cert.node, h("div", { class: "actions" }, save), status);
}

function selfHostedForm(view, setView, profileId) {
  const saved = view.self_hosted_urls;
  const trusted = h("textarea", { id: "trusted-urls", spellcheck: "false", rows: 3 });
  trusted.value = saved?.trusted_urls.join("\n") ?? "";
  const redirect = h("input", { id: "redirect-url", type: "text", spellcheck: "false", value: saved?.redirect_url ?? "" });
  const problems = h("div", { id: "self-hosted-problems", "aria-live": "polite" });
  const lines = () => trusted.value.split("\n").map((l) => l.trim()).filter(Boolean);
  const live = async () => {
    const found = await checkSelfHosted(lines(), redirect.value.trim());
    fill(problems, found.length
      ? h("ul", { class: "field-error" }, found.map((p) => h("li", { "data-code": p.code }, p.message)))
      : h("p", { class: "field-ok" }, "These addresses follow Flex's rules."));
  };
  trusted.addEventListener("input", live);
  redirect.addEventListener("input", live);
  const save = h("button", { type: "button", class: "secondary", id: "self-hosted-save" }, "Save these addresses");
  save.addEventListener("click", async () => {
    try {
      const result = await migrationSetSelfHostedUrls(profileId, lines(), redirect.value);
      if (result.problems.length) await live();
      else setView(result.view);
    } catch (error) {
      fill(problems, errorBox(error, "wizard"));
    }
  });
  const trustedLabel = fact("console.field.trusted_domains");
  const redirectLabel = fact("console.field.default_redirect_url");
  const otherName = (key) => factEntry(key)?.also ? ` (some of Twilio's pages call it “${factEntry(key).also.text}”)` : "";
  return h("div", { class: "card" },
    h("h2", {}, "Your self-hosted Flex addresses"),
    h("p", {}, "The Console also asks for the addresses where your Flex runs. ", fact("self_hosted.no_wildcards"), " ",
      fact("self_hosted.https"), inferredNote(factEntry("self_hosted.https")?.inferred)),
    h("div", { class: "field" }, h("label", { for: "trusted-urls" }, `${trustedLabel} (one per line)`),
      h("p", { class: "help" }, `Every address your agents open Flex at${otherName("console.field.trusted_domains")}.`), trusted),
    h("div", { class: "field" }, h("label", { for: "redirect-url" }, redirectLabel),
      h("p", { class: "help" }, fact("self_hosted.default_redirect_auto_trusted"), otherName("console.field.default_redirect_url")), redirect),
    problems,
    h("div", { class: "actions" }, save),
    saved ? h("div", {},
      valueRow({ label: trustedLabel, value: saved.trusted_urls.join("\n"), id: "copy-trusted", what: trustedLabel, profileId }),
      valueRow({ label: redirectLabel, value: saved.redirect_url, id: "copy-redirect", what: redirectLabel, profileId })) : null);
}

export function render({ view, apply, reload, setView, go, profileId }) {
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Enter your identity provider's data"),
    h("p", { class: "lead" },
      "The Console now asks for three values from the NEW application in your identity provider. Most identity providers publish them in a ",
      term("metadata", "a small XML file or web address describing the application"), ": the app can read it for you and check its ",
      term("certificate", "the X.509 certificate your IdP signs logins with"), "."),
    consoleSays(h("p", {}, `Step 3 of the ${fact("console.setup_workflow")}: fill in ${fact("console.field.certificate")}, ${fact("console.field.idp_issuer")} and ${fact("console.field.sso_url")}`,
      view.state.self_hosted ? `, and for self-hosted Flex the ${fact("console.field.trusted_domains")} and ${fact("console.field.default_redirect_url")}` : "", ", then click Save.")),
    practiceNote((p) => p.idp_metadata_url && [
      "the practice identity provider publishes its metadata at ", h("code", {}, p.idp_metadata_url),
      ". Read it with the button below (choose \"A web address (URL)\")."]),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", id: "open-import", onclick: () => go("import-metadata", { profileId, returnTo: "wizard" }) },
        view.idp_data ? "Read the metadata again" : "Read your IdP's metadata")),
    view.idp_data ? savedValues(view.idp_data, view.idp_certificates, profileId) : null,
    whereInIdp(view.idp_id),
    manualForm(profileId, reload),
    view.state.self_hosted ? selfHostedForm(view, setView, profileId) : null,
    confirmations(view, apply, "When it is done"),
  );
}
