//! The Graph emulator's behaviour as a client sees it over HTTP: tokens, filters, `$select` and
//! paging, the PATCH (a complex property replaced whole, the service principal mirroring it,
//! refusals), a concurrent portal edit, the device code sign-in, reset, what is recorded.

use flex_sso_idp_emulator::{defaults, DeviceDecision, EmulatorConfig, EmulatorHandle, GraphPreset, GraphScenario, IdpEmulator};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

async fn start(preset: GraphPreset) -> (EmulatorHandle, reqwest::Client) {
    (IdpEmulator::start(EmulatorConfig::with_graph_preset(preset)).await.unwrap(), reqwest::Client::new())
}

async fn get(http: &reqwest::Client, emulator: &EmulatorHandle, path: &str) -> Response {
    http.get(format!("{}{path}", emulator.base_url())).bearer_auth(defaults::GRAPH_TOKEN_READ_WRITE).send().await.unwrap()
}

async fn json_of(response: Response) -> Value {
    response.json().await.unwrap()
}

fn flex_path() -> String {
    format!("/v1.0/applications/{}", defaults::ENTRA_FLEX_APPLICATION_ID)
}

#[tokio::test]
async fn tokens_are_checked_and_the_read_only_one_cannot_patch() {
    let (emulator, http) = start(GraphPreset::Legacy).await;
    let url = format!("{}{}", emulator.base_url(), flex_path());
    for auth in [None, Some("Bearer wrong"), Some(defaults::GRAPH_TOKEN_READ_WRITE), Some("SSWS okta-emulator-token-rw-0000")] {
        let mut request = http.get(&url);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        assert!(response.headers().contains_key("www-authenticate"));
        assert_eq!(json_of(response).await["error"]["code"], "InvalidAuthenticationToken");
    }
    let refused = http.patch(&url).bearer_auth(defaults::GRAPH_TOKEN_READ_ONLY).json(&json!({"notes": "x"})).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(refused).await["error"]["code"], "Authorization_RequestDenied");
    emulator.set_graph_preset(GraphPreset::NoPremiumLicence);
    let logs = get(&http, &emulator, "/v1.0/auditLogs/signIns").await;
    assert_eq!(logs.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(logs).await["error"]["message"], "Neither tenant is B2C or tenant doesn't have premium license");
    assert_eq!(get(&http, &emulator, "/v1.0/servicePrincipals").await.status(), StatusCode::OK, "only the log needs the licence");
    emulator.set_graph_preset(GraphPreset::RateLimited);
    let limited = get(&http, &emulator, "/v1.0/servicePrincipals").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "1");
}

#[tokio::test]
async fn lists_are_filtered_selected_and_paged_with_next_links() {
    let (emulator, http) = start(GraphPreset::SeveralApps).await;
    let mut url = format!("{}/v1.0/servicePrincipals?$filter=preferredSingleSignOnMode%20eq%20'saml'&$select=appId,displayName", emulator.base_url());
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let page = json_of(http.get(&url).bearer_auth(defaults::GRAPH_TOKEN_READ_ONLY).send().await.unwrap()).await;
        pages += 1;
        for sp in page["value"].as_array().unwrap() {
            assert_eq!(sp.as_object().unwrap().len(), 2, "only what $select asks: {sp}");
            names.push(sp["displayName"].as_str().unwrap().to_owned());
        }
        match page["@odata.nextLink"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(names, ["Twilio Flex", "Twilio Flex (test)", "Salesforce"], "the OIDC app is not SAML");
    assert_eq!(pages, 2, "two to a page");
    let by_name = json_of(get(&http, &emulator, "/v1.0/servicePrincipals?$filter=startswith(displayName,'twilio')").await).await;
    assert_eq!(by_name["value"].as_array().unwrap().len(), 2);
    let bad = get(&http, &emulator, "/v1.0/servicePrincipals?$filter=notes%20eq%20'x'").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let sp_path = format!("/v1.0/servicePrincipals/{}", defaults::ENTRA_FLEX_SP_ID);
    let whole = json_of(get(&http, &emulator, &sp_path).await).await;
    assert!(whole["keyCredentials"].as_array().unwrap().iter().all(|k| k["key"].is_null()), "no certificate bytes without $select");
    assert!(whole["samlSingleSignOnSettings"].is_null(), "Graph's null is kept");
    let keys = json_of(get(&http, &emulator, &format!("{sp_path}?$select=keyCredentials")).await).await;
    let verify: Vec<&Value> = keys["keyCredentials"].as_array().unwrap().iter().filter(|k| k["usage"] == "Verify").collect();
    assert_eq!(verify.len(), 2);
    assert!(verify.iter().all(|k| k["key"].as_str().is_some_and(|b| b.starts_with("MII"))));
    let by_app_id = json_of(get(&http, &emulator, &format!("/v1.0/servicePrincipals(appId='{}')", defaults::ENTRA_FLEX_APP_ID)).await).await;
    assert_eq!(by_app_id["id"], defaults::ENTRA_FLEX_SP_ID);
    assert_eq!(get(&http, &emulator, "/v1.0/users(appId='x')").await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_patch_replaces_web_whole_and_the_service_principal_follows() {
    let (emulator, http) = start(GraphPreset::Legacy).await;
    let url = format!("{}{}", emulator.base_url(), flex_path());
    let new_acs = format!("https://login.flex.us1.twilio.com/login/callback?connection={}", defaults::CONNECTION_SID);
    let body = json!({"identifierUris": [format!("urn:flex:{}", defaults::CONNECTION_SID)], "web": {"redirectUris": [new_acs]}});
    let response = http.patch(&url).bearer_auth(defaults::GRAPH_TOKEN_READ_WRITE).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.text().await.unwrap(), "");
    let after = json_of(get(&http, &emulator, &flex_path()).await).await;
    assert_eq!(after["web"], json!({"redirectUris": [new_acs]}), "web replaced whole: what was not sent is gone");
    assert_eq!(after["displayName"], "Twilio Flex", "properties not named stay");
    let sp = json_of(get(&http, &emulator, &format!("/v1.0/servicePrincipals/{}", defaults::ENTRA_FLEX_SP_ID)).await).await;
    assert_eq!(sp["replyUrls"], json!([new_acs]));
    assert_eq!(sp["servicePrincipalNames"], json!([defaults::ENTRA_FLEX_APP_ID, format!("urn:flex:{}", defaults::CONNECTION_SID)]));

    let taken = json!({"identifierUris": ["https://flexemulator.my.salesforce.com"]});
    let refused = http.patch(&url).bearer_auth(defaults::GRAPH_TOKEN_READ_WRITE).json(&taken).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(json_of(refused).await["error"]["message"].as_str().unwrap().contains("already exists"));
    let read_only = http.patch(&url).bearer_auth(defaults::GRAPH_TOKEN_READ_WRITE).json(&json!({"appId": "x"})).send().await.unwrap();
    assert_eq!(read_only.status(), StatusCode::BAD_REQUEST);

    let before_edit = json_of(get(&http, &emulator, &flex_path()).await).await;
    emulator.change_entra_app_behind_the_clients_back(defaults::ENTRA_FLEX_APP_ID);
    let edited = json_of(get(&http, &emulator, &flex_path()).await).await;
    assert_ne!(edited["web"], before_edit["web"], "a portal edit changes what a PATCH of web would overwrite");
    assert_eq!(edited["displayName"], "Twilio Flex (edited)");

    let reset = http.post(format!("{}/__emulator/reset", emulator.base_url())).send().await.unwrap();
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    let fresh = json_of(get(&http, &emulator, &flex_path()).await).await;
    assert_eq!(fresh["identifierUris"][0], format!("https://iam.twilio.com/v1/Accounts/{}/saml2/metadata", defaults::ACCOUNT_SID));
    let recorded = emulator.requests();
    assert_eq!(recorded.len(), 1, "reset forgets the requests");
    assert_eq!(recorded[0].auth_scheme.as_deref(), Some("Bearer"));
}

#[tokio::test]
async fn sign_ins_are_filtered_by_app_and_time_newest_first() {
    let (emulator, http) = start(GraphPreset::Legacy).await;
    let since = time::OffsetDateTime::now_utc() - time::Duration::minutes(15);
    let since = format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", since.year(), since.month() as u8, since.day(), since.hour(), since.minute(), since.second());
    let path = format!("/v1.0/auditLogs/signIns?$filter=appId%20eq%20'{}'%20and%20createdDateTime%20ge%20{since}", defaults::ENTRA_FLEX_APP_ID);
    let page = json_of(get(&http, &emulator, &path).await).await;
    let codes: Vec<i64> = page["value"].as_array().unwrap().iter().map(|s| s["status"]["errorCode"].as_i64().unwrap()).collect();
    assert_eq!(codes, [50011, 50105], "newest first, the older success left out");
    let top = json_of(get(&http, &emulator, "/v1.0/auditLogs/signIns?$top=1").await).await;
    assert_eq!(top["value"].as_array().unwrap().len(), 1);
    assert!(top["@odata.nextLink"].is_string());
}

fn form(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
}

async fn post_form(http: &reqwest::Client, url: &str, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = http.post(url).header("content-type", "application/x-www-form-urlencoded").body(form(fields)).send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn the_device_code_sign_in_is_pending_until_decided() {
    let scenario = GraphScenario { slow_down_first_poll: true, ..GraphPreset::Legacy.scenario() };
    let emulator = IdpEmulator::start(EmulatorConfig { graph: scenario, ..EmulatorConfig::default() }).await.unwrap();
    let http = reqwest::Client::new();
    let login = format!("{}/{}/oauth2/v2.0", emulator.login_base_url(), defaults::ENTRA_TENANT_DOMAIN);
    let scope = "https://graph.microsoft.com/Application.Read.All offline_access";
    let (status, code) = post_form(&http, &format!("{login}/devicecode"), &[("client_id", defaults::ENTRA_CLIENT_ID), ("scope", scope)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((code["interval"].as_u64(), code["expires_in"].as_u64()), (Some(5), Some(900)));
    let device_code = code["device_code"].as_str().unwrap().to_owned();
    let poll = [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("client_id", defaults::ENTRA_CLIENT_ID), ("device_code", device_code.as_str())];
    let token_url = format!("{login}/token");
    assert_eq!(post_form(&http, &token_url, &poll).await.1["error"], "slow_down");
    let (status, pending) = post_form(&http, &token_url, &poll).await;
    assert_eq!((status, pending["error"].as_str()), (StatusCode::BAD_REQUEST, Some("authorization_pending")));
    assert!(pending["error_description"].as_str().unwrap().starts_with("AADSTS70016"));
    assert!(emulator.decide_device_sign_in(code["user_code"].as_str(), DeviceDecision::Approve));
    let (status, tokens) = post_form(&http, &token_url, &poll).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tokens["access_token"], defaults::GRAPH_TOKEN_READ_ONLY, "read scopes, read-only token");
    assert_eq!(tokens["scope"], "https://graph.microsoft.com/Application.Read.All");
    assert_eq!(post_form(&http, &token_url, &poll).await.1["error"], "bad_verification_code", "a code is used once");

    let (status, unknown) = post_form(&http, &format!("{login}/devicecode"), &[("client_id", "00000000-0000-4000-8000-000000000001"), ("scope", scope)]).await;
    assert_eq!((status, unknown["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unauthorized_client")));
    let other_tenant = format!("{}/contoso.onmicrosoft.com/oauth2/v2.0/devicecode", emulator.login_base_url());
    assert_eq!(post_form(&http, &other_tenant, &[("client_id", defaults::ENTRA_CLIENT_ID), ("scope", scope)]).await.1["error"], "invalid_request");
    let none = http.post(format!("{}/__emulator/graph/device/approve", emulator.base_url())).json(&json!({})).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::NOT_FOUND, "nothing is waiting");
    assert!(emulator.requests().iter().all(|r| r.body.is_none()), "form bodies (with the device code) are not kept");
}
