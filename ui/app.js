// Starts the UI: reads what the backend says about the app, then shows the first screen.
import { appInfo } from "./backend.js";
import { showScreen, wireNavigation } from "./router.js";

async function start() {
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
  wireNavigation();
  showScreen("home");
}

start();
