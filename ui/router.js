// Which screen is shown. Each screen module exports `render(container, go)`; `go(name)` moves on.
import * as welcome from "./screens/welcome.js";

const screens = { welcome };

export function showScreen(name, params = {}) {
  const screen = screens[name];
  const container = document.getElementById("screen");
  container.replaceChildren();
  container.dataset.screen = name;
  screen.render(container, showScreen, params);
  // Move focus to the new screen so keyboard and screen-reader users start at its top.
  container.focus({ preventScroll: false });
}
