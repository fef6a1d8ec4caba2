// Which connection is in use, said only from what was checked, each statement with its source:
// Twilio's list of SSO connections (read now, on demand again), and the last test login (the
// sign-in request Flex sent to the identity provider names the connection that sent it). Twilio's
// list does not confirm which connection is active, so where it is silent the card says so and
// offers the login check, which can tell.
import { preflightRun } from "../backend.js";
import { fill, h } from "../dom.js";
import { errorBox, progressLine } from "./feedback.js";
import { loginCheck } from "./login-check.js";

const time = () => new Date().toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
const day = (iso) => new Date(iso).toLocaleString(undefined, { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });

/** One statement: a mark (✓, ✗ or –), the words, and where they come from. */
function statement(state, words, source, id) {
  const mark = { yes: "✓", no: "✗", unknown: "–" }[state];
  return h("li", { class: `statement ${state}`, id, "data-state": state },
    h("span", { class: "mark", "aria-hidden": "true" }, mark),
    h("span", {}, words, h("span", { class: "source" }, ` Source: ${source}.`)));
}

/** What Twilio's list says about this migration's new connection. */
function twilioStatement(report, sid) {
  const source = `Twilio's list of SSO connections, read at ${time()}`;
  if (report.sso.state === "unknown") {
    return statement("unknown", "Twilio's list of SSO connections could not be read just now.", source, "status-twilio");
  }
  const ours = report.sso.connections.find((c) => c.connection_name === sid);
  if (!ours) {
    const others = report.sso.connections.map((c) => c.connection_name);
    return statement("no", others.length
      ? `Twilio lists ${others.join(", ")}, not this migration's new connection ${sid ?? ""}.`
      : "Twilio lists no new connection: only the legacy connection exists.", source, "status-twilio");
  }
  if (ours.active === true) return statement("yes", `Twilio lists the new connection ${sid} and says it is active.`, source, "status-twilio");
  if (ours.active === false) return statement("no", `Twilio lists the new connection ${sid} and says it is not active: the legacy connection is in use.`, source, "status-twilio");
  return statement("unknown", `Twilio lists the new connection ${sid}. Its list does not say which connection is active; a test login shows it.`, source, "status-twilio");
}

/** What the last recorded test login showed (the migration's `login_check`), or a live attempt. */
function loginStatement(check, live) {
  const source = "the sign-in request Flex sent to your identity provider during the test login";
  const via = live ? viaOf(live.requested_by) : check?.via ?? null;
  const when = live ? "The test login just now" : check ? `Your last test login (${day(check.at)})` : null;
  if (!when) return statement("unknown", "No test login yet shows which connection Flex uses.", "this app's journal", "status-login");
  if (via === "oauth") return statement("yes", `${when}: Flex used the new connection.`, source, "status-login");
  if (via === "legacy") return statement("no", `${when}: Flex used the legacy connection.`, source, "status-login");
  return statement("unknown", `${when} did not show which connection Flex used.`, source, "status-login");
}

const viaOf = (requestedBy) => requestedBy?.connection === "new" ? "oauth" : requestedBy?.connection === "legacy" ? "legacy" : null;

/**
 * The card. `view` is the migration view (its connection and last login check). The admin can
 * read Twilio again and run a test login from here; the card updates from both.
 */
export function connectionStatus({ view, profileId, title = "Which connection is in use" }) {
  const list = h("ul", { class: "statements", id: "connection-statements", "aria-live": "polite" });
  const twilio = h("li", {}, progressLine("Reading your SSO connections from Twilio…"));
  let live = null;
  let loginUrl = null;
  const drawLogin = () => loginStatement(view.state.login_check, live);
  const draw = (twilioItem) => fill(list, twilioItem, drawLogin());
  const read = async () => {
    again.disabled = true;
    draw(twilio);
    try {
      const report = await preflightRun(profileId);
      loginUrl = report.flex?.login_url ?? null;
      draw(twilioStatement(report, view.state.connection_sid));
    } catch (error) {
      draw(h("li", {}, errorBox(error, "connection-status")));
    } finally {
      again.disabled = false;
    }
  };
  const again = h("button", { type: "button", class: "secondary", id: "status-check-again", onclick: read }, "Check Twilio again");
  const testSlot = h("div", { id: "status-login-check" });
  const test = h("button", { type: "button", class: "secondary", id: "status-test-login",
    onclick: () => {
      test.hidden = true;
      // A login check here is journaled; it shows live which connection Flex uses now.
      fill(testSlot, loginCheck({ profileId, loginUrl, onOutcome: (attempt) => {
        live = attempt;
        read();
      } }));
    } }, "Test a login to see which connection Flex uses");
  read();
  return h("div", { class: "card", id: "connection-status" },
    h("h2", {}, title),
    h("p", { class: "muted" }, "Only what was checked, and where each answer comes from."),
    list,
    h("div", { class: "actions" }, again, test),
    testSlot);
}
