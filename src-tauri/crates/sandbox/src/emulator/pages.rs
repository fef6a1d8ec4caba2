//! The HTML pages the emulator serves. Each carries a machine-readable marker (`id` and `data-*`
//! attributes) so tests and the app's login window can tell the outcome without reading prose.

use super::rejection::Rejection;
use super::validate::SignedInUser;

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{body}</body></html>\n",
        escape(title)
    )
}

/// Twilio-like sign-in error: Twilio's short line, then what it means and how to fix it.
pub fn error_page(rejection: &Rejection) -> String {
    page(
        "Twilio Flex - sign-in failed",
        &format!(
            concat!(
                "<main id=\"flex-login-error\" data-error-code=\"{code}\">",
                "<h1>Sign-in failed</h1>",
                "<p class=\"twilio-message\">{twilio}</p>",
                "<p class=\"explanation\">{explanation}</p>",
                "<p class=\"sandbox-note\">Flex login emulator (sandbox).</p>",
                "</main>"
            ),
            code = rejection.code(),
            twilio = escape(&rejection.twilio_message()),
            explanation = escape(&rejection.to_string()),
        ),
    )
}

/// Where a successful sign-in lands (`https://flex.twilio.com/agent-desktop` in real life).
pub fn agent_desktop(user: &SignedInUser) -> String {
    let roles = user.roles.join(", ");
    let warning = if user.warnings.iter().any(|w| w == "short_session") {
        format!(
            "<p id=\"session-warning\" data-warning=\"short_session\">Your sign-in session ends at {}, less than an hour from now: Flex will sign you out then. Ask the identity provider admin for a session of 8 to 10 hours.</p>",
            escape(user.session_not_on_or_after.as_deref().unwrap_or("?"))
        )
    } else {
        String::new()
    };
    page(
        "Flex agent desktop (sandbox)",
        &format!(
            concat!(
                "<main id=\"flex-agent-desktop\" data-signed-in=\"true\" data-roles=\"{roles}\">",
                "<h1>Flex agent desktop (sandbox)</h1>",
                "<p>Signed in as <span id=\"user-full-name\">{name}</span> ",
                "(<span id=\"user-email\">{email}</span>), roles: <span id=\"user-roles\">{roles}</span>.</p>",
                "{warning}</main>"
            ),
            roles = escape(&roles),
            name = escape(&user.full_name),
            email = escape(&user.email),
            warning = warning,
        ),
    )
}

pub fn not_signed_in() -> String {
    page(
        "Twilio Flex - not signed in",
        "<main id=\"flex-login-error\" data-error-code=\"not_signed_in\"><h1>Not signed in</h1><p>This window has not signed in to Flex. Open the Flex login link and sign in first.</p></main>",
    )
}

pub fn not_found(path: &str) -> String {
    page(
        "Twilio Flex - page not found",
        &format!(
            "<main id=\"flex-login-error\" data-error-code=\"not_found\"><h1>Page not found</h1><p>There is no Flex page at {}. Check the login link: it ends with the account's runtime domain.</p></main>",
            escape(path)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_page_has_the_marker_and_escapes_text() {
        let html = error_page(&Rejection::InvalidRole { value: "<Agent>".into() });
        assert!(html.contains("<title>Twilio Flex - sign-in failed</title>"));
        assert!(html.contains("data-error-code=\"invalid_role\""));
        assert!(html.contains("<p class=\"twilio-message\">SAML response has an invalid role: &lt;Agent&gt;</p>"));
        assert!(!html.contains("<Agent>"));
    }

    #[test]
    fn the_desktop_shows_the_user_and_a_short_session_warning() {
        let user = SignedInUser {
            name_id: "a@x".into(),
            full_name: "Ada & Co".into(),
            email: "a@x".into(),
            roles: vec!["agent".into(), "admin".into()],
            session_not_on_or_after: Some("2026-11-28T04:47:19Z".into()),
            warnings: vec!["short_session".into()],
        };
        let html = agent_desktop(&user);
        assert!(html.contains("<title>Flex agent desktop (sandbox)</title>"));
        assert!(html.contains("<span id=\"user-full-name\">Ada &amp; Co</span>"));
        assert!(html.contains("<span id=\"user-roles\">agent, admin</span>"));
        assert!(html.contains("data-warning=\"short_session\""));
        assert!(html.contains("ends at 2026-11-28T04:47:19Z"));
    }
}
