// Twilio's facts (Console paths and labels, rules, dates) as the backend holds them, fetched once
// when the app starts. Screens quote them by key, `fact("console.sso_page")`, and never write them
// themselves: the backend's `flex-sso-facts` crate is the one place each is written, with the page
// it comes from and the date that page was checked.
import { factsSheet, openLink } from "./backend.js";
import { h } from "./dom.js";

let facts = new Map();
let sources = new Map();

/** Fetches the sheet (once). Screens are drawn only after this has run. */
export async function loadFacts() {
  if (facts.size) return;
  const sheet = await factsSheet();
  facts = new Map(sheet.facts.map((f) => [f.key, f]));
  sources = new Map(sheet.sources.map((s) => [s.id, s]));
}

/** The fact's text. An unknown key shows as itself in brackets, which a test would catch. */
export const fact = (key) => facts.get(key)?.text ?? `[${key}]`;

/** The whole fact: text, url, source, inferred reason, the other page's words. */
export const factEntry = (key) => facts.get(key) ?? null;

export const allFacts = () => [...facts.values()];
export const allSources = () => [...sources.values()];
export const source = (id) => sources.get(id) ?? null;

/** "Single sign-on (SSO)": the Console page's own name, the last part of its path. */
export const ssoPageName = () => fact("console.sso_page").split(" > ").pop();

/** A day as the admin reads it: 1 December 2026. */
export const dateWords = (iso) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });

/**
 * A button that opens a known page in the system browser. The backend opens it by id (the page
 * can ask for no other address) and answers with the address, shown if no browser opened.
 */
function opener(link, label, id, look = "link") {
  const note = h("span", { class: "muted link-note", role: "status" });
  const button = h("button", { type: "button", class: look, id }, label);
  button.addEventListener("click", async () => {
    try {
      const url = await openLink(link);
      note.textContent = ` Opened in your web browser: ${url}`;
    } catch (error) {
      note.textContent = ` ${error.message}`;
    }
  });
  return h("span", { class: "opener" }, button, note);
}

/** "Source: Twilio's Okta page (checked 1 December 2026)" with the title as a link. */
export function sourceLink(sourceId, { prefix = "Source: ", id = null } = {}) {
  const page = source(sourceId);
  if (!page) return null;
  return h("span", { class: "source-link", "data-source": sourceId },
    prefix, opener({ kind: "source", id: sourceId }, page.title, id), ` (checked ${dateWords(page.checked)})`);
}

/** A real button that opens a source page in the system browser, with the date it was checked. */
export function sourceButton(sourceId, label, id = null) {
  const page = source(sourceId);
  if (!page) return null;
  return h("div", { class: "source-button", "data-source": sourceId },
    opener({ kind: "source", id: sourceId }, label, id, "secondary"),
    h("p", { class: "muted" }, `${page.title}, opens in your web browser (checked ${dateWords(page.checked)}).`));
}

/** A link to the address that belongs to a fact (a Console page), labelled with `label`. */
export const factLink = (key, label, id = null) => opener({ kind: "fact", id: key }, label, id);

/** The Console's SSO page, with the older menu name for Consoles that still show it. */
export function consoleSsoPath() {
  const entry = factEntry("console.sso_page");
  return h("span", { class: "console-path" },
    h("strong", {}, fact("console.sso_page")),
    entry?.also ? ` (older Consoles: ${entry.also.text})` : "");
}
