//! The SCIM filter expressions Okta accepts in `filter=` (`eventType eq "x" and outcome.result eq
//! "FAILURE"`): attribute paths with `eq`, `ne`, `sw`, `co`, `pr`, joined by `and` / `or` (`and`
//! binds tighter). No parentheses; what the emulator cannot read it refuses, as Okta refuses what
//! it cannot.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Text(String),
    Bool(bool),
    Number(f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Sw,
    Co,
    Pr,
}

#[derive(Debug, Clone, PartialEq)]
struct Clause {
    path: String,
    op: Op,
    value: Option<Literal>,
}

/// A parsed filter: any of the groups, each group all of its clauses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter(Vec<Vec<Clause>>);

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next() {
                    Some('\\') => s.extend(chars.next()),
                    Some('"') => break,
                    Some(other) => s.push(other),
                    None => return Err("a quoted value is not closed".to_owned()),
                }
            }
            out.push(Token::Text(s));
        } else if c == '(' || c == ')' || c == '[' || c == ']' {
            return Err(format!("'{c}' is not supported"));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push(Token::Word(word));
        }
    }
    Ok(out)
}

impl Filter {
    /// Parses `text`; `attributes` limits the paths allowed (`None`: any path).
    pub(crate) fn parse(text: &str, attributes: Option<&[&str]>) -> Result<Filter, String> {
        let mut groups = vec![Vec::new()];
        let mut tokens = tokens(text)?.into_iter().peekable();
        loop {
            let Some(Token::Word(path)) = tokens.next() else {
                return Err("an attribute name is expected".to_owned());
            };
            if attributes.is_some_and(|allowed| !allowed.contains(&path.as_str())) {
                return Err(format!("filtering on '{path}' is not supported"));
            }
            let op = match tokens.next() {
                Some(Token::Word(op)) => match op.to_ascii_lowercase().as_str() {
                    "eq" => Op::Eq,
                    "ne" => Op::Ne,
                    "sw" => Op::Sw,
                    "co" => Op::Co,
                    "pr" => Op::Pr,
                    other => return Err(format!("the operator '{other}' is not supported")),
                },
                _ => return Err(format!("an operator is expected after '{path}'")),
            };
            let value = if op == Op::Pr {
                None
            } else {
                Some(match tokens.next() {
                    Some(Token::Text(s)) => Literal::Text(s),
                    Some(Token::Word(w)) if w == "true" || w == "false" => Literal::Bool(w == "true"),
                    Some(Token::Word(w)) => Literal::Number(w.parse().map_err(|_| format!("'{w}' is not a value"))?),
                    None => return Err(format!("a value is expected after '{path}'")),
                })
            };
            groups.last_mut().expect("one group at least").push(Clause { path, op, value });
            match tokens.next() {
                None => break,
                Some(Token::Word(w)) if w.eq_ignore_ascii_case("and") => {}
                Some(Token::Word(w)) if w.eq_ignore_ascii_case("or") => groups.push(Vec::new()),
                Some(_) => return Err("'and' or 'or' is expected between conditions".to_owned()),
            }
        }
        Ok(Filter(groups))
    }

    pub(crate) fn matches(&self, item: &Value) -> bool {
        self.0.iter().any(|group| group.iter().all(|clause| clause.matches(item)))
    }
}

/// The values at a dotted path; arrays on the way are searched element by element (so
/// `target.id` matches any target).
fn values_at<'a>(item: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current = vec![item];
    for part in path.split('.') {
        current = current
            .into_iter()
            .flat_map(|v| match v {
                Value::Array(items) => items.iter().filter_map(|i| i.get(part)).collect::<Vec<_>>(),
                other => other.get(part).into_iter().collect(),
            })
            .collect();
    }
    current.into_iter().flat_map(|v| match v {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        other => vec![other],
    }).collect()
}

impl Clause {
    fn matches(&self, item: &Value) -> bool {
        let found = values_at(item, &self.path);
        let equal = |v: &Value| match (&self.value, v) {
            (Some(Literal::Text(want)), Value::String(have)) => want == have,
            (Some(Literal::Bool(want)), Value::Bool(have)) => want == have,
            (Some(Literal::Number(want)), Value::Number(have)) => have.as_f64() == Some(*want),
            _ => false,
        };
        let text = |v: &Value, test: &dyn Fn(&str, &str) -> bool| match (&self.value, v) {
            (Some(Literal::Text(want)), Value::String(have)) => test(&have.to_lowercase(), &want.to_lowercase()),
            _ => false,
        };
        match self.op {
            Op::Eq => found.into_iter().any(equal),
            Op::Ne => !found.into_iter().any(equal),
            Op::Sw => found.into_iter().any(|v| text(v, &|have, want| have.starts_with(want))),
            Op::Co => found.into_iter().any(|v| text(v, &|have, want| have.contains(want))),
            Op::Pr => found.into_iter().any(|v| !v.is_null()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Value {
        json!({
            "eventType": "user.authentication.sso",
            "outcome": {"result": "FAILURE"},
            "actor": {"alternateId": "agent@example.com"},
            "target": [{"id": "0oa1", "type": "AppInstance"}, {"id": "0ua2", "type": "AppUser"}],
            "settings": {"slo": {"enabled": false}},
        })
    }

    #[test]
    fn conditions_joined_with_and_must_all_hold() {
        let f = Filter::parse(r#"eventType eq "user.authentication.sso" and outcome.result eq "FAILURE""#, None).unwrap();
        assert!(f.matches(&event()));
        let f = Filter::parse(r#"eventType eq "user.authentication.sso" AND outcome.result eq "SUCCESS""#, None).unwrap();
        assert!(!f.matches(&event()));
    }

    #[test]
    fn or_arrays_booleans_and_text_operators() {
        assert!(Filter::parse(r#"target.id eq "0ua2""#, None).unwrap().matches(&event()));
        assert!(!Filter::parse(r#"target.id eq "0ua3""#, None).unwrap().matches(&event()));
        assert!(Filter::parse(r#"actor.alternateId sw "AGENT" or eventType eq "x""#, None).unwrap().matches(&event()));
        assert!(Filter::parse(r#"eventType eq "x" or actor.alternateId co "example""#, None).unwrap().matches(&event()));
        assert!(Filter::parse("settings.slo.enabled eq false", None).unwrap().matches(&event()));
        assert!(!Filter::parse("outcome.reason pr", None).unwrap().matches(&event()));
        assert!(Filter::parse(r#"eventType ne "x""#, None).unwrap().matches(&event()));
        assert!(Filter::parse(r#"actor.alternateId eq "say \"hi\"""#, None).is_ok());
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_a_reason() {
        assert!(Filter::parse(r#"(status eq "ACTIVE")"#, None).unwrap_err().contains("not supported"));
        assert!(Filter::parse(r#"status gt "ACTIVE""#, None).unwrap_err().contains("operator"));
        assert!(Filter::parse(r#"status eq "ACTIVE" name eq "x""#, None).is_err());
        assert!(Filter::parse(r#"status eq "ACTIVE"#, None).is_err());
        assert!(Filter::parse(r#"label eq "x""#, Some(&["name", "status"])).unwrap_err().contains("label"));
        assert!(Filter::parse("", None).is_err());
    }
}
