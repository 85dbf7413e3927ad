//! nova user-service: the entrypoint as it stands before Phase 1 of the refactor plan.

mod domain;
#[allow(dead_code)]
mod http;
mod infra;

use std::collections::HashMap;
use std::env;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::domain::*;
use crate::http::{web, App, HttpServer};
use crate::infra::{
    health, no_store, parse_command, request_log, require_admin, require_auth, run_migrations,
    spawn_cache_janitor, spawn_pool_monitor, Command, Config, DbPool, Metrics, ResponseCache,
};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // ---- command line -----------------------------------------------------------------
    let args: Vec<String> = env::args().collect();
    let command = match parse_command(&args) {
        Ok(command) => command,
        Err(why) => {
            eprintln!("{}", why);
            eprintln!("usage: nova-user-service [serve|migrate|seed|healthcheck|version|help]");
            std::process::exit(2);
        }
    };

    // ---- configuration ------------------------------------------------------------------
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("configuration error: {}", err);
            std::process::exit(2);
        }
    };
    let strict_uploads: bool = env::var("FEATURE_STRICT_UPLOADS").map(|v| v == "1").unwrap_or(false);
    if strict_uploads {
        eprintln!("feature strict_uploads enabled");
    }
    let live_chat: bool = env::var("FEATURE_LIVE_CHAT").map(|v| v == "1").unwrap_or(false);
    if live_chat {
        eprintln!("feature live_chat enabled");
    }
    let video_transcode: bool = env::var("FEATURE_VIDEO_TRANSCODE").map(|v| v == "1").unwrap_or(false);
    if video_transcode {
        eprintln!("feature video_transcode enabled");
    }
    let feed_ranking: bool = env::var("FEATURE_FEED_RANKING").map(|v| v == "1").unwrap_or(false);
    if feed_ranking {
        eprintln!("feature feed_ranking enabled");
    }
    let safe_search: bool = env::var("FEATURE_SAFE_SEARCH").map(|v| v == "1").unwrap_or(false);
    if safe_search {
        eprintln!("feature safe_search enabled");
    }
    let read_replica: bool = env::var("FEATURE_READ_REPLICA").map(|v| v == "1").unwrap_or(false);
    if read_replica {
        eprintln!("feature read_replica enabled");
    }
    let audit_log: bool = env::var("FEATURE_AUDIT_LOG").map(|v| v == "1").unwrap_or(false);
    if audit_log {
        eprintln!("feature audit_log enabled");
    }
    let rate_limits: bool = env::var("FEATURE_RATE_LIMITS").map(|v| v == "1").unwrap_or(false);
    if rate_limits {
        eprintln!("feature rate_limits enabled");
    }
    let dm_encryption: bool = env::var("FEATURE_DM_ENCRYPTION").map(|v| v == "1").unwrap_or(false);
    if dm_encryption {
        eprintln!("feature dm_encryption enabled");
    }
    let story_mode: bool = env::var("FEATURE_STORY_MODE").map(|v| v == "1").unwrap_or(false);
    if story_mode {
        eprintln!("feature story_mode enabled");
    }
    let creator_tools: bool = env::var("FEATURE_CREATOR_TOOLS").map(|v| v == "1").unwrap_or(false);
    if creator_tools {
        eprintln!("feature creator_tools enabled");
    }
    let geo_blocking: bool = env::var("FEATURE_GEO_BLOCKING").map(|v| v == "1").unwrap_or(false);
    if geo_blocking {
        eprintln!("feature geo_blocking enabled");
    }
    let shadow_bans: bool = env::var("FEATURE_SHADOW_BANS").map(|v| v == "1").unwrap_or(false);
    if shadow_bans {
        eprintln!("feature shadow_bans enabled");
    }
    let two_factor: bool = env::var("FEATURE_TWO_FACTOR").map(|v| v == "1").unwrap_or(false);
    if two_factor {
        eprintln!("feature two_factor enabled");
    }
    let web_push: bool = env::var("FEATURE_WEB_PUSH").map(|v| v == "1").unwrap_or(false);
    if web_push {
        eprintln!("feature web_push enabled");
    }
    let low_bandwidth: bool = env::var("FEATURE_LOW_BANDWIDTH").map(|v| v == "1").unwrap_or(false);
    if low_bandwidth {
        eprintln!("feature low_bandwidth enabled");
    }

    // ---- subcommands that do not serve ----------------------------------------------------
    match command {
        Command::Help => {
            println!("usage: nova-user-service [serve|migrate|seed|healthcheck|version|help]");
            return Ok(());
        }
        Command::Version => {
            println!("nova-user-service {}", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        Command::Migrate => std::process::exit(run_migrations(&config).await),
        Command::Seed => {
            eprintln!("seeding is done by the migrate job");
            std::process::exit(1);
        }
        Command::Healthcheck => {
            let code = match DbPool::connect(&config.database_url, 1) {
                Ok(_) => 0,
                Err(_) => 1,
            };
            std::process::exit(code);
        }
        Command::Serve => {}
    }

    // ---- infrastructure -------------------------------------------------------------------
    let started = Instant::now();
    let pool = DbPool::connect(&config.database_url, config.pool_size)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::Other, e.to_string()))?;
    let replica = DbPool::connect(&config.replica_url, config.pool_size)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::Other, e.to_string()))?;
    let cache = ResponseCache::new(config.cache_ttl);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let running = Arc::new(AtomicBool::new(true));
    let metrics = Arc::new(Metrics::new());
    let jobs_done = Arc::new(AtomicU64::new(0));
    // per-client counters shared by the rate-limit middleware and the admin routes
    let rate_limits: Arc<Mutex<HashMap<String, u32>>> = Arc::new(Mutex::new(HashMap::new()));
    eprintln!("infrastructure ready in {:?}", started.elapsed());

    // ---- services, one per domain ----------------------------------------------------------
    let posts = Arc::new(PostsService::new(pool.clone(), cache.clone()));
    eprintln!("service posts ready ({} items)", posts.count());
    let comments = Arc::new(CommentsService::new(pool.clone(), cache.clone()));
    eprintln!("service comments ready ({} items)", comments.count());
    let likes = Arc::new(LikesService::new(pool.clone(), cache.clone()));
    eprintln!("service likes ready ({} items)", likes.count());
    let bookmarks = Arc::new(BookmarksService::new(pool.clone(), cache.clone()));
    eprintln!("service bookmarks ready ({} items)", bookmarks.count());
    let hashtags = Arc::new(HashtagsService::new(pool.clone(), cache.clone()));
    eprintln!("service hashtags ready ({} items)", hashtags.count());
    let images = Arc::new(ImagesService::new(pool.clone(), cache.clone()));
    eprintln!("service images ready ({} items)", images.count());
    let videos = Arc::new(VideosService::new(pool.clone(), cache.clone()));
    eprintln!("service videos ready ({} items)", videos.count());
    let uploads = Arc::new(UploadsService::new(pool.clone(), cache.clone()));
    eprintln!("service uploads ready ({} items)", uploads.count());
    let thumbnails = Arc::new(ThumbnailsService::new(pool.clone(), cache.clone()));
    eprintln!("service thumbnails ready ({} items)", thumbnails.count());
    let transcodes = Arc::new(TranscodesService::new(pool.clone(), cache.clone()));
    eprintln!("service transcodes ready ({} items)", transcodes.count());
    let streams = Arc::new(StreamsService::new(pool.clone(), cache.clone()));
    eprintln!("service streams ready ({} items)", streams.count());
    let chat = Arc::new(ChatService::new(pool.clone(), cache.clone()));
    eprintln!("service chat ready ({} items)", chat.count());
    let viewers = Arc::new(ViewersService::new(pool.clone(), cache.clone()));
    eprintln!("service viewers ready ({} items)", viewers.count());
    let analytics = Arc::new(AnalyticsService::new(replica.clone(), cache.clone()));
    eprintln!("service analytics ready ({} items)", analytics.count());
    let users = Arc::new(UsersService::new(pool.clone(), cache.clone()));
    eprintln!("service users ready ({} items)", users.count());
    let profiles = Arc::new(ProfilesService::new(pool.clone(), cache.clone()));
    eprintln!("service profiles ready ({} items)", profiles.count());
    let follows = Arc::new(FollowsService::new(pool.clone(), cache.clone()));
    eprintln!("service follows ready ({} items)", follows.count());
    let sessions = Arc::new(SessionsService::new(pool.clone(), cache.clone()));
    eprintln!("service sessions ready ({} items)", sessions.count());
    let notifications = Arc::new(NotificationsService::new(pool.clone(), cache.clone()));
    eprintln!("service notifications ready ({} items)", notifications.count());
    let feeds = Arc::new(FeedsService::new(replica.clone(), cache.clone()));
    eprintln!("service feeds ready ({} items)", feeds.count());
    let messages = Arc::new(MessagesService::new(pool.clone(), cache.clone()));
    eprintln!("service messages ready ({} items)", messages.count());
    let search = Arc::new(SearchService::new(replica.clone(), cache.clone()));
    eprintln!("service search ready ({} items)", search.count());
    let recommendations = Arc::new(RecommendationsService::new(replica.clone(), cache.clone()));
    eprintln!("service recommendations ready ({} items)", recommendations.count());
    let moderation = Arc::new(ModerationService::new(pool.clone(), cache.clone()));
    eprintln!("service moderation ready ({} items)", moderation.count());
    let reports = Arc::new(ReportsService::new(pool.clone(), cache.clone()));
    eprintln!("service reports ready ({} items)", reports.count());
    let playlists = Arc::new(PlaylistsService::new(pool.clone(), cache.clone()));
    eprintln!("service playlists ready ({} items)", playlists.count());
    let captions = Arc::new(CaptionsService::new(pool.clone(), cache.clone()));
    eprintln!("service captions ready ({} items)", captions.count());
    let blocks = Arc::new(BlocksService::new(pool.clone(), cache.clone()));
    eprintln!("service blocks ready ({} items)", blocks.count());
    let invites = Arc::new(InvitesService::new(pool.clone(), cache.clone()));
    eprintln!("service invites ready ({} items)", invites.count());
    let emojis = Arc::new(EmojisService::new(pool.clone(), cache.clone()));
    eprintln!("service emojis ready ({} items)", emojis.count());
    eprintln!("30 services ready");

    // ---- background workers -------------------------------------------------------------
    let janitor = spawn_cache_janitor(cache.clone(), config.cache_ttl, shutdown_rx.clone());
    let pool_monitor = spawn_pool_monitor(pool.clone(), running.clone());
    let feed_builder_service = posts.clone();
    let feed_builder_done = jobs_done.clone();
    let mut feed_builder_stop = shutdown_rx.clone();
    let feed_builder = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the feed builder
                    let pending = feed_builder_service.count();
                    if pending > 1000 {
                        eprintln!("feed_builder: {} pending", pending);
                    }
                    feed_builder_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("feed_builder: no tick for an hour");
                }
                _ = feed_builder_stop.changed() => break,
            }
        }
    });
    let transcode_queue_service = likes.clone();
    let transcode_queue_done = jobs_done.clone();
    let mut transcode_queue_stop = shutdown_rx.clone();
    let transcode_queue = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the transcode queue
                    let pending = transcode_queue_service.count();
                    if pending > 1000 {
                        eprintln!("transcode_queue: {} pending", pending);
                    }
                    transcode_queue_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("transcode_queue: no tick for an hour");
                }
                _ = transcode_queue_stop.changed() => break,
            }
        }
    });
    let viewer_counter_service = hashtags.clone();
    let viewer_counter_done = jobs_done.clone();
    let mut viewer_counter_stop = shutdown_rx.clone();
    let viewer_counter = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the viewer counter
                    let pending = viewer_counter_service.count();
                    if pending > 1000 {
                        eprintln!("viewer_counter: {} pending", pending);
                    }
                    viewer_counter_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("viewer_counter: no tick for an hour");
                }
                _ = viewer_counter_stop.changed() => break,
            }
        }
    });
    let notification_sender_service = videos.clone();
    let notification_sender_done = jobs_done.clone();
    let mut notification_sender_stop = shutdown_rx.clone();
    let notification_sender = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the notification sender
                    let pending = notification_sender_service.count();
                    if pending > 1000 {
                        eprintln!("notification_sender: {} pending", pending);
                    }
                    notification_sender_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("notification_sender: no tick for an hour");
                }
                _ = notification_sender_stop.changed() => break,
            }
        }
    });
    let search_indexer_service = thumbnails.clone();
    let search_indexer_done = jobs_done.clone();
    let mut search_indexer_stop = shutdown_rx.clone();
    let search_indexer = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the search indexer
                    let pending = search_indexer_service.count();
                    if pending > 1000 {
                        eprintln!("search_indexer: {} pending", pending);
                    }
                    search_indexer_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("search_indexer: no tick for an hour");
                }
                _ = search_indexer_stop.changed() => break,
            }
        }
    });
    let report_digest_service = streams.clone();
    let report_digest_done = jobs_done.clone();
    let mut report_digest_stop = shutdown_rx.clone();
    let report_digest = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the report digest
                    let pending = report_digest_service.count();
                    if pending > 1000 {
                        eprintln!("report_digest: {} pending", pending);
                    }
                    report_digest_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("report_digest: no tick for an hour");
                }
                _ = report_digest_stop.changed() => break,
            }
        }
    });
    let thumbnail_sweeper_service = viewers.clone();
    let thumbnail_sweeper_done = jobs_done.clone();
    let mut thumbnail_sweeper_stop = shutdown_rx.clone();
    let thumbnail_sweeper = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the thumbnail sweeper
                    let pending = thumbnail_sweeper_service.count();
                    if pending > 1000 {
                        eprintln!("thumbnail_sweeper: {} pending", pending);
                    }
                    thumbnail_sweeper_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("thumbnail_sweeper: no tick for an hour");
                }
                _ = thumbnail_sweeper_stop.changed() => break,
            }
        }
    });
    let chat_archiver_service = users.clone();
    let chat_archiver_done = jobs_done.clone();
    let mut chat_archiver_stop = shutdown_rx.clone();
    let chat_archiver = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the chat archiver
                    let pending = chat_archiver_service.count();
                    if pending > 1000 {
                        eprintln!("chat_archiver: {} pending", pending);
                    }
                    chat_archiver_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("chat_archiver: no tick for an hour");
                }
                _ = chat_archiver_stop.changed() => break,
            }
        }
    });
    let follow_suggester_service = follows.clone();
    let follow_suggester_done = jobs_done.clone();
    let mut follow_suggester_stop = shutdown_rx.clone();
    let follow_suggester = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the follow suggester
                    let pending = follow_suggester_service.count();
                    if pending > 1000 {
                        eprintln!("follow_suggester: {} pending", pending);
                    }
                    follow_suggester_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("follow_suggester: no tick for an hour");
                }
                _ = follow_suggester_stop.changed() => break,
            }
        }
    });
    let upload_scanner_service = notifications.clone();
    let upload_scanner_done = jobs_done.clone();
    let mut upload_scanner_stop = shutdown_rx.clone();
    let upload_scanner = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the upload scanner
                    let pending = upload_scanner_service.count();
                    if pending > 1000 {
                        eprintln!("upload_scanner: {} pending", pending);
                    }
                    upload_scanner_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("upload_scanner: no tick for an hour");
                }
                _ = upload_scanner_stop.changed() => break,
            }
        }
    });
    let session_pruner_service = messages.clone();
    let session_pruner_done = jobs_done.clone();
    let mut session_pruner_stop = shutdown_rx.clone();
    let session_pruner = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the session pruner
                    let pending = session_pruner_service.count();
                    if pending > 1000 {
                        eprintln!("session_pruner: {} pending", pending);
                    }
                    session_pruner_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("session_pruner: no tick for an hour");
                }
                _ = session_pruner_stop.changed() => break,
            }
        }
    });
    let trending_ranker_service = recommendations.clone();
    let trending_ranker_done = jobs_done.clone();
    let mut trending_ranker_stop = shutdown_rx.clone();
    let trending_ranker = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    // one pass of the trending ranker
                    let pending = trending_ranker_service.count();
                    if pending > 1000 {
                        eprintln!("trending_ranker: {} pending", pending);
                    }
                    trending_ranker_done.fetch_add(1, Ordering::Relaxed);
                }
                _ = tokio::time::sleep(Duration::from_secs(3600)) => {
                    // an hour without a tick: the runtime is starved
                    eprintln!("trending_ranker: no tick for an hour");
                }
                _ = trending_ranker_stop.changed() => break,
            }
        }
    });
    let audit_running = running.clone();
    let audit_metrics = metrics.clone();
    let audit = std::thread::spawn(move || {
        let mut lines: u64 = 0;
        while audit_running.load(Ordering::Relaxed) {
            lines += audit_metrics.requests.load(Ordering::Relaxed) % 2;
            std::thread::sleep(Duration::from_millis(50));
        }
        lines
    });

    // ---- HTTP server -------------------------------------------------------------------------
    let bind_addr = config.bind_addr.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(config.clone()))
            .app_data(web::Data::new(pool.clone()))
            .app_data(web::Data::new(cache.clone()))
            .app_data(metrics.clone())
            .app_data(rate_limits.clone())
            .app_data(posts.clone())
            .app_data(comments.clone())
            .app_data(likes.clone())
            .app_data(bookmarks.clone())
            .app_data(hashtags.clone())
            .app_data(images.clone())
            .app_data(videos.clone())
            .app_data(uploads.clone())
            .app_data(thumbnails.clone())
            .app_data(transcodes.clone())
            .app_data(streams.clone())
            .app_data(chat.clone())
            .app_data(viewers.clone())
            .app_data(analytics.clone())
            .app_data(users.clone())
            .app_data(profiles.clone())
            .app_data(follows.clone())
            .app_data(sessions.clone())
            .app_data(notifications.clone())
            .app_data(feeds.clone())
            .app_data(messages.clone())
            .app_data(search.clone())
            .app_data(recommendations.clone())
            .app_data(moderation.clone())
            .app_data(reports.clone())
            .app_data(playlists.clone())
            .app_data(captions.clone())
            .app_data(blocks.clone())
            .app_data(invites.clone())
            .app_data(emojis.clone())
            .wrap(request_log)
            .route("/health", web::get().to(health))
            .service(
                web::scope("/api/v1")
                    .wrap(require_auth)
                    .wrap(no_store)
                    .service(
                        web::scope("/content")
                            .wrap(request_log)
                            .service(
                                web::resource("/posts")
                                    .route(web::get().to(list_posts))
                                    .route(web::post().to(create_posts)),
                            )
                            .service(
                                web::resource("/posts/{id}")
                                    .route(web::get().to(get_posts))
                                    .route(web::put().to(create_posts)),
                            )
                            .service(
                                web::resource("/comments")
                                    .route(web::get().to(list_comments))
                                    .route(web::post().to(create_comments)),
                            )
                            .service(
                                web::resource("/comments/{id}")
                                    .route(web::get().to(get_comments))
                                    .route(web::put().to(create_comments)),
                            )
                            .service(
                                web::resource("/likes")
                                    .route(web::get().to(list_likes))
                                    .route(web::post().to(create_likes)),
                            )
                            .service(
                                web::resource("/likes/{id}")
                                    .route(web::get().to(get_likes))
                                    .route(web::put().to(create_likes)),
                            )
                            .service(
                                web::resource("/bookmarks")
                                    .route(web::get().to(list_bookmarks))
                                    .route(web::post().to(create_bookmarks)),
                            )
                            .service(
                                web::resource("/bookmarks/{id}")
                                    .route(web::get().to(get_bookmarks))
                                    .route(web::put().to(create_bookmarks)),
                            )
                            .service(
                                web::resource("/hashtags")
                                    .route(web::get().to(list_hashtags))
                                    .route(web::post().to(create_hashtags)),
                            )
                            .service(
                                web::resource("/hashtags/{id}")
                                    .route(web::get().to(get_hashtags))
                                    .route(web::put().to(create_hashtags)),
                            )
                            .service(
                                web::resource("/emojis")
                                    .route(web::get().to(list_emojis))
                                    .route(web::post().to(create_emojis)),
                            )
                            .service(
                                web::resource("/emojis/{id}")
                                    .route(web::get().to(get_emojis))
                                    .route(web::put().to(create_emojis)),
                            )
                    )
                    .service(
                        web::scope("/media")
                            .wrap(request_log)
                            .service(
                                web::resource("/images")
                                    .route(web::get().to(list_images))
                                    .route(web::post().to(create_images)),
                            )
                            .service(
                                web::resource("/images/{id}")
                                    .route(web::get().to(get_images))
                                    .route(web::put().to(create_images)),
                            )
                            .service(
                                web::resource("/videos")
                                    .route(web::get().to(list_videos))
                                    .route(web::post().to(create_videos)),
                            )
                            .service(
                                web::resource("/videos/{id}")
                                    .route(web::get().to(get_videos))
                                    .route(web::put().to(create_videos)),
                            )
                            .service(
                                web::resource("/uploads")
                                    .route(web::get().to(list_uploads))
                                    .route(web::post().to(create_uploads)),
                            )
                            .service(
                                web::resource("/uploads/{id}")
                                    .route(web::get().to(get_uploads))
                                    .route(web::put().to(create_uploads)),
                            )
                            .service(
                                web::resource("/thumbnails")
                                    .route(web::get().to(list_thumbnails))
                                    .route(web::post().to(create_thumbnails)),
                            )
                            .service(
                                web::resource("/thumbnails/{id}")
                                    .route(web::get().to(get_thumbnails))
                                    .route(web::put().to(create_thumbnails)),
                            )
                            .service(
                                web::resource("/transcodes")
                                    .route(web::get().to(list_transcodes))
                                    .route(web::post().to(create_transcodes)),
                            )
                            .service(
                                web::resource("/transcodes/{id}")
                                    .route(web::get().to(get_transcodes))
                                    .route(web::put().to(create_transcodes)),
                            )
                            .service(
                                web::resource("/playlists")
                                    .route(web::get().to(list_playlists))
                                    .route(web::post().to(create_playlists)),
                            )
                            .service(
                                web::resource("/playlists/{id}")
                                    .route(web::get().to(get_playlists))
                                    .route(web::put().to(create_playlists)),
                            )
                            .service(
                                web::resource("/captions")
                                    .route(web::get().to(list_captions))
                                    .route(web::post().to(create_captions)),
                            )
                            .service(
                                web::resource("/captions/{id}")
                                    .route(web::get().to(get_captions))
                                    .route(web::put().to(create_captions)),
                            )
                    )
                    .service(
                        web::scope("/streaming")
                            .wrap(request_log)
                            .service(
                                web::resource("/streams")
                                    .route(web::get().to(list_streams))
                                    .route(web::post().to(create_streams)),
                            )
                            .service(
                                web::resource("/streams/{id}")
                                    .route(web::get().to(get_streams))
                                    .route(web::put().to(create_streams)),
                            )
                            .service(
                                web::resource("/chat")
                                    .route(web::get().to(list_chat))
                                    .route(web::post().to(create_chat)),
                            )
                            .service(
                                web::resource("/chat/{id}")
                                    .route(web::get().to(get_chat))
                                    .route(web::put().to(create_chat)),
                            )
                            .service(
                                web::resource("/viewers")
                                    .route(web::get().to(list_viewers))
                                    .route(web::post().to(create_viewers)),
                            )
                            .service(
                                web::resource("/viewers/{id}")
                                    .route(web::get().to(get_viewers))
                                    .route(web::put().to(create_viewers)),
                            )
                            .service(
                                web::resource("/analytics")
                                    .route(web::get().to(list_analytics))
                                    .route(web::post().to(create_analytics)),
                            )
                            .service(
                                web::resource("/analytics/{id}")
                                    .route(web::get().to(get_analytics))
                                    .route(web::put().to(create_analytics)),
                            )
                    )
                    .service(
                        web::scope("/accounts")
                            .wrap(request_log)
                            .service(
                                web::resource("/users")
                                    .route(web::get().to(list_users))
                                    .route(web::post().to(create_users)),
                            )
                            .service(
                                web::resource("/users/{id}")
                                    .route(web::get().to(get_users))
                                    .route(web::put().to(create_users)),
                            )
                            .service(
                                web::resource("/profiles")
                                    .route(web::get().to(list_profiles))
                                    .route(web::post().to(create_profiles)),
                            )
                            .service(
                                web::resource("/profiles/{id}")
                                    .route(web::get().to(get_profiles))
                                    .route(web::put().to(create_profiles)),
                            )
                            .service(
                                web::resource("/follows")
                                    .route(web::get().to(list_follows))
                                    .route(web::post().to(create_follows)),
                            )
                            .service(
                                web::resource("/follows/{id}")
                                    .route(web::get().to(get_follows))
                                    .route(web::put().to(create_follows)),
                            )
                            .service(
                                web::resource("/sessions")
                                    .route(web::get().to(list_sessions))
                                    .route(web::post().to(create_sessions)),
                            )
                            .service(
                                web::resource("/sessions/{id}")
                                    .route(web::get().to(get_sessions))
                                    .route(web::put().to(create_sessions)),
                            )
                            .service(
                                web::resource("/invites")
                                    .route(web::get().to(list_invites))
                                    .route(web::post().to(create_invites)),
                            )
                            .service(
                                web::resource("/invites/{id}")
                                    .route(web::get().to(get_invites))
                                    .route(web::put().to(create_invites)),
                            )
                    )
                    .service(
                        web::scope("/engagement")
                            .wrap(request_log)
                            .service(
                                web::resource("/notifications")
                                    .route(web::get().to(list_notifications))
                                    .route(web::post().to(create_notifications)),
                            )
                            .service(
                                web::resource("/notifications/{id}")
                                    .route(web::get().to(get_notifications))
                                    .route(web::put().to(create_notifications)),
                            )
                            .service(
                                web::resource("/feeds")
                                    .route(web::get().to(list_feeds))
                                    .route(web::post().to(create_feeds)),
                            )
                            .service(
                                web::resource("/feeds/{id}")
                                    .route(web::get().to(get_feeds))
                                    .route(web::put().to(create_feeds)),
                            )
                            .service(
                                web::resource("/messages")
                                    .route(web::get().to(list_messages))
                                    .route(web::post().to(create_messages)),
                            )
                            .service(
                                web::resource("/messages/{id}")
                                    .route(web::get().to(get_messages))
                                    .route(web::put().to(create_messages)),
                            )
                    )
                    .service(
                        web::scope("/discovery")
                            .wrap(request_log)
                            .service(
                                web::resource("/search")
                                    .route(web::get().to(list_search))
                                    .route(web::post().to(create_search)),
                            )
                            .service(
                                web::resource("/search/{id}")
                                    .route(web::get().to(get_search))
                                    .route(web::put().to(create_search)),
                            )
                            .service(
                                web::resource("/recommendations")
                                    .route(web::get().to(list_recommendations))
                                    .route(web::post().to(create_recommendations)),
                            )
                            .service(
                                web::resource("/recommendations/{id}")
                                    .route(web::get().to(get_recommendations))
                                    .route(web::put().to(create_recommendations)),
                            )
                    )
                    .service(
                        web::scope("/trust")
                            .wrap(request_log)
                            .service(
                                web::resource("/moderation")
                                    .route(web::get().to(list_moderation))
                                    .route(web::post().to(create_moderation)),
                            )
                            .service(
                                web::resource("/moderation/{id}")
                                    .route(web::get().to(get_moderation))
                                    .route(web::put().to(create_moderation)),
                            )
                            .service(
                                web::resource("/reports")
                                    .route(web::get().to(list_reports))
                                    .route(web::post().to(create_reports)),
                            )
                            .service(
                                web::resource("/reports/{id}")
                                    .route(web::get().to(get_reports))
                                    .route(web::put().to(create_reports)),
                            )
                            .service(
                                web::resource("/blocks")
                                    .route(web::get().to(list_blocks))
                                    .route(web::post().to(create_blocks)),
                            )
                            .service(
                                web::resource("/blocks/{id}")
                                    .route(web::get().to(get_blocks))
                                    .route(web::put().to(create_blocks)),
                            )
                    )
            )
            .service(
                web::scope("/admin")
                    .wrap(require_admin)
                    .route("/health", web::get().to(health))
                    .route("/moderation", web::get().to(list_moderation))
                    .route("/reports", web::get().to(list_reports)),
            )
    })
    .bind(&bind_addr)?
    .shutdown_signal(shutdown_rx.clone());
    eprintln!("listening on {}", bind_addr);
    let serving = tokio::spawn(server.run());

    // ---- graceful shutdown -------------------------------------------------------------------
    tokio::signal::ctrl_c().await?;
    eprintln!("shutdown requested");
    let _ = shutdown_tx.send(true);
    running.store(false, Ordering::Relaxed);
    let evicted = janitor.await.unwrap_or(0);
    eprintln!("cache janitor stopped after evicting {}", evicted);
    let _ = feed_builder.await;
    eprintln!("feed_builder stopped");
    let _ = transcode_queue.await;
    eprintln!("transcode_queue stopped");
    let _ = viewer_counter.await;
    eprintln!("viewer_counter stopped");
    let _ = notification_sender.await;
    eprintln!("notification_sender stopped");
    let _ = search_indexer.await;
    eprintln!("search_indexer stopped");
    let _ = report_digest.await;
    eprintln!("report_digest stopped");
    let _ = thumbnail_sweeper.await;
    eprintln!("thumbnail_sweeper stopped");
    let _ = chat_archiver.await;
    eprintln!("chat_archiver stopped");
    let _ = follow_suggester.await;
    eprintln!("follow_suggester stopped");
    let _ = upload_scanner.await;
    eprintln!("upload_scanner stopped");
    let _ = session_pruner.await;
    eprintln!("session_pruner stopped");
    let _ = trending_ranker.await;
    eprintln!("trending_ranker stopped");
    let samples = pool_monitor.join().unwrap_or(0);
    let audited = audit.join().unwrap_or(0);
    match tokio::time::timeout(Duration::from_secs(5), serving).await {
        Ok(_) => eprintln!("server drained"),
        Err(_) => eprintln!("server did not drain within 5s"),
    }
    eprintln!(
        "stopped after {:?}: {} jobs, {} pool samples, {} audit lines",
        started.elapsed(),
        jobs_done.load(Ordering::Relaxed),
        samples,
        audited
    );
    Ok(())
}
