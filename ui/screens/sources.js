// Where the app's instructions come from: every fact about Twilio it states, the page each comes
// from and the day that page was last checked, and what is not confirmed, with why. Reached from
// the header, so an admin (or the IdP admin they work with) can check any instruction at its source.
import { h } from "../dom.js";
import { allFacts, allSources, source, sourceLink } from "../facts.js";
import { inferredNote } from "../components/sourced.js";

const GROUPS = [
  ["console.", "The Twilio Console"],
  ["flex_ui.", "Flex UI"],
  ["migration.", "The migration"],
  ["saml.", "What Flex needs from a sign-in"],
  ["symptom.", "Error messages Twilio shows"],
  ["self_hosted.", "Self-hosted Flex"],
  ["api.", "What the app can read from Twilio"],
];

function factRow(f) {
  return h("tr", { "data-fact": f.key, "data-inferred": f.inferred ? "true" : null },
    h("td", {}, f.text,
      f.also ? h("span", { class: "also-said" }, ` (${source(f.also.source.id)?.title ?? "another page"} says: “${f.also.text}”)`) : null,
      inferredNote(f.inferred)),
    h("td", {}, sourceLink(f.source.id, { prefix: "" })));
}

export function render(container, go) {
  const facts = allFacts();
  const pages = allSources();
  const unconfirmed = facts.filter((f) => f.inferred).length;
  container.append(h("section", { class: "sources" },
    h("h1", {}, "Where these instructions come from"),
    h("p", { class: "lead" },
      `Every Twilio Console path, label and rule this app tells you comes from one of Twilio's public pages; what it says an identity provider does (such as how it changes its signing certificate) comes from that provider's own pages. Each page below was last compared with the app on the date shown. `,
      unconfirmed
        ? `${unconfirmed} of the ${facts.length} facts are not stated outright by Twilio: they are marked, with the reason.`
        : `All ${facts.length} facts are stated by Twilio's pages.`),
    h("p", {}, "Twilio changes its Console and pages from time to time. If the Console you see differs from what the app says, the Console is right: tell the app's makers, and follow the Console."),
    h("div", { class: "card" },
      h("h2", {}, "The pages"),
      h("ul", { class: "plain", id: "source-pages" }, pages.map((p) =>
        h("li", { "data-source": p.id }, sourceLink(p.id, { prefix: "", id: `open-source-${p.id}` }))))),
    GROUPS.map(([prefix, title]) => {
      const rows = facts.filter((f) => f.key.startsWith(prefix));
      if (!rows.length) return null;
      return h("div", { class: "card" },
        h("h2", {}, title),
        h("table", { class: "facts-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "What the app says"), h("th", { scope: "col" }, "Source"))),
          h("tbody", {}, rows.map(factRow))));
    }),
    h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: () => go("home") }, "Back to accounts")),
  ));
}
