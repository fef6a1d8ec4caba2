//! Prefix ("" for the default namespace) to namespace URI, as the canonicalizer carries it down
//! the tree, with an undo log so that leaving an element restores its parent's scope in time
//! proportional to what the element changed.
//!
//! A SAML response has a handful of namespaces in scope, and hashing a prefix costs more than
//! comparing it with five others, so a small scope is just the log, searched from the newest
//! entry. Past [`SMALL`] entries (a crafted response can put thousands in scope) a hash map takes
//! over for the rest of the walk, so a lookup never costs more than a constant.

use std::collections::HashMap;

/// Entries up to which a scope is searched in its log.
const SMALL: usize = 16;

struct Entry<'a> {
    prefix: &'a str,
    uri: &'a str,
    /// What the map held for `prefix` before this entry (only kept once the map is in use).
    previous: Option<&'a str>,
}

#[derive(Default)]
pub(super) struct Scope<'a> {
    /// Every binding set, oldest first; the newest for a prefix is the one in force.
    log: Vec<Entry<'a>>,
    map: Option<HashMap<&'a str, &'a str>>,
}

impl<'a> Scope<'a> {
    pub(super) fn get(&self, prefix: &str) -> Option<&'a str> {
        self.get_entry(prefix).map(|(_, uri)| uri)
    }

    /// The binding with the prefix as stored (borrowed from the document, unlike the key).
    pub(super) fn get_entry(&self, prefix: &str) -> Option<(&'a str, &'a str)> {
        match &self.map {
            Some(map) => map.get_key_value(prefix).map(|(p, u)| (*p, *u)),
            None => self
                .log
                .iter()
                .rev()
                .find(|e| e.prefix == prefix)
                .map(|e| (e.prefix, e.uri)),
        }
    }

    pub(super) fn set(&mut self, prefix: &'a str, uri: &'a str) {
        if self.map.is_none() && self.log.len() >= SMALL {
            let mut map = HashMap::with_capacity(self.log.len() * 2);
            for entry in &mut self.log {
                entry.previous = map.insert(entry.prefix, entry.uri);
            }
            self.map = Some(map);
        }
        let previous = self.map.as_mut().and_then(|map| map.insert(prefix, uri));
        self.log.push(Entry {
            prefix,
            uri,
            previous,
        });
    }

    pub(super) fn mark(&self) -> usize {
        self.log.len()
    }

    pub(super) fn restore(&mut self, mark: usize) {
        while self.log.len() > mark {
            let Some(entry) = self.log.pop() else { break };
            if let Some(map) = &mut self.map {
                match entry.previous {
                    Some(uri) => map.insert(entry.prefix, uri),
                    None => map.remove(entry.prefix),
                };
            }
        }
    }

    /// Every binding in force, each prefix once, in no particular order.
    pub(super) fn bindings(&self, out: &mut Vec<(&'a str, &'a str)>) {
        match &self.map {
            Some(map) => out.extend(map.iter().map(|(p, u)| (*p, *u))),
            None => {
                for (i, entry) in self.log.iter().enumerate().rev() {
                    if !self.log[i + 1..]
                        .iter()
                        .any(|newer| newer.prefix == entry.prefix)
                    {
                        out.push((entry.prefix, entry.uri));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same operations on a scope and on a plain map with an undo log agree, below and
    /// above the size where the scope switches to its own map.
    #[test]
    fn behaves_like_a_map_with_undo_at_every_size() {
        let prefixes: Vec<String> = (0..40).map(|i| format!("p{}", i % 23)).collect();
        let uris: Vec<String> = (0..40).map(|i| format!("urn:{i}")).collect();
        let mut scope = Scope::default();
        let mut model: Vec<HashMap<&str, &str>> = vec![HashMap::new()];
        let mut marks = Vec::new();
        for round in 0..3 {
            for i in 0..40 {
                if i % 7 == 3 {
                    marks.push((scope.mark(), model.len()));
                }
                scope.set(&prefixes[i], &uris[(i + round) % 40]);
                let mut next = model.last().cloned().unwrap_or_default();
                next.insert(&prefixes[i], &uris[(i + round) % 40]);
                model.push(next);
                let expected = model.last().unwrap();
                for p in &prefixes {
                    assert_eq!(
                        scope.get(p),
                        expected.get(p.as_str()).copied(),
                        "round {round}, step {i}, prefix {p}"
                    );
                }
                let mut bindings = Vec::new();
                scope.bindings(&mut bindings);
                bindings.sort_unstable();
                let mut expected: Vec<(&str, &str)> =
                    expected.iter().map(|(p, u)| (*p, *u)).collect();
                expected.sort_unstable();
                assert_eq!(bindings, expected);
            }
            while let Some((mark, len)) = marks.pop() {
                scope.restore(mark);
                model.truncate(len);
                let expected = model.last().unwrap();
                for p in &prefixes {
                    assert_eq!(
                        scope.get(p),
                        expected.get(p.as_str()).copied(),
                        "round {round}, after restore, prefix {p}"
                    );
                }
            }
        }
    }
}
