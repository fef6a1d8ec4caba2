// Placeholder: being written.
import { h } from "../dom.js";
export function render(container) {
  container.append(h("h1", {}, "Coming soon"));
}
