//! The Okta emulator's behaviour as a client sees it over HTTP: tokens, search and paging, the
//! replace, a concurrent console edit, System Log queries, rate limits, what is recorded.

use flex_sso_idp_emulator::{defaults, EmulatorConfig, EmulatorHandle, IdpEmulator, OktaPreset};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

async fn start(preset: OktaPreset) -> (EmulatorHandle, reqwest::Client) {
    let emulator = IdpEmulator::start(EmulatorConfig::with_preset(preset)).await.expect("emulator starts");
    (emulator, reqwest::Client::new())
}

fn rw() -> String {
    format!("SSWS {}", defaults::ORG_TOKEN_READ_WRITE)
}

async fn get(http: &reqwest::Client, emulator: &EmulatorHandle, path: &str) -> Response {
    http.get(format!("{}{path}", emulator.base_url())).header("Authorization", rw()).send().await.expect("answer")
}

async fn json_of(response: Response) -> Value {
    response.json().await.expect("JSON")
}

fn ids(apps: &Value) -> Vec<String> {
    apps.as_array().expect("a list").iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn tokens_are_checked_and_the_read_only_one_cannot_write() {
    let (emulator, http) = start(OktaPreset::Legacy).await;
    let url = format!("{}/api/v1/apps/{}", emulator.base_url(), defaults::FLEX_APP_ID);
    for auth in [None, Some("SSWS wrong"), Some("Basic b2t0YTpvaw=="), Some(defaults::ORG_TOKEN_READ_WRITE)] {
        let mut request = http.get(&url);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        let body = json_of(response).await;
        assert_eq!(body["errorCode"], "E0000011");
        assert_eq!(body["errorSummary"], "Invalid token provided");
    }
    for auth in [rw(), format!("Bearer {}", defaults::ORG_TOKEN_READ_WRITE), format!("SSWS {}", defaults::ORG_TOKEN_READ_ONLY)] {
        assert_eq!(http.get(&url).header("Authorization", &auth).send().await.unwrap().status(), StatusCode::OK, "{auth}");
    }
    let app = json_of(get(&http, &emulator, &format!("/api/v1/apps/{}", defaults::FLEX_APP_ID)).await).await;
    let refused = http.put(&url).header("Authorization", format!("Bearer {}", defaults::ORG_TOKEN_READ_ONLY)).json(&app).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(refused).await["errorCode"], "E0000006");
    assert_eq!(emulator.apps()[0]["lastUpdated"], app["lastUpdated"], "nothing changed");

    emulator.set_preset(OktaPreset::Unauthorized);
    assert_eq!(get(&http, &emulator, "/api/v1/apps").await.status(), StatusCode::UNAUTHORIZED);
    emulator.set_preset(OktaPreset::Forbidden);
    let forbidden = get(&http, &emulator, "/api/v1/logs").await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(forbidden).await["errorCode"], "E0000006");
    emulator.shutdown().await;
}

#[tokio::test]
async fn apps_are_found_by_prefix_and_filter_and_paged_with_next_links() {
    let (emulator, http) = start(OktaPreset::SeveralApps).await;
    let twilio = json_of(get(&http, &emulator, "/api/v1/apps?q=twilio").await).await;
    assert_eq!(ids(&twilio), vec![defaults::FLEX_APP_ID.to_owned(), "0oa4flextest00000004".to_owned()]);
    assert_eq!(ids(&json_of(get(&http, &emulator, "/api/v1/apps?q=Flex").await).await), Vec::<String>::new(), "starts-with, not contains");
    let by_name = json_of(get(&http, &emulator, "/api/v1/apps?filter=name%20eq%20%22dev-00000000_twilioflex_1%22").await).await;
    assert_eq!(ids(&by_name), vec![defaults::FLEX_APP_ID.to_owned()]);
    let active = json_of(get(&http, &emulator, "/api/v1/apps?filter=status%20eq%20%22ACTIVE%22").await).await;
    assert_eq!(active.as_array().unwrap().len(), 4);
    let bad = get(&http, &emulator, "/api/v1/apps?filter=label%20eq%20%22Twilio%20Flex%22").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "label is not filterable");

    // Paging: follow the next links as opaque URLs until there are none.
    let mut url = format!("{}/api/v1/apps?limit=3", emulator.base_url());
    let mut pages = Vec::new();
    loop {
        let response = http.get(&url).header("Authorization", rw()).send().await.unwrap();
        let next = response
            .headers()
            .get_all("link")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.ends_with("rel=\"next\""))
            .map(|v| v.trim_start_matches('<').split('>').next().unwrap().to_owned());
        pages.push(ids(&json_of(response).await));
        match next {
            Some(link) => url = link,
            None => break,
        }
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 1]);
    assert_eq!(pages.concat().len(), 4);
    let all = json_of(get(&http, &emulator, "/api/v1/apps?limit=500").await).await;
    assert_eq!(all.as_array().unwrap().len(), 4, "limit is capped, not refused");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_put_replaces_the_app_keeps_system_fields_and_moves_last_updated() {
    let (emulator, http) = start(OktaPreset::Legacy).await;
    let path = format!("/api/v1/apps/{}", defaults::FLEX_APP_ID);
    let url = format!("{}{path}", emulator.base_url());
    let before = json_of(get(&http, &emulator, &path).await).await;
    let mut body = before.clone();
    let new_audience = format!("urn:flex:{}", defaults::CONNECTION_SID);
    body["settings"]["signOn"]["audience"] = json!(new_audience);
    body["id"] = json!("0oaSOMETHINGELSE0000");
    body["created"] = json!("2001-01-01T00:00:00.000Z");
    body["status"] = json!("INACTIVE");
    body.as_object_mut().unwrap().remove("_links");
    let response = http.put(&url).header("Authorization", rw()).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let after = json_of(response).await;
    assert_eq!(after["settings"]["signOn"]["audience"], new_audience);
    for kept in ["id", "created", "status", "name", "_links"] {
        assert_eq!(after[kept], before[kept], "{kept} is Okta's");
    }
    assert!(after["lastUpdated"].as_str() > before["lastUpdated"].as_str());
    let stored = emulator.apps().into_iter().find(|a| a["id"] == defaults::FLEX_APP_ID).unwrap();
    assert_eq!(stored, after);
    assert_eq!(json_of(get(&http, &emulator, &path).await).await, after);

    // The spec's own SAML PUT example (no `name`) is accepted as a whole replace.
    let spec_body: Value = {
        let doc: Value = serde_yaml_ng::from_str(flex_sso_idp_emulator::okta::spec::MANAGEMENT_API_YAML).unwrap();
        doc["components"]["examples"]["Saml2.0PutEx"]["value"].clone()
    };
    let response = http.put(&url).header("Authorization", rw()).json(&spec_body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(response).await["settings"]["signOn"]["audience"], "asdqwe123");

    let mut unlabelled = before.clone();
    unlabelled.as_object_mut().unwrap().remove("label");
    let refused = http.put(&url).header("Authorization", rw()).json(&unlabelled).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error = json_of(refused).await;
    assert_eq!(error["errorCode"], "E0000001");
    assert_eq!(error["errorCauses"][0]["errorSummary"], "label: The field cannot be left blank");
    let missing = http.put(format!("{}/api/v1/apps/0oa0000000000000none", emulator.base_url())).header("Authorization", rw()).json(&before).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(missing).await["errorSummary"], "Not found: Resource not found: 0oa0000000000000none (AppInstance)");
    // The unrelated apps were never touched.
    let untouched = |id: &str| emulator.apps().into_iter().find(|a| a["id"] == id).unwrap()["lastUpdated"].clone();
    assert_eq!(untouched("0oa2salesforce000002"), "2024-03-01T10:12:00.000Z");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_console_edit_meanwhile_shows_as_a_newer_last_updated() {
    let (emulator, http) = start(OktaPreset::Legacy).await;
    let path = format!("/api/v1/apps/{}", defaults::FLEX_APP_ID);
    let read = json_of(get(&http, &emulator, &path).await).await;
    emulator.change_app_behind_the_clients_back(defaults::FLEX_APP_ID);
    let now = json_of(get(&http, &emulator, &path).await).await;
    assert!(now["lastUpdated"].as_str() > read["lastUpdated"].as_str());
    assert_ne!(now["label"], read["label"]);
    // The same over the control endpoint, and the console edit is in the System Log.
    let touched = http.post(format!("{}/__emulator/okta/apps/{}/touch", emulator.base_url(), defaults::FLEX_APP_ID)).send().await.unwrap();
    assert_eq!(touched.status(), StatusCode::OK);
    assert!(json_of(touched).await["lastUpdated"].as_str() > now["lastUpdated"].as_str());
    let updates = json_of(get(&http, &emulator, "/api/v1/logs?filter=eventType%20eq%20%22application.lifecycle.update%22").await).await;
    assert_eq!(updates.as_array().unwrap().len(), 2);
    emulator.shutdown().await;
}

fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish()
}

#[tokio::test]
async fn the_system_log_is_filtered_by_time_expression_keywords_and_sorted() {
    let (emulator, http) = start(OktaPreset::Legacy).await;
    let logs = |pairs: &[(&str, &str)]| format!("/api/v1/logs?{}", query(pairs));
    let all = json_of(get(&http, &emulator, &logs(&[])).await).await;
    let all = all.as_array().unwrap().clone();
    assert_eq!(all.len(), 4);
    let published: Vec<&str> = all.iter().map(|e| e["published"].as_str().unwrap()).collect();
    assert!(published.windows(2).all(|w| w[0] <= w[1]), "ascending by default");

    let failures = json_of(get(&http, &emulator, &logs(&[("filter", &format!("target.id eq \"{}\" and outcome.result eq \"FAILURE\"", defaults::FLEX_APP_ID))])).await).await;
    let types: Vec<&str> = failures.as_array().unwrap().iter().map(|e| e["eventType"].as_str().unwrap()).collect();
    assert_eq!(types, vec!["app.generic.unauth_app_access_attempt", "user.authentication.sso"]);
    let agent = json_of(get(&http, &emulator, &logs(&[("filter", "actor.alternateId eq \"agent@example.com\" and eventType eq \"app.generic.unauth_app_access_attempt\"")])).await).await;
    assert_eq!(agent.as_array().unwrap().len(), 1);
    assert_eq!(agent[0]["displayMessage"], "User attempted unauthorized access to app");

    // since/until cut by `published`: only the newer half.
    let since = all[2]["published"].as_str().unwrap();
    let recent = json_of(get(&http, &emulator, &logs(&[("since", since)])).await).await;
    assert_eq!(recent.as_array().unwrap().len(), 2);
    let older = json_of(get(&http, &emulator, &logs(&[("until", since)])).await).await;
    assert_eq!(older.as_array().unwrap().len(), 2);
    let descending = json_of(get(&http, &emulator, &logs(&[("sortOrder", "DESCENDING"), ("limit", "1")])).await).await;
    assert_eq!(descending.as_array().unwrap().len(), 1);
    assert_eq!(descending[0]["uuid"], all[3]["uuid"]);
    let keyword = json_of(get(&http, &emulator, &logs(&[("q", "Salesforce")])).await).await;
    assert_eq!(keyword.as_array().unwrap().len(), 1);

    // An event added later (to the handle or over HTTP) shows up.
    let mut extra = all[0].clone();
    extra["uuid"] = json!("00000000-0000-0000-0000-000000000001");
    extra["published"] = json!(flex_sso_now());
    emulator.add_log_event(extra.clone());
    extra["uuid"] = json!("00000000-0000-0000-0000-000000000002");
    let posted = http.post(format!("{}/__emulator/okta/log-events", emulator.base_url())).json(&extra).send().await.unwrap();
    assert_eq!(posted.status(), StatusCode::NO_CONTENT);
    assert_eq!(json_of(get(&http, &emulator, &logs(&[])).await).await.as_array().unwrap().len(), 6);
    assert_eq!(get(&http, &emulator, &logs(&[("until", "not a time")])).await.status(), StatusCode::BAD_REQUEST);
    emulator.shutdown().await;
}

/// A second ago, in Okta's format.
fn flex_sso_now() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    (time::OffsetDateTime::now_utc() - time::Duration::seconds(1)).format(&format).unwrap()
}

#[tokio::test]
async fn rate_limited_calls_say_when_to_retry_then_succeed() {
    let (emulator, http) = start(OktaPreset::RateLimited).await;
    for _ in 0..2 {
        let response = get(&http, &emulator, "/api/v1/apps").await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header("retry-after").as_deref(), Some("1"));
        assert_eq!(header("x-rate-limit-remaining").as_deref(), Some("0"));
        assert!(header("x-rate-limit-limit").is_some());
        assert!(header("x-rate-limit-reset").and_then(|r| r.parse::<i64>().ok()).is_some());
        assert_eq!(json_of(response).await["errorCode"], "E0000047");
    }
    assert_eq!(get(&http, &emulator, "/api/v1/apps").await.status(), StatusCode::OK);
    emulator.shutdown().await;
}

#[tokio::test]
async fn requests_are_recorded_with_their_scheme_and_never_the_token() {
    let (emulator, http) = start(OktaPreset::Legacy).await;
    let base = emulator.base_url();
    http.get(format!("{base}/api/v1/apps?q=Twilio")).header("Authorization", rw()).send().await.unwrap();
    http.get(format!("{base}/api/v1/logs")).header("Authorization", format!("Bearer {}", defaults::ORG_TOKEN_READ_ONLY)).send().await.unwrap();
    http.get(format!("{base}/api/v1/apps")).header("Authorization", "a-bare-secret-token").send().await.unwrap();
    http.get(format!("{base}/api/v1/apps")).send().await.unwrap();
    let body = json!({"label": "Twilio Flex", "signOnMode": "SAML_2_0"});
    http.put(format!("{base}/api/v1/apps/{}", defaults::FLEX_APP_ID)).header("Authorization", rw()).json(&body).send().await.unwrap();
    let seen = emulator.requests();
    let schemes: Vec<Option<&str>> = seen.iter().map(|r| r.auth_scheme.as_deref()).collect();
    assert_eq!(schemes, vec![Some("SSWS"), Some("Bearer"), Some("unrecognised"), None, Some("SSWS")]);
    assert_eq!(seen[0].path, "/api/v1/apps?q=Twilio");
    assert_eq!(seen[4].method, "PUT");
    assert_eq!(seen[4].body, Some(body));
    let over_http = http.get(format!("{base}/__emulator/requests")).send().await.unwrap().text().await.unwrap();
    for text in [format!("{seen:?}"), over_http] {
        for secret in [defaults::ORG_TOKEN_READ_WRITE, defaults::ORG_TOKEN_READ_ONLY, "a-bare-secret-token"] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }
    // Control calls are not recorded, and a new scenario starts a new record.
    assert_eq!(emulator.requests().len(), 5);
    let switched = http.post(format!("{base}/__emulator/scenario")).json(&json!({"preset": "migrated"})).send().await.unwrap();
    assert_eq!(switched.status(), StatusCode::OK);
    assert!(emulator.requests().is_empty());
    let app = emulator.apps().into_iter().find(|a| a["id"] == defaults::FLEX_APP_ID).unwrap();
    assert_eq!(app["settings"]["signOn"]["audience"], format!("urn:flex:{}", defaults::CONNECTION_SID));
    emulator.shutdown().await;
}

#[tokio::test]
async fn reset_undoes_changes_and_keys_and_metadata_carry_the_signing_certificate() {
    let (emulator, http) = start(OktaPreset::Legacy).await;
    let base = emulator.base_url();
    let original = emulator.apps();
    emulator.change_app_behind_the_clients_back(defaults::FLEX_APP_ID);
    assert_ne!(emulator.apps(), original);
    assert_eq!(http.post(format!("{base}/__emulator/reset")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(emulator.apps(), original);

    let app = &original[0];
    let kid = app["credentials"]["signing"]["kid"].as_str().unwrap();
    let keys = json_of(get(&http, &emulator, &format!("/api/v1/apps/{}/credentials/keys", defaults::FLEX_APP_ID)).await).await;
    assert_eq!(keys.as_array().unwrap().len(), 2, "current and next");
    assert_eq!(keys[0]["kid"], kid);
    let metadata = get(&http, &emulator, &format!("/api/v1/apps/{}/sso/saml/metadata?kid={kid}", defaults::FLEX_APP_ID)).await;
    assert_eq!(metadata.status(), StatusCode::OK);
    let xml = metadata.text().await.unwrap();
    assert!(xml.contains(keys[0]["x5c"][0].as_str().unwrap()));
    assert!(xml.contains(&format!("Location=\"{base}/app/dev-00000000_twilioflex_1/exk1flex00legacy0001/sso/saml\"")));
    assert!(xml.contains("entityID=\"http://www.okta.com/exk1flex00legacy0001\""));
    let next = keys[1]["kid"].as_str().unwrap();
    let with_next = get(&http, &emulator, &format!("/api/v1/apps/{}/sso/saml/metadata?kid={next}", defaults::FLEX_APP_ID)).await.text().await.unwrap();
    assert!(with_next.contains(keys[1]["x5c"][0].as_str().unwrap()));
    assert_eq!(get(&http, &emulator, &format!("/api/v1/apps/{}/sso/saml/metadata", defaults::FLEX_APP_ID)).await.status(), StatusCode::BAD_REQUEST);
    emulator.shutdown().await;
}
