use actix_web::dev::Service;

pub fn replay(inner: &dyn std::any::Any, request: String) {
  let service = lookup(inner);
  // `Service` is in scope: this `call` may be a middleware's
  service.call(request);
}
