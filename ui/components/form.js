// Form fields with a label, a line of help, and live validation that says what is wrong.
import { h } from "../dom.js";

/**
 * field({ id, label, help, type, placeholder, autocomplete, validate }) → { node, input, setMessage }
 * `validate(value)` may be async and returns null when fine or a message to show.
 */
export function field({ id, label, help, type = "text", placeholder, autocomplete = "off", validate, value = "" }) {
  const helpId = `${id}-help`;
  const messageId = `${id}-message`;
  const input = h("input", {
    id, type, placeholder, autocomplete, value,
    spellcheck: "false",
    "aria-describedby": `${help ? helpId : ""} ${messageId}`.trim(),
  });
  const message = h("div", { id: messageId, class: "field-message", "aria-live": "polite" });
  const setMessage = (text, ok = false) => {
    message.textContent = text ?? "";
    message.className = text ? (ok ? "field-ok" : "field-error") : "field-message";
    input.setAttribute("aria-invalid", text && !ok ? "true" : "false");
  };
  let seq = 0;
  if (validate) {
    input.addEventListener("input", async () => {
      const mine = ++seq;
      const value = input.value;
      if (value.trim() === "") return setMessage("");
      const problem = await validate(value);
      if (mine === seq) setMessage(problem);
    });
  }
  const node = h("div", { class: "field" },
    h("label", { for: id }, label),
    help ? h("p", { class: "help", id: helpId }, help) : null,
    input,
    message,
  );
  return { node, input, setMessage };
}

/** A group of radio buttons: options = [{ value, label, help }]. */
export function radioGroup({ name, legend, options, value, onChange }) {
  return h("fieldset", {},
    h("legend", {}, legend),
    options.map((option) => {
      const id = `${name}-${option.value}`;
      const input = h("input", { type: "radio", name, id, value: option.value, checked: option.value === value });
      input.addEventListener("change", () => input.checked && onChange?.(option.value));
      return h("div", { class: "choice" },
        input,
        h("label", { for: id }, h("span", {}, option.label), option.help ? h("span", { class: "help" }, ` ${option.help}`) : null));
    }),
  );
}
