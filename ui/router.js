import { preferenceSet } from "./backend.js";

// Which screen is shown. Each screen module exports `render(container, go, params)`;
// `go(name, params)` moves to another screen. The header's links reach the tools from anywhere.
// The first screen (home) comes with the page; the others load the first time they are opened,
// so the window does not fetch and compile every screen's code before it can show anything.
import * as home from "./screens/home.js";

const screens = {
  home: () => Promise.resolve(home),
  "sign-in": () => import("./screens/sign-in.js"),
  preflight: () => import("./screens/preflight.js"),
  "import-metadata": () => import("./screens/import-metadata.js"),
  "inspect-response": () => import("./screens/inspect-response.js"),
  wizard: () => import("./screens/wizard.js"),
  health: () => import("./screens/health.js"),
  sources: () => import("./screens/sources.js"),
  about: () => import("./screens/about.js"),
};

// The screen shown now and its parameters: the header's links carry its profile along.
let current = null;

export function showScreen(name, params = {}) {
  const load = screens[name] ?? screens.home;
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
  // Move focus to the new screen so keyboard and screen-reader users start at its top.
  container.focus({ preventScroll: true });
  window.scrollTo(0, 0);
  // Returns once the screen has rendered, including what it waits for before it is complete
  // (a screen's `render` may return a promise): the startup mark waits for the first screen.
  return load().then(
    (screen) => {
      // The admin may have moved on while the code loaded: then `page` is no longer shown.
      if (page.isConnected) return screen.render(page, showScreen, params);
    },
    (error) => {
      console.error(error);
      page.textContent = "This screen could not be loaded. Restart the app; if it happens again, send the log file to support.";
    },
  );
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
