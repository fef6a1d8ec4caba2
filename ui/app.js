// Starts the UI: reads what the backend says about the app, then shows the first screen.
import { appInfo, firstScreenReady } from "./backend.js";
import { loadFacts } from "./facts.js";
import { currentScreen, showScreen, wireNavigation } from "./router.js";
import { startUpdateNotice } from "./components/update-notice.js";

// The page's clock when its script started: every module has loaded by now.
const scriptStartedMs = performance.now();

async function start() {
  // The header's links work from the first moment, before the backend has answered anything.
  wireNavigation();
  // Both questions at once: every screen quotes Twilio's facts (needed before the first screen),
  // and the header shows the version and the sandbox banner.
  const [facts, info] = await Promise.allSettled([loadFacts(), appInfo()]);
  const answeredMs = performance.now();
  if (facts.status === "rejected") console.error(facts.reason);
  if (info.status === "fulfilled") {
    document.getElementById("app-version").textContent = `version ${info.value.version}`;
    if (info.value.sandbox) {
      document.getElementById("sandbox-banner").hidden = false;
      document.body.classList.add("is-sandbox");
    }
  } else {
    console.error(info.reason);
  }
  // Unless the admin already chose a screen from the header meanwhile.
  if (!document.querySelector("#screen > .page")) await showScreen(currentScreen().name);
  const renderedMs = performance.now();
  // The startup benchmark's mark: the callback of the frame after the first screen's runs once
  // that screen is painted and the page takes input again.
  requestAnimationFrame(() => requestAnimationFrame(() => firstScreenReady({ scriptStartedMs, answeredMs, renderedMs, paintedMs: performance.now() })));
  // New versions: asks for consent the first time, then checks at most daily (the backend decides).
  startUpdateNotice(showScreen);
}

start();
