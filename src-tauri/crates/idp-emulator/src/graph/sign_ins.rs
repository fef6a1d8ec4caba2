//! `GET /auditLogs/signIns`: `$filter` on `appId`, `createdDateTime`, `userPrincipalName`,
//! `status/errorCode`; `$top` up to 1,000; newest first (the excerpt's description).
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::filter::Filter;
use super::query::{page, top, ListQuery};
use super::scenario::GraphFault;
use super::{error, gate};
use crate::defaults::GRAPH_PATH;
use crate::server::Shared;
use crate::timefmt;

const FILTERABLE: &[&str] = &["appId", "createdDateTime", "userPrincipalName", "status/errorCode", "appDisplayName"];
const MAX_TOP: usize = 1000;

pub(crate) async fn list(State(shared): State<Arc<Shared>>, Query(query): Query<ListQuery>, headers: HeaderMap) -> Response {
    let answer = || -> Result<Response, Response> {
        gate::check(&shared, &headers)?;
        if shared.live().graph.scenario.fault == GraphFault::NoPremiumLicence {
            return Err(error::no_premium_licence());
        }
        let top = top(&query, MAX_TOP).map_err(|m| error::bad_request("Request_UnsupportedQuery", &m))?;
        let filter = match query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(text) => Some(Filter::parse(text, FILTERABLE).map_err(|m| error::bad_request("Request_UnsupportedQuery", &m))?),
            None => None,
        };
        let mut items: Vec<Value> = shared.live().graph.sign_ins.iter().filter(|s| filter.as_ref().is_none_or(|f| f.matches(s))).cloned().collect();
        items.sort_by_key(|s| std::cmp::Reverse(timefmt::field(s, "createdDateTime")));
        let base = &shared.base_url;
        let answer = page(items, &query, top.unwrap_or(MAX_TOP), &format!("{base}{GRAPH_PATH}/$metadata#auditLogs/signIns"), &format!("{base}{GRAPH_PATH}/auditLogs/signIns"));
        Ok(Json(answer).into_response())
    };
    answer().unwrap_or_else(|refusal| refusal)
}
