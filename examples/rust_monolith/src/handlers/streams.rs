//! /api/v1/events: publish and read the event stream.

use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::errors::ServiceError;
use crate::handlers::auth::CurrentUser;
use crate::models::NewEvent;
use crate::services::metrics::MetricsService;
use crate::services::streams::StreamService;

pub async fn publish_event(
    user: CurrentUser,
    streams: web::Data<StreamService>,
    metrics: web::Data<MetricsService>,
    body: web::Json<NewEvent>,
) -> Result<HttpResponse, ServiceError> {
    metrics.record("publish_event");
    let event = streams.publish(user.0, &body.kind, &body.payload).await?;
    Ok(HttpResponse::Created().json(event))
}

pub async fn recent_events(
    streams: web::Data<StreamService>,
    metrics: web::Data<MetricsService>,
    seq: web::Path<u64>,
) -> HttpResponse {
    metrics.record("recent_events");
    HttpResponse::Ok().json(streams.since(seq.into_inner(), 100).await)
}

pub async fn stream_stats(streams: web::Data<StreamService>) -> HttpResponse {
    let (buffered, last_seq, dropped) = streams.stats().await;
    HttpResponse::Ok().json(json!({ "buffered": buffered, "last_seq": last_seq, "dropped": dropped }))
}
