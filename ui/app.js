// Starts the UI: reads what the backend says about the app, then shows the first screen.
import { appInfo, firstScreenReady } from "./backend.js";
import { loadFacts } from "./facts.js";
import { showScreen, wireNavigation } from "./router.js";
import { startingStatus, startUpdateNotice } from "./components/update-notice.js";
import { askEarly as askHomeEarly } from "./screens/home.js";

// The page's clock when its script started: every module has loaded by now.
const scriptStartedMs = performance.now();

async function start() {
  // The header's links work from the first moment, before the backend has answered anything.
  wireNavigation();
  // The first screen is the accounts (home): its own question goes now, with the ones below.
  const accounts = askHomeEarly();
  // The questions at once: every screen quotes Twilio's facts (needed before the first screen),
  // the header shows the version and the sandbox banner, and the line about new versions sits
  // above the screen.
  const [facts, info, updates] = await Promise.allSettled([loadFacts(), appInfo(), startingStatus()]);
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
  // New versions: asks for consent the first time, then checks at most daily (the backend decides).
  // Drawn before the first screen, which it would otherwise push down under the pointer.
  startUpdateNotice(showScreen, updates);
  // Unless the admin already chose a screen from the header meanwhile.
  if (!document.querySelector("#screen > .page")) await showScreen("home", { accounts });
  const renderedMs = performance.now();
  // The startup benchmark's mark: the callback of the frame after the first screen's runs once
  // that screen is painted and the page takes input again.
  requestAnimationFrame(() => requestAnimationFrame(() => firstScreenReady({ scriptStartedMs, answeredMs, renderedMs, paintedMs: performance.now() })));
}

start();
