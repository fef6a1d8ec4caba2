//! The part of OData `$filter` the Graph clients use: clauses joined by `and`, each
//! `property op literal` (`eq`, `ne`, `ge`, `le`, `gt`, `lt`) or `startswith(property,'text')`.
//! Literals: `'text'` (a quote doubled inside), `true`, `false`, `null`, numbers, and unquoted
//! timestamps. Properties may be paths (`status/errorCode`). Anything else is refused, as Graph
//! refuses what it does not support.

use serde_json::Value;

use crate::timefmt;

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Text(String),
    Bool(bool),
    Null,
    Number(f64),
    Time(time::OffsetDateTime),
}

#[derive(Debug, Clone, PartialEq)]
enum Clause {
    Compare { property: String, op: String, literal: Literal },
    StartsWith { property: String, prefix: String },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter {
    clauses: Vec<Clause>,
}

fn literal(text: &str) -> Result<Literal, String> {
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        return Ok(Literal::Text(inner.replace("''", "'")));
    }
    match text {
        "true" => Ok(Literal::Bool(true)),
        "false" => Ok(Literal::Bool(false)),
        "null" => Ok(Literal::Null),
        _ => {
            if let Some(at) = timefmt::parse(text) {
                Ok(Literal::Time(at))
            } else {
                text.parse::<f64>().map(Literal::Number).map_err(|_| format!("Invalid filter clause: '{text}' is not a literal."))
            }
        }
    }
}

/// Splits on ` and ` outside quotes.
fn clauses(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            quoted = !quoted;
        }
        let rest: String = chars[i..].iter().take(5).collect();
        if !quoted && rest.eq_ignore_ascii_case(" and ") {
            parts.push(std::mem::take(&mut current));
            i += 5;
            continue;
        }
        current.push(c);
        i += 1;
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

impl Filter {
    pub(crate) fn parse(text: &str, allowed: &[&str]) -> Result<Filter, String> {
        let check = |property: &str| -> Result<String, String> {
            if allowed.contains(&property) {
                Ok(property.to_owned())
            } else {
                Err(format!("Unsupported or invalid query filter clause specified for property '{property}' of resource."))
            }
        };
        let mut out = Vec::new();
        for clause in clauses(text) {
            if let Some(args) = clause.strip_prefix("startswith(").and_then(|c| c.strip_suffix(')')) {
                let (property, prefix) = args.split_once(',').ok_or("Invalid filter clause: startswith needs two arguments.")?;
                let Literal::Text(prefix) = literal(prefix.trim())? else { return Err("Invalid filter clause: startswith takes a text.".to_owned()) };
                out.push(Clause::StartsWith { property: check(property.trim())?, prefix });
                continue;
            }
            let mut words = clause.splitn(3, ' ');
            let (Some(property), Some(op), Some(value)) = (words.next(), words.next(), words.next()) else {
                return Err(format!("Invalid filter clause: '{clause}'."));
            };
            if !["eq", "ne", "ge", "le", "gt", "lt"].contains(&op) {
                return Err(format!("Invalid filter clause: unknown operator '{op}'."));
            }
            out.push(Clause::Compare { property: check(property)?, op: op.to_owned(), literal: literal(value.trim())? });
        }
        Ok(Filter { clauses: out })
    }

    pub(crate) fn matches(&self, object: &Value) -> bool {
        self.clauses.iter().all(|clause| match clause {
            Clause::StartsWith { property, prefix } => {
                value_at(object, property).and_then(Value::as_str).is_some_and(|v| v.to_lowercase().starts_with(&prefix.to_lowercase()))
            }
            Clause::Compare { property, op, literal } => {
                let found = value_at(object, property).unwrap_or(&Value::Null);
                let ordering = match (found, literal) {
                    (Value::Null, Literal::Null) => Some(std::cmp::Ordering::Equal),
                    (Value::String(s), Literal::Text(t)) => Some(s.to_lowercase().cmp(&t.to_lowercase())),
                    (Value::Bool(b), Literal::Bool(l)) => Some(b.cmp(l)),
                    (Value::Number(n), Literal::Number(l)) => n.as_f64().and_then(|n| n.partial_cmp(l)),
                    (Value::String(s), Literal::Time(t)) => timefmt::parse(s).map(|at| at.cmp(t)),
                    _ => None,
                };
                match (op.as_str(), ordering) {
                    ("ne", None) => true,
                    (_, None) => false,
                    ("eq", Some(o)) => o.is_eq(),
                    ("ne", Some(o)) => o.is_ne(),
                    ("ge", Some(o)) => o.is_ge(),
                    ("le", Some(o)) => o.is_le(),
                    ("gt", Some(o)) => o.is_gt(),
                    (_, Some(o)) => o.is_lt(),
                }
            }
        })
    }
}

fn value_at<'a>(object: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('/').try_fold(object, |v, part| v.get(part))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ALLOWED: &[&str] = &["appId", "createdDateTime", "displayName", "preferredSingleSignOnMode", "status/errorCode"];

    #[test]
    fn the_clauses_the_clients_send_are_read() {
        let f = Filter::parse("appId eq 'a''b' and createdDateTime ge 2026-12-03T06:00:00Z and createdDateTime le 2026-12-03T07:00:00Z", ALLOWED).unwrap();
        assert!(f.matches(&json!({"appId": "a'b", "createdDateTime": "2026-12-03T06:30:00Z"})));
        assert!(!f.matches(&json!({"appId": "a'b", "createdDateTime": "2026-12-03T05:59:59Z"})));
        let s = Filter::parse("startswith(displayName,'twilio and co')", ALLOWED).unwrap();
        assert!(s.matches(&json!({"displayName": "Twilio and Co Flex"})));
        assert!(Filter::parse("preferredSingleSignOnMode eq 'saml'", ALLOWED).unwrap().matches(&json!({"preferredSingleSignOnMode": "saml"})));
        assert!(Filter::parse("status/errorCode ne 0", ALLOWED).unwrap().matches(&json!({"status": {"errorCode": 50011}})));
    }

    #[test]
    fn what_graph_would_refuse_is_refused() {
        assert!(Filter::parse("notes eq 'x'", ALLOWED).is_err());
        assert!(Filter::parse("appId has 'x'", ALLOWED).is_err());
        assert!(Filter::parse("appId eq x", ALLOWED).is_err());
        assert!(Filter::parse("appId", ALLOWED).is_err());
    }
}
