import { preferenceSet } from "./backend.js";

// Which screen is shown. Each screen module exports `render(container, go, params)`;
// `go(name, params)` moves to another screen. The header's links reach the tools from anywhere.
import * as home from "./screens/home.js";
import * as signIn from "./screens/sign-in.js";
import * as preflight from "./screens/preflight.js";
import * as importMetadata from "./screens/import-metadata.js";
import * as inspectResponse from "./screens/inspect-response.js";
import * as wizard from "./screens/wizard.js";
import * as sources from "./screens/sources.js";
import * as health from "./screens/health.js";
import * as about from "./screens/about.js";

const screens = {
  home,
  "sign-in": signIn,
  preflight,
  "import-metadata": importMetadata,
  "inspect-response": inspectResponse,
  wizard,
  health,
  sources,
  about,
};

let current = null;

/** The screen shown now and its parameters (for example the profile it is about). */
export const currentScreen = () => current ?? { name: "home", params: {} };

export function showScreen(name, params = {}) {
  const screen = screens[name] ?? screens.home;
  if (params.profileId) preferenceSet("last_profile", params.profileId);
  current = { name, params };
  const container = document.getElementById("screen");
  // Each screen gets a fresh page node: a screen that finishes loading after the admin moved on
  // fills a node that is no longer in the document, never the next screen.
  const page = document.createElement("div");
  page.className = "page";
  container.replaceChildren(page);
  container.dataset.screen = name;
  for (const link of document.querySelectorAll("[data-go]")) {
    if (link.dataset.go === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  screen.render(page, showScreen, params);
  // Move focus to the new screen so keyboard and screen-reader users start at its top.
  container.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

/** Wires the header links: each `[data-go]` element opens its screen, keeping the profile. */
export function wireNavigation() {
  for (const link of document.querySelectorAll("[data-go]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      showScreen(link.dataset.go, { profileId: current?.params.profileId });
    });
  }
}
