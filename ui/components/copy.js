// A value the admin copies into another console, with a button that copies exactly that value.
import { copyText } from "../backend.js";
import { announce, h } from "../dom.js";

/**
 * valueRow({ label, value, hint, id }) → a labelled, selectable value and a Copy button that says
 * "Copied" when done (and the journal records which value was copied).
 */
export function valueRow({ label, value, hint, id, what, profileId = null }) {
  const valueId = `${id}-value`;
  const button = h("button", { class: "secondary copy", type: "button", id: `${id}-copy`, "aria-describedby": valueId }, "Copy");
  const status = h("span", { class: "copy-status", "aria-hidden": "true" });
  button.addEventListener("click", async () => {
    try {
      await copyText(what ?? label, value, profileId);
      button.textContent = "Copied";
      status.textContent = "";
      announce(`${label} copied`);
      setTimeout(() => (button.textContent = "Copy"), 2500);
    } catch (error) {
      status.textContent = error.message;
    }
  });
  return h("div", { class: "value-row", id },
    h("div", { class: "value-label" }, label),
    h("div", { class: "value-line" }, h("code", { class: "value", id: valueId, tabindex: "0" }, value), button),
    hint ? h("div", { class: "value-hint" }, hint) : null,
    status,
  );
}
