//! Passes over XML text made before parsing it, where the parser's own cost would come first.
//! Both XML readers of the app (IdP metadata and SAML responses) use them with their own limits
//! and their own error messages.

/// The most attributes on one element (namespace declarations aside), counted before parsing:
/// each `=` outside quotes inside a `<…>`. roxmltree checks every new attribute against all the
/// earlier ones of its element, so thousands on one element cost millions of comparisons (100,000
/// took minutes); counting first keeps that bounded. Comments and CDATA can only over-count.
pub fn most_attributes_on_one_element(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut most = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let (mut count, mut quote) = (0, None);
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => break,
                None if b == b'=' => {
                    let before = text[..i].trim_end();
                    // After the separator, which may be a multi-byte space (U+2028): by its length.
                    let name_start = before
                        .char_indices()
                        .rfind(|(_, c)| c.is_whitespace() || *c == '<')
                        .map_or(0, |(p, c)| p + c.len_utf8());
                    if !before[name_start..].starts_with("xmlns") {
                        count += 1;
                    }
                }
                None => {}
            }
            i += 1;
        }
        most = most.max(count);
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_attributes_not_namespace_declarations_nor_quoted_equals() {
        assert_eq!(most_attributes_on_one_element("<a x='1' y=\"a=b\" xmlns:p='u'><b z='2'/></a>"), 2);
        assert_eq!(most_attributes_on_one_element("no markup = here"), 0);
        // A multi-byte space before the name (found by a property test: it split a character).
        assert_eq!(most_attributes_on_one_element("<a\u{2028}x='1'\u{2028}xmlns='u'>"), 1);
    }
}
