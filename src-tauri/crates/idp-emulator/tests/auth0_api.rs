//! The Auth0 emulator's behaviour as a client sees it over HTTP: bearer tokens and scopes, fields
//! and paging, the PATCH, a concurrent dashboard edit, log search, rate limits, what is recorded,
//! and the control endpoints.

use flex_sso_idp_emulator::{defaults, Auth0Preset, EmulatorConfig, EmulatorHandle, IdpEmulator};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

async fn start(preset: Auth0Preset) -> (EmulatorHandle, reqwest::Client) {
    let emulator = IdpEmulator::start(EmulatorConfig::with_auth0_preset(preset)).await.expect("emulator starts");
    (emulator, reqwest::Client::new())
}

fn rw() -> String {
    format!("Bearer {}", defaults::AUTH0_TOKEN_READ_WRITE)
}

fn ro() -> String {
    format!("Bearer {}", defaults::AUTH0_TOKEN_READ_ONLY)
}

async fn get(http: &reqwest::Client, emulator: &EmulatorHandle, path: &str) -> Response {
    http.get(format!("{}{path}", emulator.auth0_base_url())).header("Authorization", rw()).send().await.expect("answer")
}

async fn json_of(response: Response) -> Value {
    response.json().await.expect("JSON")
}

fn flex_path() -> String {
    format!("/api/v2/clients/{}", defaults::AUTH0_FLEX_CLIENT_ID)
}

fn flex(emulator: &EmulatorHandle) -> Value {
    emulator.auth0_clients().into_iter().find(|c| c["client_id"] == defaults::AUTH0_FLEX_CLIENT_ID).unwrap()
}

#[tokio::test]
async fn bearer_tokens_are_checked_and_the_read_only_one_cannot_patch() {
    let (emulator, http) = start(Auth0Preset::Legacy).await;
    let url = format!("{}{}", emulator.auth0_base_url(), flex_path());
    let okta_token = format!("SSWS {}", defaults::ORG_TOKEN_READ_WRITE);
    for auth in [None, Some("Bearer wrong"), Some(okta_token.as_str()), Some(defaults::AUTH0_TOKEN_READ_WRITE)] {
        let mut request = http.get(&url);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        let body = json_of(response).await;
        assert_eq!((body["statusCode"].as_u64(), body["errorCode"].as_str()), (Some(401), Some("invalid_token")));
    }
    for auth in [rw(), ro(), format!("bearer {}", defaults::AUTH0_TOKEN_READ_ONLY)] {
        assert_eq!(http.get(&url).header("Authorization", &auth).send().await.unwrap().status(), StatusCode::OK, "{auth}");
    }
    let before = flex(&emulator);
    let refused = http.patch(&url).header("Authorization", ro()).json(&json!({"callbacks": []})).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body = json_of(refused).await;
    assert_eq!(body["errorCode"], "insufficient_scope");
    assert!(body["message"].as_str().unwrap().contains("update:clients"), "{body}");
    assert_eq!(flex(&emulator), before, "nothing changed");

    emulator.set_auth0_preset(Auth0Preset::Unauthorized);
    assert_eq!(get(&http, &emulator, "/api/v2/clients").await.status(), StatusCode::UNAUTHORIZED);
    emulator.set_auth0_preset(Auth0Preset::Forbidden);
    let forbidden = json_of(get(&http, &emulator, "/api/v2/logs").await).await;
    assert_eq!(forbidden["statusCode"], 403);
    assert_eq!(forbidden["message"], "Insufficient scope, expected any of: read:logs,read:logs_users");
    emulator.shutdown().await;
}

#[tokio::test]
async fn fields_paging_and_totals_work_as_the_excerpt_describes() {
    let (emulator, http) = start(Auth0Preset::SeveralClients).await;
    let all = json_of(get(&http, &emulator, "/api/v2/clients").await).await;
    assert_eq!(all.as_array().unwrap().len(), 5);
    let slim = json_of(get(&http, &emulator, "/api/v2/clients?fields=client_id,name&include_fields=true").await).await;
    assert_eq!(slim[0].as_object().unwrap().keys().collect::<Vec<_>>(), ["client_id", "name"]);
    let without = json_of(get(&http, &emulator, &format!("{}?fields=addons,signing_keys&include_fields=false", flex_path())).await).await;
    assert!(without.get("addons").is_none() && without.get("signing_keys").is_none() && without.get("callbacks").is_some());
    let page: Vec<String> = json_of(get(&http, &emulator, "/api/v2/clients?per_page=2&page=1").await).await.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(page, ["Twilio Flex (test)", "Salesforce"]);
    let totals = json_of(get(&http, &emulator, "/api/v2/clients?per_page=2&page=2&include_totals=true").await).await;
    assert_eq!((totals["start"].as_u64(), totals["limit"].as_u64(), totals["total"].as_u64()), (Some(4), Some(2), Some(5)));
    assert_eq!(totals["clients"].as_array().unwrap().len(), 1);
    let typed = json_of(get(&http, &emulator, "/api/v2/clients?app_type=non_interactive").await).await;
    assert_eq!(typed.as_array().unwrap().len(), 1);
    let too_many = get(&http, &emulator, "/api/v2/clients?per_page=101").await;
    assert_eq!(too_many.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(too_many).await["errorCode"], "invalid_query_string");
    let missing = get(&http, &emulator, "/api/v2/clients/NoSuchClient0000000000000000000x").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(missing).await["errorCode"], "inexistent_client");
    assert_eq!(get(&http, &emulator, "/api/v2/users").await.status(), StatusCode::NOT_FOUND);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_patch_replaces_each_property_sent_whole_and_answers_the_client() {
    let (emulator, http) = start(Auth0Preset::Legacy).await;
    let url = format!("{}{}", emulator.auth0_base_url(), flex_path());
    let before = flex(&emulator);
    let body = json!({"callbacks": ["https://login.flex.us1.twilio.com/login/callback?connection=JQ1"], "addons": {"samlp": {"audience": "urn:flex:JQ1"}}});
    let answer = http.patch(&url).header("Authorization", rw()).json(&body).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let updated = json_of(answer).await;
    assert_eq!(updated, flex(&emulator), "the answer is the stored client");
    assert_eq!(updated["addons"], body["addons"], "addons replaced whole: nothing of the old samlp kept");
    assert_eq!(updated["callbacks"], body["callbacks"]);
    assert_eq!(updated["signing_keys"], before["signing_keys"], "what was not sent is kept");
    for bad in [json!({}), json!({"client_id": "x"}), json!({"callbacks": "https://x"}), json!([1])] {
        let refused = http.patch(&url).header("Authorization", rw()).json(&bad).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(json_of(refused).await["errorCode"], "invalid_body");
    }
    assert_eq!(flex(&emulator), updated, "refused bodies change nothing");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_dashboard_edit_meanwhile_and_the_control_endpoints() {
    let (emulator, http) = start(Auth0Preset::Legacy).await;
    let base = emulator.auth0_base_url();
    let original = emulator.auth0_clients();
    let touched = http.post(format!("{base}/__emulator/auth0/clients/{}/touch", defaults::AUTH0_FLEX_CLIENT_ID)).send().await.unwrap();
    assert_eq!(touched.status(), StatusCode::OK);
    assert_eq!(json_of(touched).await["addons"]["samlp"]["lifetimeInSeconds"], 3660);
    assert_ne!(emulator.auth0_clients(), original);
    assert_eq!(http.post(format!("{base}/__emulator/auth0/clients/nope/touch")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(http.post(format!("{base}/__emulator/reset")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(emulator.auth0_clients(), original, "reset undoes it");

    let switched = http.post(format!("{base}/__emulator/scenario")).json(&json!({"auth0_preset": "migrated"})).send().await.unwrap();
    assert_eq!(switched.status(), StatusCode::OK);
    let scenario = json_of(switched).await;
    assert!(scenario["okta"]["apps"].is_array(), "Okta's org stays");
    assert!(flex(&emulator)["addons"]["samlp"]["audience"].as_str().unwrap().starts_with("urn:flex:"));
    let refused = http.post(format!("{base}/__emulator/scenario")).json(&json!({"auth0_preset": "nope"})).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(json_of(refused).await["error"].as_str().unwrap().contains("several_clients"));

    let event = json!({"log_id": "90020261203000000000000000000000000000000000000000000099", "date": "2026-12-03T05:59:00.000Z", "type": "w", "client_id": defaults::AUTH0_FLEX_CLIENT_ID, "description": "x"});
    assert_eq!(http.post(format!("{base}/__emulator/auth0/log-events")).json(&event).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    let found = json_of(get(&http, &emulator, "/api/v2/logs/90020261203000000000000000000000000000000000000000000099").await).await;
    assert_eq!(found, event);
    emulator.shutdown().await;
}

#[tokio::test]
async fn log_search_takes_q_or_search_sorts_and_refuses_what_it_cannot_read() {
    let (emulator, http) = start(Auth0Preset::Legacy).await;
    let flex_failures = format!("/api/v2/logs?q=type:f%20AND%20client_id:%22{}%22", defaults::AUTH0_FLEX_CLIENT_ID);
    let by_q = json_of(get(&http, &emulator, &flex_failures).await).await;
    let by_search = json_of(get(&http, &emulator, &flex_failures.replace("?q=", "?search=")).await).await;
    assert_eq!(by_q, by_search);
    assert_eq!(by_q.as_array().unwrap().len(), 1);
    assert_eq!(by_q[0]["user_name"], "agent@example.com");
    let dates = |v: &Value| v.as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let newest_first = dates(&json_of(get(&http, &emulator, "/api/v2/logs?sort=date:-1").await).await);
    let oldest_first = dates(&json_of(get(&http, &emulator, "/api/v2/logs?sort=date:1").await).await);
    assert_eq!(newest_first.len(), 4);
    assert_eq!(newest_first.iter().rev().cloned().collect::<Vec<_>>(), oldest_first);
    assert!(newest_first[0] > newest_first[1]);
    let agent = json_of(get(&http, &emulator, "/api/v2/logs?q=user_name:%22agent@example.com%22%20AND%20NOT%20client_name:Salesforce").await).await;
    assert_eq!(agent.as_array().unwrap().len(), 2);
    let totals = json_of(get(&http, &emulator, "/api/v2/logs?per_page=1&page=1&include_totals=true").await).await;
    assert_eq!((totals["start"].as_u64(), totals["length"].as_u64(), totals["total"].as_u64()), (Some(1), Some(1), Some(4)));
    for bad in ["/api/v2/logs?q=type:f%20AND", "/api/v2/logs?sort=date", "/api/v2/logs?per_page=1000"] {
        let refused = get(&http, &emulator, bad).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(json_of(refused).await["errorCode"], "invalid_query_string");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn rate_limits_carry_retry_after_and_auth0_s_headers_then_pass() {
    let (emulator, http) = start(Auth0Preset::RateLimited).await;
    for _ in 0..2 {
        let limited = get(&http, &emulator, "/api/v2/keys/signing").await;
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        let headers = limited.headers().clone();
        assert_eq!(headers["retry-after"], "1");
        assert_eq!(headers["x-ratelimit-remaining"], "0");
        let reset: i64 = headers["x-ratelimit-reset"].to_str().unwrap().parse().unwrap();
        assert!(reset >= time::OffsetDateTime::now_utc().unix_timestamp(), "a UNIX time in the future");
        assert!(headers.contains_key("x-ratelimit-limit"));
        assert_eq!(json_of(limited).await["errorCode"], "too_many_requests");
    }
    let keys = json_of(get(&http, &emulator, "/api/v2/keys/signing").await).await;
    assert_eq!(keys.as_array().unwrap().len(), 3);
    emulator.shutdown().await;
}

#[tokio::test]
async fn requests_are_recorded_without_their_tokens() {
    let (emulator, http) = start(Auth0Preset::Legacy).await;
    let base = emulator.auth0_base_url();
    get(&http, &emulator, "/api/v2/clients?fields=client_id").await;
    http.get(format!("{base}/api/v2/logs")).header("Authorization", "a-bare-secret-token").send().await.unwrap();
    let body = json!({"callbacks": ["https://x.example/cb"]});
    http.patch(format!("{base}{}", flex_path())).header("Authorization", ro()).json(&body).send().await.unwrap();
    let seen = emulator.requests();
    let schemes: Vec<Option<&str>> = seen.iter().map(|r| r.auth_scheme.as_deref()).collect();
    assert_eq!(schemes, [Some("Bearer"), Some("unrecognised"), Some("Bearer")]);
    assert_eq!(seen[0].path, "/api/v2/clients?fields=client_id");
    assert_eq!((seen[2].method.as_str(), seen[2].body.as_ref()), ("PATCH", Some(&body)));
    let over_http = http.get(format!("{base}/__emulator/requests")).send().await.unwrap().text().await.unwrap();
    for text in [format!("{seen:?}"), over_http] {
        for secret in [defaults::AUTH0_TOKEN_READ_WRITE, defaults::AUTH0_TOKEN_READ_ONLY, "a-bare-secret-token"] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }
    emulator.shutdown().await;
}
