// Small helpers to build DOM nodes without innerHTML (no markup from strings, so nothing the
// backend or a pasted value holds can become HTML).

/** h("button", { class: "primary", onclick: fn }, "Text", child) */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      node.className = value;
    } else if (value === true) {
      node.setAttribute(key, "");
    } else {
      node.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Says something to screen readers through the page's polite live region. */
export function announce(text) {
  const announcer = document.getElementById("announcer");
  announcer.textContent = "";
  // A fresh text node after clearing makes screen readers read it even if it repeats.
  setTimeout(() => (announcer.textContent = text), 20);
}

/** Replaces a node's children, skipping null, undefined and false (which replaceChildren would
 * turn into the text "null"). */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
