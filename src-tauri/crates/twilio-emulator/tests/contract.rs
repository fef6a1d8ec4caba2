//! Contract test: every Configuration and Account answer the emulator serves, in every preset,
//! matches the response schema of Twilio's OpenAPI spec; every error matches Twilio's error body.
//!
//! The specs are OpenAPI 3.0, whose `nullable: true` JSON Schema does not know; it is rewritten
//! to `type: [T, "null"]`. `$ref`s stay as written and resolve against the spec's own
//! `components.schemas`. The two resource schemas are also closed (`additionalProperties:
//! false`) so the emulator cannot serve a field Twilio does not document.

use std::time::Duration;

use flex_sso_twilio_emulator::{defaults, spec, Emulator, EmulatorConfig, Fault, Preset, Scenario};
use jsonschema::Validator;
use serde_json::{json, Value};

/// OpenAPI 3.0 `nullable` → JSON Schema, everywhere in `schema`.
fn openapi_to_json_schema(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            for value in map.values_mut() {
                openapi_to_json_schema(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(openapi_to_json_schema),
        _ => {}
    }
}

/// A validator for `components.schemas[name]` of an excerpt, with `$ref`s resolved in place.
fn validator(spec_text: &str, name: &str) -> Validator {
    let doc: Value = serde_json::from_str(spec_text).expect("the spec excerpt is JSON");
    let mut components = doc["components"].clone();
    openapi_to_json_schema(&mut components);
    components["schemas"][name]["additionalProperties"] = json!(false);
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": components,
    });
    jsonschema::options()
        .should_validate_formats(true)
        .with_format("date-time-rfc-2822", |s: &str| {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc2822).is_ok()
        })
        .build(&root)
        .expect("the converted schema compiles")
}

fn twilio_error_validator() -> Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&json!({
            "type": "object",
            "required": ["code", "message", "more_info", "status"],
            "additionalProperties": false,
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string", "minLength": 1},
                "more_info": {"type": "string", "format": "uri"},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
            }
        }))
        .expect("error schema compiles")
}

fn errors_of(validator: &Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn the_specs_own_examples_pass_the_converted_schemas() {
    // Proves the conversion keeps what Twilio itself documents as valid.
    let account = validator(spec::API_V2010_ACCOUNT, "api.v2010.account");
    for example in spec::examples(spec::API_V2010_ACCOUNT) {
        assert_eq!(errors_of(&account, &example), Vec::<String>::new());
    }
    let config = validator(spec::FLEX_V1_CONFIGURATION, "flex.v1.configuration");
    for example in spec::examples(spec::FLEX_V1_CONFIGURATION) {
        assert_eq!(errors_of(&config, &example), Vec::<String>::new());
    }
}

#[test]
fn the_schemas_reject_what_twilio_would_never_send() {
    // Guards against a validator that accepts anything.
    let config = validator(spec::FLEX_V1_CONFIGURATION, "flex.v1.configuration");
    for bad in [
        json!({"status": "finished"}),
        json!({"ui_version": 2.8}),
        json!({"account_sid": "AC123"}),
        json!({"date_created": "yesterday"}),
        json!({"invented_field": true}),
    ] {
        assert!(!config.is_valid(&bad), "{bad}");
    }
    assert!(config.is_valid(&json!({"ui_version": null, "status": "ok"})));
    let account = validator(spec::API_V2010_ACCOUNT, "api.v2010.account");
    for bad in [json!({"type": "Premium"}), json!({"status": "frozen"}), json!({"date_created": "2024-02-01T09:30:00Z"})] {
        assert!(!account.is_valid(&bad), "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_in_every_preset_matches_the_specs() {
    let config_schema = validator(spec::FLEX_V1_CONFIGURATION, "flex.v1.configuration");
    let account_schema = validator(spec::API_V2010_ACCOUNT, "api.v2010.account");
    let error_schema = twilio_error_validator();
    let emulator = Emulator::start(EmulatorConfig::default()).await.expect("emulator starts");
    let http = reqwest::Client::new();
    let base = emulator.base_url().to_owned();
    let account_url = format!("{base}/2010-04-01/Accounts/{}.json", defaults::ACCOUNT_SID);
    let mut checked = (0, 0, 0);

    for preset in Preset::ALL {
        let mut scenario: Scenario = preset.scenario();
        if let Fault::Slow { .. } = scenario.fault {
            scenario.fault = Fault::Slow { delay_ms: 20 };
        }
        emulator.set_scenario(scenario);
        // Three rounds, so the intermittent preset shows both its failures and its recovery.
        for _ in 0..3 {
            for (url, user, password, schema) in [
                (format!("{base}/v1/Configuration"), defaults::ACCOUNT_SID, defaults::AUTH_TOKEN, &config_schema),
                (format!("{base}/v1/Configuration"), defaults::API_KEY_SID, defaults::API_KEY_SECRET, &config_schema),
                (account_url.clone(), defaults::ACCOUNT_SID, defaults::AUTH_TOKEN, &account_schema),
                (account_url.clone(), defaults::API_KEY_SID, defaults::API_KEY_SECRET, &account_schema),
            ] {
                let response = http
                    .get(&url)
                    .basic_auth(user, Some(password))
                    .timeout(Duration::from_secs(10))
                    .send()
                    .await
                    .expect("the emulator answers");
                let status = response.status();
                let body: Value = response.json().await.expect("every answer is JSON");
                let errors = if status.is_success() {
                    checked.0 += 1;
                    errors_of(schema, &body)
                } else {
                    checked.1 += 1;
                    assert_eq!(body["status"], status.as_u16(), "{preset:?} {url}");
                    errors_of(&error_schema, &body)
                };
                assert_eq!(errors, Vec::<String>::new(), "{preset:?} {url} as {user}: {body}");
            }
        }
        // The SSO list carries the two fields public callers rely on (connection_name, client_id),
        // as a list or as one object; `active`, unconfirmed, is a boolean when it is there at all.
        let body: Value = http
            .get(format!("{base}/v1/Flex/Authentication/Config?AccountSid={}", defaults::ACCOUNT_SID))
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .expect("JSON");
        let entries = match &body["config_list"] {
            Value::Array(list) => Some(list.clone()),
            one @ Value::Object(_) => Some(vec![one.clone()]),
            _ => None,
        };
        if let Some(list) = entries {
            checked.2 += 1;
            for entry in list {
                assert!(entry["connection_name"].as_str().is_some_and(|s| s.starts_with("JQ") && s.len() == 34), "{entry}");
                assert!(entry["client_id"].is_string(), "{entry}");
                assert!(entry.get("active").is_none_or(Value::is_boolean), "{entry}");
            }
        }
    }
    // Both kinds of answer were really seen, and the SSO list in every preset that serves it.
    assert!(checked.0 > 50 && checked.1 > 20, "{checked:?}");
    assert_eq!(checked.2, Preset::ALL.len() - 2, "all but the two fault presets that refuse every request");
    emulator.shutdown().await;
}
