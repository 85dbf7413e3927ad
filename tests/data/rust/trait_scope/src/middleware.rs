use actix_web::dev::{Service, ServiceRequest};
use std::sync::Mutex;

pub struct IdempotencyService<S> {
  service: S,
  seen: Mutex<Vec<String>>,
}

impl<S> Service<ServiceRequest> for IdempotencyService<S> {
  fn call(&self, req: ServiceRequest) -> String {
    let mut seen = self.seen.lock().unwrap();
    seen.push(req.path().to_string());
    String::new()
  }
}
