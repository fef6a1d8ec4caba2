// A value the admin copies into another console, with a button that copies exactly that value.
import { copyText } from "../backend.js";
import { announce, h } from "../dom.js";

/**
 * copyButton({ id, label, value, what, profileId, describedBy }) → a Copy button that says
 * "Copied" for a moment (keeping its width, so nothing beside it moves) and an error line for
 * when the clipboard refuses. The journal records which value was copied.
 */
export function copyButton({ id, label, value, what, profileId = null, describedBy, text = "Copy", done = "Copied", announceText }) {
  const button = h("button", { class: "secondary copy", type: "button", id, "aria-describedby": describedBy },
    // Both words are always laid out, one hidden, so the button is as wide as the longer one.
    h("span", { class: "copy-word" }, text), h("span", { class: "copy-word", "aria-hidden": "true", hidden: true }, done));
  const [copyWord, copiedWord] = button.children;
  const status = h("span", { class: "copy-status" });
  const show = (copied) => {
    copyWord.hidden = copied;
    copiedWord.hidden = !copied;
    // aria-hidden takes "true" or nothing: toggleAttribute would write aria-hidden="", which
    // is not a valid value (axe-core flags it while the button says "Copied").
    const hide = (node, hidden) => (hidden ? node.setAttribute("aria-hidden", "true") : node.removeAttribute("aria-hidden"));
    hide(copyWord, copied);
    hide(copiedWord, !copied);
  };
  button.addEventListener("click", async () => {
    try {
      await copyText(what ?? label, value, profileId);
      show(true);
      status.textContent = "";
      announce(announceText ?? `${label} copied`);
      setTimeout(() => show(false), 2500);
    } catch (error) {
      status.textContent = error.message;
    }
  });
  return { button, status };
}

/**
 * valueRow({ label, value, hint, id, copy }) → a labelled, selectable value and a Copy button.
 * `copy: false` leaves the button out, with `notCopyable` saying why: a value the app calls
 * unusable must not look ready to paste.
 */
export function valueRow({ label, value, hint, id, what, profileId = null, copy = true, notCopyable = null }) {
  const valueId = `${id}-value`;
  const { button, status } = copy
    ? copyButton({ id: `${id}-copy`, label, value, what, profileId, describedBy: valueId })
    : { button: null, status: null };
  return h("div", { class: "value-row", id },
    h("div", { class: "value-label" }, label),
    h("div", { class: "value-line" }, h("code", { class: "value", id: valueId, tabindex: "0" }, value), button),
    copy || !notCopyable ? null : h("div", { class: "value-not-copyable", id: `${id}-not-copyable` }, notCopyable),
    hint ? h("div", { class: "value-hint" }, hint) : null,
    status,
  );
}
