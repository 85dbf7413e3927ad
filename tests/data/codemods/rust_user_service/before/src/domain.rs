//! The domains of the user-service: one service and its handlers per domain.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::http::{HttpRequest, HttpResponse};
use crate::infra::{data, DbPool, ResponseCache, ServiceError};

pub struct PostsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl PostsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        PostsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("posts");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_posts(req: HttpRequest) -> HttpResponse {
    let service = data::<PostsService>(&req);
    HttpResponse::ok(format!("{{\"posts\":{}}}", service.count()))
}

pub async fn create_posts(req: HttpRequest) -> HttpResponse {
    match data::<PostsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_posts(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<PostsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct CommentsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl CommentsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        CommentsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("comments");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_comments(req: HttpRequest) -> HttpResponse {
    let service = data::<CommentsService>(&req);
    HttpResponse::ok(format!("{{\"comments\":{}}}", service.count()))
}

pub async fn create_comments(req: HttpRequest) -> HttpResponse {
    match data::<CommentsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_comments(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<CommentsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct LikesService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl LikesService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        LikesService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("likes");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_likes(req: HttpRequest) -> HttpResponse {
    let service = data::<LikesService>(&req);
    HttpResponse::ok(format!("{{\"likes\":{}}}", service.count()))
}

pub async fn create_likes(req: HttpRequest) -> HttpResponse {
    match data::<LikesService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_likes(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<LikesService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct BookmarksService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl BookmarksService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        BookmarksService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("bookmarks");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_bookmarks(req: HttpRequest) -> HttpResponse {
    let service = data::<BookmarksService>(&req);
    HttpResponse::ok(format!("{{\"bookmarks\":{}}}", service.count()))
}

pub async fn create_bookmarks(req: HttpRequest) -> HttpResponse {
    match data::<BookmarksService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_bookmarks(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<BookmarksService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct HashtagsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl HashtagsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        HashtagsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("hashtags");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_hashtags(req: HttpRequest) -> HttpResponse {
    let service = data::<HashtagsService>(&req);
    HttpResponse::ok(format!("{{\"hashtags\":{}}}", service.count()))
}

pub async fn create_hashtags(req: HttpRequest) -> HttpResponse {
    match data::<HashtagsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_hashtags(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<HashtagsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct ImagesService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl ImagesService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        ImagesService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("images");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_images(req: HttpRequest) -> HttpResponse {
    let service = data::<ImagesService>(&req);
    HttpResponse::ok(format!("{{\"images\":{}}}", service.count()))
}

pub async fn create_images(req: HttpRequest) -> HttpResponse {
    match data::<ImagesService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_images(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<ImagesService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct VideosService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl VideosService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        VideosService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("videos");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_videos(req: HttpRequest) -> HttpResponse {
    let service = data::<VideosService>(&req);
    HttpResponse::ok(format!("{{\"videos\":{}}}", service.count()))
}

pub async fn create_videos(req: HttpRequest) -> HttpResponse {
    match data::<VideosService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_videos(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<VideosService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct UploadsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl UploadsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        UploadsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("uploads");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_uploads(req: HttpRequest) -> HttpResponse {
    let service = data::<UploadsService>(&req);
    HttpResponse::ok(format!("{{\"uploads\":{}}}", service.count()))
}

pub async fn create_uploads(req: HttpRequest) -> HttpResponse {
    match data::<UploadsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_uploads(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<UploadsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct ThumbnailsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl ThumbnailsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        ThumbnailsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("thumbnails");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_thumbnails(req: HttpRequest) -> HttpResponse {
    let service = data::<ThumbnailsService>(&req);
    HttpResponse::ok(format!("{{\"thumbnails\":{}}}", service.count()))
}

pub async fn create_thumbnails(req: HttpRequest) -> HttpResponse {
    match data::<ThumbnailsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_thumbnails(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<ThumbnailsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct TranscodesService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl TranscodesService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        TranscodesService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("transcodes");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_transcodes(req: HttpRequest) -> HttpResponse {
    let service = data::<TranscodesService>(&req);
    HttpResponse::ok(format!("{{\"transcodes\":{}}}", service.count()))
}

pub async fn create_transcodes(req: HttpRequest) -> HttpResponse {
    match data::<TranscodesService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_transcodes(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<TranscodesService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct StreamsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl StreamsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        StreamsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("streams");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_streams(req: HttpRequest) -> HttpResponse {
    let service = data::<StreamsService>(&req);
    HttpResponse::ok(format!("{{\"streams\":{}}}", service.count()))
}

pub async fn create_streams(req: HttpRequest) -> HttpResponse {
    match data::<StreamsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_streams(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<StreamsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct ChatService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl ChatService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        ChatService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("chat");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_chat(req: HttpRequest) -> HttpResponse {
    let service = data::<ChatService>(&req);
    HttpResponse::ok(format!("{{\"chat\":{}}}", service.count()))
}

pub async fn create_chat(req: HttpRequest) -> HttpResponse {
    match data::<ChatService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_chat(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<ChatService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct ViewersService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl ViewersService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        ViewersService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("viewers");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_viewers(req: HttpRequest) -> HttpResponse {
    let service = data::<ViewersService>(&req);
    HttpResponse::ok(format!("{{\"viewers\":{}}}", service.count()))
}

pub async fn create_viewers(req: HttpRequest) -> HttpResponse {
    match data::<ViewersService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_viewers(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<ViewersService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct AnalyticsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl AnalyticsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        AnalyticsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("analytics");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_analytics(req: HttpRequest) -> HttpResponse {
    let service = data::<AnalyticsService>(&req);
    HttpResponse::ok(format!("{{\"analytics\":{}}}", service.count()))
}

pub async fn create_analytics(req: HttpRequest) -> HttpResponse {
    match data::<AnalyticsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_analytics(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<AnalyticsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct UsersService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl UsersService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        UsersService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("users");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_users(req: HttpRequest) -> HttpResponse {
    let service = data::<UsersService>(&req);
    HttpResponse::ok(format!("{{\"users\":{}}}", service.count()))
}

pub async fn create_users(req: HttpRequest) -> HttpResponse {
    match data::<UsersService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_users(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<UsersService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct ProfilesService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl ProfilesService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        ProfilesService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("profiles");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_profiles(req: HttpRequest) -> HttpResponse {
    let service = data::<ProfilesService>(&req);
    HttpResponse::ok(format!("{{\"profiles\":{}}}", service.count()))
}

pub async fn create_profiles(req: HttpRequest) -> HttpResponse {
    match data::<ProfilesService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_profiles(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<ProfilesService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct FollowsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl FollowsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        FollowsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("follows");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_follows(req: HttpRequest) -> HttpResponse {
    let service = data::<FollowsService>(&req);
    HttpResponse::ok(format!("{{\"follows\":{}}}", service.count()))
}

pub async fn create_follows(req: HttpRequest) -> HttpResponse {
    match data::<FollowsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_follows(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<FollowsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct SessionsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl SessionsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        SessionsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("sessions");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_sessions(req: HttpRequest) -> HttpResponse {
    let service = data::<SessionsService>(&req);
    HttpResponse::ok(format!("{{\"sessions\":{}}}", service.count()))
}

pub async fn create_sessions(req: HttpRequest) -> HttpResponse {
    match data::<SessionsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_sessions(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<SessionsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct NotificationsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl NotificationsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        NotificationsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("notifications");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_notifications(req: HttpRequest) -> HttpResponse {
    let service = data::<NotificationsService>(&req);
    HttpResponse::ok(format!("{{\"notifications\":{}}}", service.count()))
}

pub async fn create_notifications(req: HttpRequest) -> HttpResponse {
    match data::<NotificationsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_notifications(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<NotificationsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct FeedsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl FeedsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        FeedsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("feeds");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_feeds(req: HttpRequest) -> HttpResponse {
    let service = data::<FeedsService>(&req);
    HttpResponse::ok(format!("{{\"feeds\":{}}}", service.count()))
}

pub async fn create_feeds(req: HttpRequest) -> HttpResponse {
    match data::<FeedsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_feeds(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<FeedsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct MessagesService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl MessagesService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        MessagesService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("messages");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_messages(req: HttpRequest) -> HttpResponse {
    let service = data::<MessagesService>(&req);
    HttpResponse::ok(format!("{{\"messages\":{}}}", service.count()))
}

pub async fn create_messages(req: HttpRequest) -> HttpResponse {
    match data::<MessagesService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_messages(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<MessagesService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct SearchService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl SearchService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        SearchService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("search");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_search(req: HttpRequest) -> HttpResponse {
    let service = data::<SearchService>(&req);
    HttpResponse::ok(format!("{{\"search\":{}}}", service.count()))
}

pub async fn create_search(req: HttpRequest) -> HttpResponse {
    match data::<SearchService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_search(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<SearchService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct RecommendationsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl RecommendationsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        RecommendationsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("recommendations");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_recommendations(req: HttpRequest) -> HttpResponse {
    let service = data::<RecommendationsService>(&req);
    HttpResponse::ok(format!("{{\"recommendations\":{}}}", service.count()))
}

pub async fn create_recommendations(req: HttpRequest) -> HttpResponse {
    match data::<RecommendationsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_recommendations(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<RecommendationsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct ModerationService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl ModerationService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        ModerationService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("moderation");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_moderation(req: HttpRequest) -> HttpResponse {
    let service = data::<ModerationService>(&req);
    HttpResponse::ok(format!("{{\"moderation\":{}}}", service.count()))
}

pub async fn create_moderation(req: HttpRequest) -> HttpResponse {
    match data::<ModerationService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_moderation(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<ModerationService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct ReportsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl ReportsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        ReportsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("reports");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_reports(req: HttpRequest) -> HttpResponse {
    let service = data::<ReportsService>(&req);
    HttpResponse::ok(format!("{{\"reports\":{}}}", service.count()))
}

pub async fn create_reports(req: HttpRequest) -> HttpResponse {
    match data::<ReportsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_reports(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<ReportsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct PlaylistsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl PlaylistsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        PlaylistsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("playlists");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_playlists(req: HttpRequest) -> HttpResponse {
    let service = data::<PlaylistsService>(&req);
    HttpResponse::ok(format!("{{\"playlists\":{}}}", service.count()))
}

pub async fn create_playlists(req: HttpRequest) -> HttpResponse {
    match data::<PlaylistsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_playlists(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<PlaylistsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct CaptionsService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl CaptionsService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        CaptionsService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("captions");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_captions(req: HttpRequest) -> HttpResponse {
    let service = data::<CaptionsService>(&req);
    HttpResponse::ok(format!("{{\"captions\":{}}}", service.count()))
}

pub async fn create_captions(req: HttpRequest) -> HttpResponse {
    match data::<CaptionsService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_captions(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<CaptionsService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct BlocksService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl BlocksService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        BlocksService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("blocks");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_blocks(req: HttpRequest) -> HttpResponse {
    let service = data::<BlocksService>(&req);
    HttpResponse::ok(format!("{{\"blocks\":{}}}", service.count()))
}

pub async fn create_blocks(req: HttpRequest) -> HttpResponse {
    match data::<BlocksService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_blocks(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<BlocksService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct InvitesService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl InvitesService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        InvitesService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("invites");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_invites(req: HttpRequest) -> HttpResponse {
    let service = data::<InvitesService>(&req);
    HttpResponse::ok(format!("{{\"invites\":{}}}", service.count()))
}

pub async fn create_invites(req: HttpRequest) -> HttpResponse {
    match data::<InvitesService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_invites(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<InvitesService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}

pub struct EmojisService {
    items: Arc<Mutex<HashMap<u64, String>>>,
    pool: DbPool,
    cache: ResponseCache,
    next_id: AtomicU64,
}

impl EmojisService {
    pub fn new(pool: DbPool, cache: ResponseCache) -> Self {
        EmojisService { items: Arc::new(Mutex::new(HashMap::new())), pool, cache, next_id: AtomicU64::new(1) }
    }

    pub async fn create(&self, body: &str) -> Result<u64, ServiceError> {
        let _conn = self.pool.get().await?;
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.items.lock().unwrap().insert(id, body.to_string());
        self.cache.invalidate("emojis");
        Ok(id)
    }

    pub async fn get(&self, id: u64) -> Result<String, ServiceError> {
        let _conn = self.pool.get().await?;
        self.items.lock().unwrap().get(&id).cloned().ok_or(ServiceError::NotFound)
    }

    pub fn count(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn list_emojis(req: HttpRequest) -> HttpResponse {
    let service = data::<EmojisService>(&req);
    HttpResponse::ok(format!("{{\"emojis\":{}}}", service.count()))
}

pub async fn create_emojis(req: HttpRequest) -> HttpResponse {
    match data::<EmojisService>(&req).create(&req.body).await {
        Ok(id) => HttpResponse::created(format!("{{\"id\":{}}}", id)),
        Err(err) => err.into_response(),
    }
}

pub async fn get_emojis(req: HttpRequest) -> HttpResponse {
    let id = req.match_info("id").and_then(|raw| raw.parse().ok()).unwrap_or(0);
    match data::<EmojisService>(&req).get(id).await {
        Ok(body) => HttpResponse::ok(body),
        Err(err) => err.into_response(),
    }
}
