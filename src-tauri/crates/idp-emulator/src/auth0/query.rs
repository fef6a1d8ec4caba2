//! The part of Auth0's log search syntax (Lucene query string) the emulator understands:
//! `field:value`, `field:"quoted value"`, `field:prefix*`, `field:[from TO to]` (with `*` for
//! open ends), `AND`, `OR`, `NOT`, parentheses, and bare words (a case-insensitive "starts with"
//! on `client_name`, `connection` and `user_name`, as the excerpt's `search` parameter says).
//! Terms side by side without an operator are read as `AND` [inferred].
//! Anything else is refused, so a client's query that the emulator would misread fails loudly.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Query {
    Exact { field: String, value: String },
    Prefix { field: String, value: String },
    Range { field: String, from: Option<String>, to: Option<String> },
    Word(String),
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
    Not(Box<Query>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Word(String),
    Quoted(String),
    /// `field:` before a value.
    Field(String),
    Range(Option<String>, Option<String>),
}

fn unquote(text: &str) -> String {
    let text = text.trim();
    text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text).to_owned()
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' => i += 1,
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            '"' => {
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("a quote is not closed".to_owned()),
                        Some('\\') => {
                            value.extend(chars.get(i + 1));
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(other) => {
                            value.push(*other);
                            i += 1;
                        }
                    }
                }
                out.push(Token::Quoted(value));
            }
            '[' => {
                let end = chars[i..].iter().position(|c| *c == ']').ok_or("a range is not closed")? + i;
                let inner: String = chars[i + 1..end].iter().collect();
                let (from, to) = inner.split_once(" TO ").ok_or("a range needs FROM TO TO")?;
                let bound = |b: &str| {
                    let b = unquote(b);
                    (b != "*").then_some(b)
                };
                out.push(Token::Range(bound(from), bound(to)));
                i = end + 1;
            }
            _ => {
                let start = i;
                while i < chars.len() && !matches!(chars[i], ' ' | '\t' | '\n' | '(' | ')' | '"' | '[' | ':') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if chars.get(i) == Some(&':') {
                    i += 1;
                    if word.is_empty() {
                        return Err("a ':' without a field name".to_owned());
                    }
                    out.push(Token::Field(word));
                } else if word.is_empty() {
                    return Err(format!("unexpected '{}'", chars[i]));
                } else {
                    out.push(Token::Word(word));
                }
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w == word)
    }

    fn or(&mut self) -> Result<Query, String> {
        let mut left = self.and()?;
        while self.is_word("OR") {
            self.at += 1;
            left = Query::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Query, String> {
        let mut left = self.unary()?;
        loop {
            if self.is_word("AND") {
                self.at += 1;
            } else if self.peek().is_none() || self.is_word("OR") || self.peek() == Some(&Token::Close) {
                return Ok(left);
            }
            left = Query::And(Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Query, String> {
        match self.next() {
            Some(Token::Word(w)) if w == "NOT" => Ok(Query::Not(Box::new(self.unary()?))),
            Some(Token::Word(w)) if w == "AND" || w == "OR" => Err(format!("{w} without a term before it")),
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("a parenthesis is not closed".to_owned()),
                }
            }
            Some(Token::Field(field)) => match self.next() {
                Some(Token::Quoted(value)) => Ok(Query::Exact { field, value }),
                Some(Token::Word(value)) => match value.strip_suffix('*') {
                    Some(prefix) => Ok(Query::Prefix { field, value: prefix.to_owned() }),
                    None => Ok(Query::Exact { field, value }),
                },
                Some(Token::Range(from, to)) => Ok(Query::Range { field, from, to }),
                _ => Err(format!("{field}: has no value")),
            },
            Some(Token::Word(word)) => Ok(Query::Word(word)),
            Some(Token::Quoted(word)) => Ok(Query::Word(word)),
            Some(Token::Close) => Err("')' without '('".to_owned()),
            Some(Token::Range(..)) => Err("a range without a field".to_owned()),
            None => Err("the query ends too soon".to_owned()),
        }
    }
}

impl Query {
    pub(crate) fn parse(text: &str) -> Result<Query, String> {
        let mut parser = Parser { tokens: tokens(text)?, at: 0 };
        let query = parser.or()?;
        match parser.peek() {
            None => Ok(query),
            Some(token) => Err(format!("unexpected {token:?}")),
        }
    }

    pub(crate) fn matches(&self, event: &Value) -> bool {
        let text = |field: &str| -> Option<String> {
            let value = event.pointer(&format!("/{}", field.replace('.', "/")))?;
            match value {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            }
        };
        match self {
            Query::Exact { field, value } => text(field).is_some_and(|v| v.eq_ignore_ascii_case(value)),
            Query::Prefix { field, value } => text(field).is_some_and(|v| v.to_lowercase().starts_with(&value.to_lowercase())),
            Query::Range { field, from, to } => text(field).is_some_and(|v| {
                from.as_deref().is_none_or(|f| v.as_str() >= f) && to.as_deref().is_none_or(|t| v.as_str() <= t)
            }),
            Query::Word(word) => ["client_name", "connection", "user_name"]
                .iter()
                .any(|f| text(f).is_some_and(|v| v.to_lowercase().starts_with(&word.to_lowercase()))),
            Query::And(a, b) => a.matches(event) && b.matches(event),
            Query::Or(a, b) => a.matches(event) || b.matches(event),
            Query::Not(a) => !a.matches(event),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Value {
        json!({"type": "f", "client_id": "abc", "user_name": "agent@example.com", "client_name": "Twilio Flex",
            "date": "2026-12-03T05:40:00.000Z", "details": {"error": {"message": "Callback URL mismatch"}}})
    }

    #[test]
    fn fields_operators_and_groups_are_read() {
        let e = event();
        assert!(Query::parse(r#"type:f AND client_id:"abc""#).unwrap().matches(&e));
        assert!(!Query::parse(r#"type:f AND client_id:"abd""#).unwrap().matches(&e));
        assert!(Query::parse("(type:fp OR type:f OR type:w) AND user_name:agent*").unwrap().matches(&e));
        assert!(!Query::parse("type:s OR type:fp").unwrap().matches(&e));
        assert!(Query::parse("NOT type:s").unwrap().matches(&e));
        assert!(Query::parse("twilio").unwrap().matches(&e), "a bare word starts a name");
        assert!(Query::parse("details.error.message:\"callback url mismatch\"").unwrap().matches(&e));
        assert!(Query::parse("type:f client_id:abc").unwrap().matches(&e), "side by side is AND");
    }

    #[test]
    fn date_ranges_with_open_ends() {
        let e = event();
        assert!(Query::parse(r#"date:["2026-12-03T05:00:00.000Z" TO "2026-12-03T06:00:00.000Z"]"#).unwrap().matches(&e));
        assert!(!Query::parse(r#"date:["2026-12-03T05:45:00.000Z" TO *]"#).unwrap().matches(&e));
        assert!(Query::parse("date:[2026-12-01 TO *]").unwrap().matches(&e));
    }

    #[test]
    fn broken_queries_are_refused() {
        for bad in ["type:", "(type:f", "type:f AND", "\"open", "date:[a b]", ":f", "OR type:f"] {
            assert!(Query::parse(bad).is_err(), "{bad}");
        }
    }
}
