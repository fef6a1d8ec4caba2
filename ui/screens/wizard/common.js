// Pieces several wizard steps share.
import { appInfo } from "../../backend.js";
import { fill, h } from "../../dom.js";

/** A checkbox for one of the step's confirmations; ticking it is saved at once. */
export function confirmationBox(confirmation, apply) {
  const id = `confirm-${confirmation.item}`;
  const box = h("input", { type: "checkbox", id, checked: confirmation.confirmed });
  box.addEventListener("change", () => apply({ action: "confirm", item: confirmation.item, value: box.checked }));
  return h("div", { class: "choice confirmation" }, box, h("label", { for: id }, confirmation.label));
}

/** The confirmations of the current step, in a group with a legend. */
export function confirmations(view, apply, legend, only) {
  const items = view.confirmations.filter((c) => !only || only.includes(c.item));
  if (!items.length) return null;
  return h("fieldset", { class: "confirmations" }, h("legend", {}, legend), items.map((c) => confirmationBox(c, apply)));
}

/** "In the Twilio Console: …" instructions, set apart so the admin sees which window to use. */
export function consoleSays(...children) {
  return h("div", { class: "console-note" }, h("span", { class: "console-badge" }, "In the Twilio Console"), h("div", {}, ...children));
}

/** A term explained where it first appears. */
export function term(word, explanation) {
  return h("span", { class: "term" }, h("strong", {}, word), ` (${explanation})`);
}

/**
 * Practice mode only: a note with what the real Console or IdP would show at this point, so a
 * newcomer can play both parts. `pick(practice)` returns the note's children, or null.
 */
export function practiceNote(pick) {
  const slot = h("div", { class: "practice-slot" });
  appInfo()
    .then((info) => {
      const children = info.practice ? pick(info.practice) : null;
      if (children) fill(slot, h("div", { class: "practice-note", id: "practice-note" }, h("strong", {}, "Practice sandbox: "), ...children));
    })
    .catch(() => {});
  return slot;
}
