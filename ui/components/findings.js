// Findings as cards, errors first: what is wrong, what was expected against what arrived, the fix.
import { h } from "../dom.js";

const ORDER = { error: 0, warning: 1, info: 2 };
const BADGE = { error: "Must fix", warning: "Check", info: "Note" };

export function findingCards(findings) {
  const sorted = [...findings].sort((a, b) => (ORDER[a.severity] ?? 3) - (ORDER[b.severity] ?? 3));
  if (sorted.length === 0) {
    return h("p", { class: "result ok" }, "No problems found.");
  }
  return h("ul", { class: "findings" },
    sorted.map((f) =>
      h("li", { class: `finding ${f.severity}`, "data-code": f.code },
        h("div", { class: "finding-head" },
          h("span", { class: `badge ${f.severity}` }, BADGE[f.severity] ?? f.severity),
          h("strong", {}, f.title)),
        f.detail ? h("p", { class: "finding-detail" }, f.detail) : null,
        f.fix ? h("p", { class: "finding-fix" }, h("strong", {}, "What to do: "), f.fix) : null,
      )),
  );
}
