// Injected into the login window's top frame before any page script (Flex SSO Migrator, step 4).
// It hands the app the SAML response a form is about to post, then lets the same POST go on;
// and it tells the app what a loaded page says about itself (title, a short text excerpt, an
// error marker) so known error pages can be recognised. It calls ONE app command; the window's
// capability grants nothing else. Native getters are saved first: a page's fields named
// "action", "elements" or "submit" shadow the form's own properties.
(function () {
  "use strict";
  if (window.top !== window) return;
  const internals = window.__TAURI_INTERNALS__;
  if (!internals || typeof internals.invoke !== "function") return;
  const invoke = internals.invoke.bind(internals);
  const COMMAND = "login_check_capture";
  const WAIT_MS = 4000;

  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const formAction = getter(HTMLFormElement.prototype, "action");
  const formElements = getter(HTMLFormElement.prototype, "elements");
  const nativeSubmit = HTMLFormElement.prototype.submit;
  const inputValue = getter(HTMLInputElement.prototype, "value");
  const textareaValue = getter(HTMLTextAreaElement.prototype, "value");
  const getAttribute = Element.prototype.getAttribute;
  const collectionLength = getter(HTMLCollection.prototype, "length");
  const collectionItem = HTMLCollection.prototype.item;
  const setTimeoutNative = window.setTimeout.bind(window);
  const released = new WeakSet();

  function field(form, wanted) {
    const elements = formElements.call(form);
    const n = collectionLength.call(elements);
    for (let i = 0; i < n; i++) {
      const el = collectionItem.call(elements, i);
      if (getAttribute.call(el, "name") !== wanted) continue;
      if (el instanceof HTMLInputElement) return inputValue.call(el);
      if (el instanceof HTMLTextAreaElement) return textareaValue.call(el);
    }
    return null;
  }

  // Sends the form's SAML response (if it has one) and resolves when the app answered or after
  // WAIT_MS, so a slow app never blocks the login.
  function deliver(form) {
    const samlRequest = field(form, "SAMLRequest");
    if (samlRequest !== null) {
      // Flex's own sign-in request (HTTP-POST binding): the app reads only its Issuer, which says
      // which connection sent it. Nothing waits for the answer.
      invoke(COMMAND, { message: { kind: "authn_request", saml_request: samlRequest, action: formAction.call(form) } }).catch(() => {});
    }
    const samlResponse = field(form, "SAMLResponse");
    if (samlResponse === null) return null;
    const message = {
      kind: "saml_post",
      saml_response: samlResponse,
      relay_state: field(form, "RelayState"),
      action: formAction.call(form),
    };
    const sent = invoke(COMMAND, { message }).catch(() => false);
    const capped = new Promise((resolve) => setTimeoutNative(() => resolve(false), WAIT_MS));
    return Promise.race([sent, capped]);
  }

  // How long the form was held (submit seen → re-submit), for the benchmark's capture_hold_ms.
  // Sent before the re-submit: once the page navigates, a message may no longer get through.
  function reportHold(seenAt) {
    const heldMs = Math.round((performance.now() - seenAt) * 10) / 10;
    invoke(COMMAND, { message: { kind: "hold", held_ms: heldMs } }).catch(() => {});
  }

  function release(form, seenAt) {
    released.add(form);
    reportHold(seenAt);
    // Outside the event dispatch: a submit from inside it would do nothing.
    setTimeoutNative(() => nativeSubmit.call(form), 0);
  }

  // form.submit() from a script fires no submit event: replace it.
  HTMLFormElement.prototype.submit = function submit() {
    if (released.has(this)) return nativeSubmit.call(this);
    const seenAt = performance.now();
    const waiting = deliver(this);
    if (waiting === null) return nativeSubmit.call(this);
    waiting.then(() => release(this, seenAt));
  };

  // A button click, Enter or requestSubmit() fire a submit event: catch it first.
  window.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || released.has(form)) return;
      const seenAt = performance.now();
      const waiting = deliver(form);
      if (waiting === null) return;
      event.preventDefault();
      waiting.then(() => release(form, seenAt));
    },
    true,
  );

  // What the page says about itself, once per page, for recognising error pages.
  function reportPage() {
    try {
      const marked = document.querySelector("[data-error-code]");
      const body = document.body;
      invoke(COMMAND, {
        message: {
          kind: "page",
          title: String(document.title || "").slice(0, 300),
          text: body ? String(body.innerText || "").slice(0, 4000) : "",
          marker: marked ? getAttribute.call(marked, "data-error-code") : null,
        },
      }).catch(() => {});
    } catch (_) {
      // Nothing to report: the app decides from the addresses alone.
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reportPage, { once: true });
  } else {
    reportPage();
  }
})();
