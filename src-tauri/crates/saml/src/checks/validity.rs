//! Time: the assertion's validity window against the injected current time, and the IdP
//! session length (FLEX-SSO-FACTS §5: SessionNotOnOrAfter, if set, more than one hour away;
//! 8-10 hours recommended; §7: logouts within the hour = short IdP session).

use roxmltree::Node;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::finding::{Finding, FindingCode, Severity};
use crate::xml::{child, children, NS_SAML};

use super::Ctx;

/// [inferred] How far ahead a NotBefore may be and still read as clock skew between machines
/// rather than a misconfiguration. No source gives Flex's tolerance.
const CLOCK_SKEW: Duration = Duration::minutes(5);
/// FLEX-SSO-FACTS §5.
const MIN_SESSION: Duration = Duration::hours(1);

pub(crate) fn check(ctx: &mut Ctx<'_, '_>) {
    let Some(assertion) = ctx.assertion else { return };
    ctx.checked.validity = true;
    let now = ctx.exp.now;
    let conditions = child(assertion, NS_SAML, "Conditions");

    if let Some((node, not_before)) = time_attr(ctx, conditions, "NotBefore") {
        if now < not_before {
            let ahead = not_before - now;
            let skew = ahead <= CLOCK_SKEW;
            let mut detail = format!("The assertion is valid from {} but it is now {} ({} earlier).", show(not_before), show(now), span(ahead));
            let fix = if skew {
                detail.push_str(" A gap this small usually means the clocks of this computer and of the identity provider differ.");
                "Check that this computer's clock (and the identity provider's, if you run it yourself) is set automatically from the network, then sign in again.".to_owned()
            } else {
                format!("Check the clock of this computer and of {}; if both are right, capture a fresh response.", ctx.wording.idp())
            };
            ctx.add(Finding::error(FindingCode::AssertionNotYetValid, "The assertion is not valid yet.", detail, fix), Some(node));
        }
    }

    let confirmation = child(assertion, NS_SAML, "Subject")
        .into_iter()
        .flat_map(|s| children(s, NS_SAML, "SubjectConfirmation"))
        .filter_map(|c| child(c, NS_SAML, "SubjectConfirmationData"))
        .next();
    let ends = [time_attr(ctx, conditions, "NotOnOrAfter"), time_attr(ctx, confirmation, "NotOnOrAfter")];
    if let Some((node, until)) = ends.into_iter().flatten().filter(|(_, t)| now >= *t).min_by_key(|(_, t)| *t) {
        let detail = format!("The assertion was valid until {}; it is now {} ({} later).", show(until), show(now), span(now - until));
        let finding = if ctx.exp.replayed {
            // A response pasted from an earlier sign-in has nearly always expired by now.
            crate::finding::Finding::new(
                FindingCode::AssertionExpired,
                crate::finding::Severity::Info,
                "This response has expired since its sign-in, as a pasted response nearly always has.",
                detail,
                format!("Nothing to fix for that alone. To check the time limits too, check a fresh response right after signing in (step 4's login check does). If it was fresh, check the clocks of this computer and of {}.", ctx.wording.idp()),
            )
        } else {
            Finding::error(
                FindingCode::AssertionExpired,
                "The assertion has expired.",
                detail,
                format!("If you pasted a response from an earlier sign-in, that is expected: sign in again and check the new response right away. If it is fresh, check the clocks of this computer and of {}.", ctx.wording.idp()),
            )
        };
        ctx.add(finding, Some(node));
    }

    let authn = child(assertion, NS_SAML, "AuthnStatement");
    if let Some((node, session_end)) = time_attr(ctx, authn, "SessionNotOnOrAfter") {
        // The session length counts from the sign-in: the assertion's IssueInstant (or the
        // AuthnInstant), not from now, so an older pasted response is judged fairly.
        let start = time_attr(ctx, Some(assertion), "IssueInstant")
            .or_else(|| time_attr(ctx, authn, "AuthnInstant"))
            .map_or(now, |(_, t)| t);
        let length = session_end - start;
        if length <= MIN_SESSION {
            ctx.add(
                Finding::error(
                    FindingCode::SessionTooShort,
                    "The identity provider ends the session within an hour.",
                    format!("SessionNotOnOrAfter is {}, {} after the sign-in at {}. Flex needs more than one hour; users would be logged out within the hour.", show(session_end), span(length), show(start)),
                    format!("In {}, set the session length (lifetime) of the Flex application to 8-10 hours, or remove the limit. Save, and sign in again.", ctx.wording.idp()),
                ),
                Some(node),
            );
        }
    }
}

/// Reads a time attribute; an unreadable one is reported (as a warning) and skipped.
fn time_attr<'a, 'i>(ctx: &mut Ctx<'_, '_>, node: Option<Node<'a, 'i>>, name: &str) -> Option<(Node<'a, 'i>, OffsetDateTime)> {
    let node = node?;
    let raw = node.attribute(name)?;
    match OffsetDateTime::parse(raw.trim(), &Rfc3339) {
        Ok(t) => Some((node, t)),
        Err(_) => {
            ctx.add(
                Finding::new(
                    FindingCode::InputInvalid,
                    Severity::Warning,
                    format!("The time in {name} could not be read."),
                    format!("\"{raw}\" is not a date and time in the form SAML uses (for example 2026-01-31T09:30:00Z), so it was not checked."),
                    "If Flex rejects the sign-in, check the identity provider's time settings.",
                ),
                Some(node),
            );
            None
        }
    }
}

fn show(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// "3 minutes 20 seconds", "2 hours 5 minutes", "45 seconds".
fn span(d: Duration) -> String {
    let secs = d.whole_seconds().unsigned_abs();
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let unit = |n: u64, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    match (h, m, s) {
        (0, 0, s) => unit(s, "second"),
        (0, m, 0) => unit(m, "minute"),
        (0, m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
        (h, 0, _) => unit(h, "hour"),
        (h, m, _) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        let cases = [(45, "45 seconds"), (60, "1 minute"), (200, "3 minutes 20 seconds"), (3600, "1 hour"), (7500, "2 hours 5 minutes"), (-90, "1 minute 30 seconds")];
        for (secs, text) in cases {
            assert_eq!(span(Duration::seconds(secs)), text);
        }
    }
}
