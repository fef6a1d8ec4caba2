//! Bounds on everything read from outside, so a hostile or mistaken input ends quickly with a
//! clear message instead of eating memory or hanging the app.

use std::time::Duration;

/// Limits for reading metadata and certificates. `Default` fits any real single-IdP metadata
/// with a wide margin (Entra ID federation metadata, the largest common one, is about 25 KB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, checked before parsing and while downloading.
    pub max_bytes: usize,
    /// Deepest element nesting accepted (real metadata: about 10).
    pub max_depth: usize,
    /// Most XML nodes (elements, texts, comments...) accepted.
    pub max_nodes: u32,
    /// Most attributes on one element, namespace declarations aside (real metadata: under 10).
    /// Checked before parsing: the parser's duplicate check costs the square of this.
    pub max_attributes: usize,
    /// Whole download, all redirects included.
    pub timeout: Duration,
    /// Redirects followed when downloading; each target is checked like the first address.
    pub max_redirects: usize,
}

/// A size as people read it: "512 bytes", "40 KB", "5 MB", "100.5 MB" (1 KB = 1024 bytes).
pub(crate) fn human_size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    let (value, unit) = if bytes < 1024 {
        return if bytes == 1 { "1 byte".to_owned() } else { format!("{bytes} bytes") };
    } else if b < KB * KB {
        (b / KB, "KB")
    } else {
        (b / (KB * KB), "MB")
    };
    let text = format!("{value:.1}");
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 5 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 200_000,
            max_attributes: 256,
            timeout: Duration::from_secs(20),
            max_redirects: 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_like_a_file_manager() {
        let cases: &[(usize, &str)] = &[(0, "0 bytes"), (1, "1 byte"), (1023, "1023 bytes"), (1024, "1 KB"),
            (40 * 1024 + 100, "40.1 KB"), (5 * 1024 * 1024, "5 MB"), (100 * 1024 * 1024 + 512 * 1024, "100.5 MB")];
        for (bytes, text) in cases {
            assert_eq!(human_size(*bytes), *text);
        }
    }
}
