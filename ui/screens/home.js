// The first screen: what the app is for, what the admin will need, and where to start.
import { keyringCheck, logUiError } from "../backend.js";
import { h } from "../dom.js";

export function render(container) {
  const result = h("div", { id: "keyring-result", class: "result", role: "status", "aria-live": "polite" });
  const checkButton = h("button", { id: "keyring-check", class: "secondary", type: "button" }, "Check secure storage");
  checkButton.addEventListener("click", async () => {
    checkButton.disabled = true;
    result.className = "result";
    result.textContent = "Checking…";
    try {
      const check = await keyringCheck();
      result.className = check.read_back && check.deleted ? "result ok" : "result problem";
      result.dataset.state = check.read_back && check.deleted ? "ok" : "problem";
      result.textContent = check.message;
    } catch (error) {
      result.className = "result problem";
      result.dataset.state = "error";
      result.dataset.code = error.code ?? "";
      result.textContent = error.message;
      logUiError(error.code ?? "unknown", error.message, "welcome");
    } finally {
      checkButton.disabled = false;
    }
  });

  container.append(
    h("section", { class: "welcome" },
      h("h1", {}, "Move Flex single sign-on to the new connection"),
      h("p", { class: "lead" },
        "Flex SSO Migrator takes you step by step from Twilio Flex's legacy SAML single sign-on (SSO) to Twilio's new ",
        "OAuth 2.0 connection: it prepares every value for your identity provider, checks each step, and proves the ",
        "result with a real login in a private window."),
      h("div", { class: "card" },
        h("h2", {}, "What you will need"),
        h("ul", { class: "checklist" },
          h("li", {}, "Access to the Twilio Console as a Flex administrator."),
          h("li", {}, "Your Twilio Account SID with its Auth Token, or an API key and its secret."),
          h("li", {},
            "Someone who can change settings in your identity provider (IdP): the service your agents sign in with, ",
            "such as Okta, Microsoft Entra ID (Azure AD), Google, Salesforce or Auth0."),
          h("li", {}, "A Flex user account in that identity provider, to test the login at the end."),
        ),
      ),
      h("div", { class: "card" },
        h("h2", {}, "Secure storage"),
        h("p", {},
          "Your Twilio credentials are kept only in this computer's secure storage (the system keyring), never in a file. ",
          "You can check that it works before you start."),
        h("div", { class: "actions" }, checkButton),
        result,
      ),
    ),
  );
}
