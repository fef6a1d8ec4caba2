// Step 3 (new connection only): the new IdP application's data for the Console: X.509
// certificate, Identity Provider Issuer and Single Sign-On URL, from the IdP's metadata or typed
// in; for self-hosted Flex also the Trusted URLs and the Default redirect URL.
import { checkSelfHosted, metadataSave, migrationSetSelfHostedUrls } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { valueRow } from "../../components/copy.js";
import { errorBox } from "../../components/feedback.js";
import { confirmations, consoleSays, practiceNote, term } from "./common.js";

function savedValues(data, profileId) {
  return h("div", { class: "card", id: "idp-data-ready" },
    h("h2", {}, "Ready to paste into the Console"),
    valueRow({ label: "X.509 certificate", value: data.certificates[0], id: "idp-cert", what: "X.509 certificate", profileId,
      hint: data.certificates.length > 1 ? "Your IdP publishes more than one signing certificate; this is the one it signs with now." : null }),
    valueRow({ label: "Identity Provider Issuer", value: data.issuer, id: "idp-issuer", what: "Identity Provider Issuer", profileId }),
    valueRow({ label: "Single Sign-On URL", value: data.sso_url, id: "idp-sso-url", what: "Single Sign-On URL", profileId }),
  );
}

function manualForm(profileId, reload) {
  const input = (id, label, help, tag = "input") => {
    const control = h(tag, { id, spellcheck: "false", autocomplete: "off", type: tag === "input" ? "text" : null });
    return { control, node: h("div", { class: "field" }, h("label", { for: id }, label), h("p", { class: "help" }, help), control) };
  };
  const issuer = input("manual-issuer", "Identity Provider Issuer", "Also called Entity ID or Microsoft Entra Identifier, in your IdP's SAML settings.");
  const sso = input("manual-sso-url", "Single Sign-On URL", "Also called SSO URL, Login URL or SAML 2.0 endpoint.");
  const cert = input("manual-cert", "X.509 certificate", "The whole certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.", "textarea");
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
  return h("div", { class: "card" },
    h("h2", {}, "Your self-hosted Flex addresses"),
    h("p", {}, "The Console also asks for the addresses where your Flex runs. No wildcards (*): list each address in full, with https:// (http:// only on your own computer)."),
    h("div", { class: "field" }, h("label", { for: "trusted-urls" }, "Trusted URLs (one per line)"), trusted),
    h("div", { class: "field" }, h("label", { for: "redirect-url" }, "Default redirect URL"),
      h("p", { class: "help" }, "Where agents land after signing in; it must be one of the Trusted URLs or under one."), redirect),
    problems,
    h("div", { class: "actions" }, save),
    saved ? h("div", {},
      valueRow({ label: "Trusted URLs", value: saved.trusted_urls.join("\n"), id: "copy-trusted", what: "Trusted URLs", profileId }),
      valueRow({ label: "Default redirect URL", value: saved.redirect_url, id: "copy-redirect", what: "Default redirect URL", profileId })) : null);
}

export function render({ view, apply, reload, setView, go, profileId }) {
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Enter your identity provider's data"),
    h("p", { class: "lead" },
      "The Console now asks for three values from the NEW application in your identity provider. Most identity providers publish them in a ",
      term("metadata", "a small XML file or web address describing the application"), ": the app can read it for you and check its ",
      term("certificate", "the X.509 certificate your IdP signs logins with"), "."),
    consoleSays(h("p", {}, "Step 3 of the Single sign-on setup: fill in X.509 certificate, Identity Provider Issuer and Single Sign-On URL",
      view.state.self_hosted ? ", and for self-hosted Flex the Trusted URLs and Default redirect URL" : "", ", then click Save.")),
    practiceNote((p) => p.idp_metadata_url && [
      "the practice identity provider publishes its metadata at ", h("code", {}, p.idp_metadata_url),
      ". Read it with the button below (choose \"A web address (URL)\")."]),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", id: "open-import", onclick: () => go("import-metadata", { profileId, returnTo: "wizard" }) },
        view.idp_data ? "Read the metadata again" : "Read your IdP's metadata")),
    view.idp_data ? savedValues(view.idp_data, profileId) : null,
    manualForm(profileId, reload),
    view.state.self_hosted ? selfHostedForm(view, setView, profileId) : null,
    confirmations(view, apply, "When it is done"),
  );
}
