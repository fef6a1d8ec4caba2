// Decoded XML shown with line numbers, so a finding can point at (and highlight) its lines.
// Each line is its own node built with h(): nothing from the XML ever becomes markup.
import { h } from "../dom.js";

/**
 * xmlView({ id, text, label }) → { node, flag(start, end, severity), select(start, end) }.
 * `flag` marks the lines behind a finding; `select` highlights one range strongly and scrolls to it.
 */
export function xmlView({ id, text, label }) {
  const lines = text.replace(/\n+$/, "").split("\n");
  const rows = lines.map((line, index) =>
    h("div", { class: "xml-line", "data-line": index + 1 },
      h("span", { class: "xml-ln", "aria-hidden": "true" }, String(index + 1)),
      h("span", { class: "xml-text" }, line === "" ? " " : line)));
  const body = h("div", { class: "xml-lines" }, rows);
  const view = h("div", {
    class: "xml-view",
    id,
    role: "region",
    "aria-label": label,
    tabindex: "0",
  }, body);
  // Says which lines are highlighted and why (a live region, so screen readers hear it too).
  const caption = h("p", { class: "xml-caption", id: `${id}-caption`, "aria-live": "polite" });
  caption.hidden = true;
  const node = h("div", { class: "xml-block" }, caption, view);

  const inRange = (start, end) => rows.slice(Math.max(0, start - 1), Math.min(rows.length, end));

  return {
    node,
    flag(start, end, severity) {
      for (const row of inRange(start, end)) {
        row.classList.add("is-flagged", `flag-${severity}`);
      }
    },
    select(start, end, why) {
      for (const row of rows) row.classList.remove("is-selected");
      const chosen = inRange(start, end);
      for (const row of chosen) row.classList.add("is-selected");
      caption.textContent = why ?? "";
      caption.hidden = !why;
      if (chosen.length > 0) {
        // Scroll inside the view so the lines sit near the top, then bring the block in sight.
        view.scrollTop = Math.max(0, chosen[0].offsetTop - view.clientHeight / 4);
        node.scrollIntoView({ block: "nearest" });
      }
      return chosen.length;
    },
  };
}
