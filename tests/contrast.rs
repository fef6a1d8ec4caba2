//! WCAG AA contrast of the UI's palette, light and dark: every text colour the stylesheet uses
//! against every background it is used on must reach 4.5:1 (normal text); focus ring and
//! borders of controls 3:1 (non-text). The colours are read from ui/styles.css itself, so a
//! changed colour is checked, not a copy of it.

use std::collections::HashMap;

const STYLES: &str = include_str!("../ui/styles.css");

/// The custom properties of a block that starts at `marker`.
fn palette(marker: &str) -> HashMap<String, (f64, f64, f64)> {
    let start = STYLES.find(marker).unwrap_or_else(|| panic!("no {marker} in styles.css"));
    let block = &STYLES[start..start + STYLES[start..].find('}').unwrap()];
    block
        .lines()
        .filter_map(|line| {
            let (name, value) = line.trim().trim_end_matches(';').split_once(':')?;
            let hex = value.trim().strip_prefix('#')?;
            if hex.len() != 6 {
                return None;
            }
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            Some((name.trim().trim_start_matches("--").to_owned(), (channel(0), channel(2), channel(4))))
        })
        .collect()
}

fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let linear = |c: f64| if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn ratio(a: (f64, f64, f64), b: (f64, f64, f64)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// (text, background) pairs the stylesheet puts together.
const TEXT_PAIRS: &[(&str, &str)] = &[
    ("text", "bg"), ("text", "surface"), ("muted", "bg"), ("muted", "surface"),
    ("accent", "surface"), ("accent", "bg"), ("accent", "accent-soft"), ("accent-text", "accent"),
    ("ok", "ok-soft"), ("ok", "surface"), ("problem", "problem-soft"), ("problem", "surface"),
    ("warn", "warn-soft"), ("text", "warn-soft"), ("text", "accent-soft"), ("surface", "problem"),
];
const NON_TEXT_PAIRS: &[(&str, &str)] = &[("focus", "bg"), ("focus", "surface"), ("accent", "surface")];

fn check(theme: &str, colours: &HashMap<String, (f64, f64, f64)>) -> Vec<String> {
    let mut failures = Vec::new();
    for (pairs, minimum) in [(TEXT_PAIRS, 4.5), (NON_TEXT_PAIRS, 3.0)] {
        for (fg, bg) in pairs {
            let (Some(a), Some(b)) = (colours.get(*fg), colours.get(*bg)) else {
                failures.push(format!("{theme}: --{fg} or --{bg} is not defined"));
                continue;
            };
            let r = ratio(*a, *b);
            if r < minimum {
                failures.push(format!("{theme}: --{fg} on --{bg} is {r:.2}:1, needs {minimum}:1"));
            }
        }
    }
    failures
}

#[test]
fn the_palette_meets_wcag_aa_in_light_and_dark() {
    let light = palette(":root {");
    let mut dark = light.clone();
    dark.extend(palette("@media (prefers-color-scheme: dark) {\n  :root {"));
    assert!(light.len() >= 14 && dark != light, "the palettes were not found");
    let failures: Vec<String> = check("light", &light).into_iter().chain(check("dark", &dark)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_ratio_formula_is_wcags() {
    assert!((ratio((0.0, 0.0, 0.0), (1.0, 1.0, 1.0)) - 21.0).abs() < 1e-9);
    assert!((ratio((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) - 1.0).abs() < 1e-9);
}
