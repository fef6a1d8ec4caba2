// Self-hosted Flex: the appConfig.oauth snippet, added after the Console setup is saved and before
// the test login. Its redirectUrl (where the self-hosted Flex runs) must be registered in the
// Console's Trusted domains; the app checks that against the list the admin entered there.
import { checkOauthRedirect, migrationSetOauthRedirect, oauthSnippet, preflightRun } from "../../backend.js";
import { fill, h } from "../../dom.js";
import { valueRow } from "../../components/copy.js";
import { errorBox, progressLine } from "../../components/feedback.js";
import { confirmations, consoleSays } from "./common.js";
import { fact, factEntry, ssoPageName } from "../../facts.js";
import { inferredNote } from "../../components/sourced.js";

/** When to add it, what happens the moment it is deployed, and the way back: read before anything. */
function timing() {
  return h("div", { class: "result problem", role: "note", id: "snippet-warning" },
    h("strong", {}, "When to add it. "), fact("self_hosted.oauth_when"), " ",
    h("strong", {}, "The way back: "), fact("self_hosted.oauth_way_back"));
}

/** The Trusted domains and the redirectUrl, checked as the admin types; saved when they agree. */
function redirectForm(view, setView, profileId) {
  const saved = view.self_hosted_urls;
  const trustedLabel = fact("console.field.trusted_domains");
  const trusted = h("textarea", { id: "oauth-trusted-urls", spellcheck: "false", rows: 3 });
  trusted.value = saved?.trusted_urls.join("\n") ?? "";
  const redirect = h("input", { id: "oauth-redirect-url", type: "text", spellcheck: "false",
    value: saved?.oauth_redirect_url ?? saved?.redirect_url ?? "" });
  const problems = h("div", { id: "oauth-redirect-problems", "aria-live": "polite" });
  const lines = () => trusted.value.split("\n").map((l) => l.trim()).filter(Boolean);
  const show = (found) => fill(problems, found.length
    ? h("ul", { class: "field-error" }, found.map((p) => h("li", { "data-code": p.code }, p.message)))
    : h("p", { class: "field-ok", "data-state": "trusted" }, `This address is in your ${trustedLabel}.`));
  const live = async () => show(await checkOauthRedirect(lines(), saved?.redirect_url, redirect.value.trim()));
  trusted.addEventListener("input", live);
  redirect.addEventListener("input", live);
  // A saved pair is checked again as the step is drawn, so its state is visible at once.
  if (trusted.value.trim() && redirect.value.trim()) live();
  const save = h("button", { type: "button", class: "primary", id: "oauth-redirect-save" }, "Check and make the snippet");
  save.addEventListener("click", async () => {
    try {
      const result = await migrationSetOauthRedirect(profileId, lines(), redirect.value);
      if (result.problems.length) show(result.problems);
      // The saved view re-draws this step, which then makes the snippet.
      else setView(result.view);
    } catch (error) {
      fill(problems, errorBox(error, "wizard"));
    }
  });
  return h("div", { class: "card", id: "oauth-redirect" },
    h("h2", {}, "Where your Flex runs"),
    h("div", { class: "field" },
      h("label", { for: "oauth-redirect-url" }, "The address of your self-hosted Flex (appConfig.oauth's redirectUrl)"),
      h("p", { class: "help" }, "Where agents open Flex, for example https://flex.example.com or http://localhost:3000."), redirect),
    h("div", { class: "field" },
      h("label", { for: "oauth-trusted-urls" }, `Your ${trustedLabel}, as the Console shows them (one per line)`),
      h("p", { class: "help" }, fact("self_hosted.redirect_domains_trusted"),
        saved?.redirect_url ? ` Your ${fact("console.field.default_redirect_url")} (${saved.redirect_url}) counts as trusted: the Console adds it by itself.` : "",
        inferredNote(factEntry("self_hosted.redirect_domains_trusted")?.inferred)), trusted),
    problems,
    h("div", { class: "actions" }, save));
}

// The snippet made for each (profile, connection, redirectUrl), so re-drawing the step (every
// tick re-draws it) shows it at once instead of asking Twilio again: a slot that empties and
// fills on every draw moves the buttons below it while the admin (or a test) is clicking them.
const snippets = new Map();

export function render({ view, apply, setView, profileId }) {
  const slot = h("div", { id: "snippet-slot", "aria-live": "polite" });
  const urls = view.self_hosted_urls;
  const showSnippet = (snippet) => fill(slot,
    valueRow({ label: "appConfig.oauth for your Flex configuration (appConfig.js)", value: snippet.code, id: "oauth-snippet", what: "appConfig.oauth snippet", profileId }),
    h("p", { class: "muted" }, "Keep your existing appConfig.sso settings; appConfig.oauth goes next to them."));
  const build = async () => {
    const redirect = view.self_hosted_urls?.oauth_redirect_url;
    if (!redirect) {
      fill(slot, h("p", { class: "muted" }, "Enter where your Flex runs above; the snippet appears here once the address is in your trusted list."));
      return;
    }
    const key = `${profileId}|${view.state.connection_sid}|${redirect}`;
    const made = snippets.get(key);
    if (made) return showSnippet(made);
    fill(slot, progressLine("Reading the connection's client ID from Twilio…"));
    try {
      const report = await preflightRun(profileId);
      const ours = report.sso.connections.find((c) => c.connection_name === view.state.connection_sid);
      if (!ours?.client_id) {
        fill(slot, h("p", { class: "result problem" },
          `Twilio does not list a client ID for the new connection yet. Finish the Console's step 2 (${fact("console.save_and_continue")}), then come back to this step.`));
        return;
      }
      const snippet = await oauthSnippet(view.state.connection_sid, ours.client_id, redirect);
      snippets.set(key, snippet);
      showSnippet(snippet);
    } catch (error) {
      fill(slot, errorBox(error, "wizard"));
    }
  };
  build();
  return h("section", { class: "wizard-step", "aria-labelledby": "step-title" },
    h("h1", { id: "step-title" }, "Self-hosted Flex: add the new SSO settings"),
    h("p", { class: "lead" },
      "Your self-hosted Flex learns about the new connection from three values in its configuration file (appConfig.js): ",
      "the connection, its client ID and the address where it runs. Give the snippet below to the developers who deploy your Flex."),
    timing(),
    consoleSays(h("p", {}, `On the ${ssoPageName()} page (${fact("console.sso_page")}), the ${fact("console.field.trusted_domains")} must hold the address where your Flex runs.`,
      urls?.trusted_urls?.length ? " The list below is the one you entered in step 3." : " Copy that list below, so the app can check it.")),
    redirectForm(view, setView, profileId),
    slot,
    confirmations(view, apply, "When it is deployed"),
  );
}
