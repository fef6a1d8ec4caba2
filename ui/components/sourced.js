// One fact of the IdP catalog as the admin reads it: the text, what another of Twilio's pages
// says where they disagree, and, for a fact no page states outright, why (so nothing unconfirmed
// ever reads as a rule).
import { h } from "../dom.js";
import { source } from "../facts.js";

/** The other page's words, in brackets after the fact: "(Twilio's migration guide calls it …)". */
function alsoSaid(also) {
  if (!also) return null;
  const page = source(also.source.page);
  return h("span", { class: "also-said" }, ` (${page ? page.title : "another page"} says: “${also.text}”)`);
}

/** Why a fact is not confirmed, set apart so it is never mistaken for part of the instruction. */
export function inferredNote(reason) {
  return reason ? h("span", { class: "inferred-note" }, h("strong", {}, " Not confirmed by Twilio: "), reason) : null;
}

/** The fact's text with its caveats, as inline content (for a list item or a paragraph). */
export function sourcedText(sourced, prefix = null) {
  return [prefix ? h("strong", {}, `${prefix}: `) : null, sourced.text, alsoSaid(sourced.also), inferredNote(sourced.source.inferred)];
}

/** A list item for a catalog fact. */
export const sourcedItem = (sourced, prefix = null) =>
  h("li", { "data-inferred": sourced.source.inferred ? "true" : null }, ...sourcedText(sourced, prefix));
