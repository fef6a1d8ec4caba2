// A temporary screen for the login check (step 4) until the wizard embeds the component: it
// opens the check for the given account, or the first one, with the login link from a fresh
// preflight when the account can run one.
import { preflightRun, profilesList } from "../backend.js";
import { fill, h } from "../dom.js";
import { errorBox, progressLine } from "../components/feedback.js";
import { loginCheck } from "../components/login-check.js";

export function render(container, go, params = {}) {
  const body = h("div", { id: "login-check-screen" }, progressLine("Loading the account…"));
  fill(container,
    h("h1", {}, "Step 4: check a real login"),
    h("p", { class: "lead" }, "Prove that the new single sign-on works: sign in to Flex through your identity provider in a private window, and see each step explained."),
    body);
  (async () => {
    try {
      let profileId = params.profileId ?? null;
      if (!profileId) {
        const list = await profilesList();
        profileId = list.profiles[0]?.id ?? null;
      }
      if (!profileId) {
        fill(body, h("p", { class: "result neutral" }, "Add a Twilio account first (Accounts)."));
        return;
      }
      let loginUrl = null;
      try {
        loginUrl = (await preflightRun(profileId))?.flex?.login_url ?? null;
      } catch (_) {
        // No credentials or no connection: the component asks for the link instead.
      }
      fill(body, loginCheck({ profileId, loginUrl }));
    } catch (error) {
      fill(body, errorBox(error, "login-check"));
    }
  })();
}
