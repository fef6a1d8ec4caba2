//! Excerpts of Twilio's OpenAPI specs (twilio/twilio-oai, Apache-2.0): for each of the two
//! authenticated reads, the 200 response (schema and Twilio's own example) and the schemas it
//! references, unchanged. The contract test validates the emulator's answers against them; the
//! client's tests decode the examples.

/// `GET /v1/Configuration` from `twilio_flex_v1.json`.
pub const FLEX_V1_CONFIGURATION: &str = include_str!("../fixtures/twilio-oai/flex_v1_configuration.json");

/// `GET /2010-04-01/Accounts/{Sid}.json` from `twilio_api_v2010.json`.
pub const API_V2010_ACCOUNT: &str = include_str!("../fixtures/twilio-oai/api_v2010_account.json");

/// The spec's example answers for the given excerpt (`examples.*.value` of the 200 response).
pub fn examples(spec: &str) -> Vec<serde_json::Value> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(spec) else {
        return Vec::new();
    };
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return Vec::new();
    };
    paths
        .values()
        .filter_map(|path| path.pointer("/get/responses/200/content/application~1json/examples"))
        .filter_map(|examples| examples.as_object())
        .flat_map(|examples| examples.values())
        .filter_map(|example| example.get("value").cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_excerpt_has_its_example() {
        let config = examples(FLEX_V1_CONFIGURATION);
        assert_eq!(config.len(), 1);
        assert!(config[0].get("ui_version").is_some());
        let account = examples(API_V2010_ACCOUNT);
        assert_eq!(account.len(), 1);
        assert_eq!(account[0]["status"], "active");
    }
}
