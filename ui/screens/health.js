// Health: after the switch, one account's SSO as it stands today. At the top one sentence says
// whether anything needs doing; below it the certificates (configured in Flex, in the IdP's
// metadata, seen signing the last login), a rotation walk-through when the IdP announces a new
// certificate, the configured certificate's expiry, and a checklist that proves every Flex role
// can sign in.
import { h } from "../dom.js";
import { roleChecklist } from "../components/role-checklist.js";

export function render(container, go, params) {
  const profileId = params.profileId;
  container.append(
    h("section", { class: "health", "aria-labelledby": "health-title" },
      h("h1", { id: "health-title" }, "Single sign-on health"),
      h("p", { class: "lead" },
        "Checks that the certificate Flex trusts still matches what your identity provider signs with, warns before it ",
        "expires, and proves that every kind of Flex user can still sign in."),
      h("div", { id: "health-certificates" }),
      // The role checklist is mounted here.
      h("div", { id: "health-roles" }, roleChecklist({ profileId })),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", id: "health-home", onclick: () => go("home") }, "Back to your accounts")),
    ),
  );
  void profileId;
}
