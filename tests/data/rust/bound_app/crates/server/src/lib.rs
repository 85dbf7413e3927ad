use actix_web::{middleware, web::*, App, HttpServer};
use site_routes::{feeds, webfinger};

pub async fn sitemap() -> &'static str {
  ""
}

pub fn start(federation: bool, limit: u32) {
  HttpServer::new(move || {
    let app = App::new()
      .wrap(middleware::Logger::default())
      .wrap(middleware::Compress::default());

    app
      .configure(|cfg| api_routes::config(cfg, &limit))
      .configure(|cfg| {
        if federation {
          webfinger::config(cfg);
        }
      })
      .configure(feeds::config)
      .service(scope("/sitemap.xml").route("", get().to(sitemap)))
  });
}
