// Starts the UI: reads what the backend says about the app, then shows the first screen.
import { appInfo, firstScreenReady } from "./backend.js";
import { loadFacts } from "./facts.js";
import { currentScreen, showScreen, wireNavigation } from "./router.js";
import { startUpdateNotice } from "./components/update-notice.js";

async function start() {
  // The header's links work from the first moment, before the backend has answered anything.
  wireNavigation();
  try {
    // Every screen quotes Twilio's facts from the backend: fetch them before the first screen.
    await loadFacts();
  } catch (error) {
    console.error(error);
  }
  try {
    const info = await appInfo();
    document.getElementById("app-version").textContent = `version ${info.version}`;
    if (info.sandbox) {
      document.getElementById("sandbox-banner").hidden = false;
      document.body.classList.add("is-sandbox");
    }
  } catch (error) {
    console.error(error);
  }
  // Unless the admin already chose a screen from the header meanwhile.
  if (!document.querySelector("#screen > .page")) showScreen(currentScreen().name);
  // The startup benchmark's mark: the callback of the frame after the first screen's runs once
  // that screen is painted and the page takes input again.
  requestAnimationFrame(() => requestAnimationFrame(firstScreenReady));
  // New versions: asks for consent the first time, then checks at most daily (the backend decides).
  startUpdateNotice(showScreen);
}

start();
