//! /api/v1/events: publish and read the event stream.

use crate::handlers::{current_user, data, parse_form};
use crate::http::{HttpRequest, HttpResponse};
use crate::models::StreamEvent;
use crate::services::metrics::MetricsService;
use crate::services::streams::StreamService;

pub async fn publish_event(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("publish_event");
    let user_id = match current_user(&req) {
        Ok(id) => id,
        Err(err) => return err.into_response(),
    };
    let form = parse_form(&req.body);
    let kind = form.get("kind").cloned().unwrap_or_default();
    let payload = form.get("payload").cloned().unwrap_or_default();
    match data::<StreamService>(&req).publish(user_id, &kind, &payload).await {
        Ok(event) => HttpResponse::created(event.to_json()),
        Err(err) => err.into_response(),
    }
}

pub async fn recent_events(req: HttpRequest) -> HttpResponse {
    data::<MetricsService>(&req).record("recent_events");
    let since = req.match_info("seq").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    let events = data::<StreamService>(&req).since(since, 100).await;
    HttpResponse::ok(format!("[{}]", events.iter().map(StreamEvent::to_json).collect::<Vec<_>>().join(",")))
}

pub async fn stream_stats(req: HttpRequest) -> HttpResponse {
    let (buffered, last_seq, dropped) = data::<StreamService>(&req).stats().await;
    HttpResponse::ok(format!("{{\"buffered\":{},\"last_seq\":{},\"dropped\":{}}}", buffered, last_seq, dropped))
}
