"""A FastAPI server built by app factories, the shape of LightRAG's `lightrag_server.py`:
`create_app(args)` defines its routes as closures on a local `app`, and
`create_document_routes(store, api_key)` defines routes on a module-level `APIRouter`."""

import os
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException

API_VERSION = "1.4"
MAX_PAGE = 100
documents = APIRouter(prefix="/documents", tags=["documents"])


class Store:
    """In-memory documents: what the routes read."""

    def __init__(self, workspace):
        self.workspace = workspace
        self.docs = {"d1": {"status": "ready"}, "d2": {"status": "processing"}}

    def find(self, doc_id):
        return self.docs.get(doc_id)

    def search(self, query, top_k):
        return sorted(k for k in self.docs if query in k)[:top_k]


def get_auth_dependency(api_key):
    """A dependency checking the API key (none configured: everything passes)."""

    def check_key(x_api_key: str = Header(default="")):
        if api_key and x_api_key != api_key:
            raise HTTPException(status_code=403, detail="bad API key")

    return check_key


def create_document_routes(store, api_key):
    """The document routes, on the module-level router."""
    auth = get_auth_dependency(api_key)

    @documents.get("/list", dependencies=[Depends(auth)])
    async def list_documents(doc_id: str = "d0", limit: int = 10):
        """List documents: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "list_documents",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/status", dependencies=[Depends(auth)])
    async def document_status(doc_id: str = "d1", limit: int = 10):
        """Document status: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "document_status",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/scan", dependencies=[Depends(auth)])
    async def scan_documents(doc_id: str = "d2", limit: int = 10):
        """Scan documents: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "scan_documents",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/upload", dependencies=[Depends(auth)])
    async def upload_document(doc_id: str = "d3", limit: int = 10):
        """Upload document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "upload_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.delete("/delete", dependencies=[Depends(auth)])
    async def delete_document(doc_id: str = "d4", limit: int = 10):
        """Delete document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "delete_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/pipeline", dependencies=[Depends(auth)])
    async def pipeline_status(doc_id: str = "d5", limit: int = 10):
        """Pipeline status: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "pipeline_status",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/reprocess", dependencies=[Depends(auth)])
    async def reprocess_document(doc_id: str = "d6", limit: int = 10):
        """Reprocess document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "reprocess_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/chunks", dependencies=[Depends(auth)])
    async def document_chunks(doc_id: str = "d7", limit: int = 10):
        """Document chunks: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "document_chunks",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/clear_cache", dependencies=[Depends(auth)])
    async def clear_cache(doc_id: str = "d8", limit: int = 10):
        """Clear cache: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "clear_cache",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/track", dependencies=[Depends(auth)])
    async def track_status(doc_id: str = "d9", limit: int = 10):
        """Track status: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "track_status",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/rename", dependencies=[Depends(auth)])
    async def rename_document(doc_id: str = "d10", limit: int = 10):
        """Rename document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "rename_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/export", dependencies=[Depends(auth)])
    async def export_document(doc_id: str = "d11", limit: int = 10):
        """Export document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "export_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/tag", dependencies=[Depends(auth)])
    async def tag_document(doc_id: str = "d12", limit: int = 10):
        """Tag document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "tag_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/history", dependencies=[Depends(auth)])
    async def document_history(doc_id: str = "d13", limit: int = 10):
        """Document history: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "document_history",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/merge", dependencies=[Depends(auth)])
    async def merge_documents(doc_id: str = "d14", limit: int = 10):
        """Merge documents: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "merge_documents",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/preview", dependencies=[Depends(auth)])
    async def preview_document(doc_id: str = "d15", limit: int = 10):
        """Preview document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "preview_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/restore", dependencies=[Depends(auth)])
    async def restore_document(doc_id: str = "d16", limit: int = 10):
        """Restore document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "restore_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/stats", dependencies=[Depends(auth)])
    async def document_stats(doc_id: str = "d17", limit: int = 10):
        """Document stats: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "document_stats",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/pin", dependencies=[Depends(auth)])
    async def pin_document(doc_id: str = "d18", limit: int = 10):
        """Pin document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "pin_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/owners", dependencies=[Depends(auth)])
    async def document_owners(doc_id: str = "d19", limit: int = 10):
        """Document owners: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "document_owners",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.post("/archive", dependencies=[Depends(auth)])
    async def archive_document(doc_id: str = "d20", limit: int = 10):
        """Archive document: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "archive_document",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    @documents.get("/size", dependencies=[Depends(auth)])
    async def document_size(doc_id: str = "d21", limit: int = 10):
        """Document size: what the web UI calls."""
        if limit < 0:
            raise HTTPException(status_code=422, detail="limit must not be negative")
        found = store.find(doc_id)
        status = "missing" if found is None else found.get("status", "ready")
        summary = {
            "id": doc_id,
            "status": status,
            "limit": min(limit, MAX_PAGE),
            "workspace": store.workspace,
            "route": "document_size",
        }
        if status == "missing":
            summary["hint"] = "upload it first"
        return summary

    return documents


def create_app(args):
    """Build the app: its set-up, its own routes, the document router."""
    store = Store(args.get("workspace", "default"))
    api_key = os.getenv("DEMO_API_KEY") or args.get("key")
    combined_auth = get_auth_dependency(api_key)
    api_version_display = API_VERSION + ("-dev" if args.get("dev") else "")
    started = []

    @asynccontextmanager
    async def lifespan(app):
        started.append("up")
        yield
        started.append("down")

    app = FastAPI(title="Demo Server API", version=api_version_display, lifespan=lifespan)
    app.include_router(create_document_routes(store, api_key))

    @app.get("/health", dependencies=[Depends(combined_auth)])
    async def get_status(q: str = "", top_k: int = 5):
        """Get status."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_status",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/auth-status")
    async def get_auth_status(q: str = "", top_k: int = 5):
        """Get auth status."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_auth_status",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/login")
    async def login(q: str = "", top_k: int = 5):
        """Login."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "login",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/query", dependencies=[Depends(combined_auth)])
    async def query_text(q: str = "", top_k: int = 5):
        """Query text."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "query_text",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/query/stream", dependencies=[Depends(combined_auth)])
    async def query_text_stream(q: str = "", top_k: int = 5):
        """Query text stream."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "query_text_stream",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/query/data", dependencies=[Depends(combined_auth)])
    async def query_data(q: str = "", top_k: int = 5):
        """Query data."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "query_data",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/graphs", dependencies=[Depends(combined_auth)])
    async def get_knowledge_graph(q: str = "", top_k: int = 5):
        """Get knowledge graph."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_knowledge_graph",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/graph/label/list", dependencies=[Depends(combined_auth)])
    async def get_graph_labels(q: str = "", top_k: int = 5):
        """Get graph labels."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_graph_labels",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/graph/label/popular", dependencies=[Depends(combined_auth)])
    async def get_popular_labels(q: str = "", top_k: int = 5):
        """Get popular labels."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_popular_labels",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/graph/label/search", dependencies=[Depends(combined_auth)])
    async def search_labels(q: str = "", top_k: int = 5):
        """Search labels."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "search_labels",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/graph/entity/edit", dependencies=[Depends(combined_auth)])
    async def update_entity(q: str = "", top_k: int = 5):
        """Update entity."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "update_entity",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/graph/relation/edit", dependencies=[Depends(combined_auth)])
    async def update_relation(q: str = "", top_k: int = 5):
        """Update relation."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "update_relation",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/graph/entity/exists", dependencies=[Depends(combined_auth)])
    async def check_entity_exists(q: str = "", top_k: int = 5):
        """Check entity exists."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "check_entity_exists",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/graph/entity/create", dependencies=[Depends(combined_auth)])
    async def create_entity(q: str = "", top_k: int = 5):
        """Create entity."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "create_entity",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/graph/relation/create", dependencies=[Depends(combined_auth)])
    async def create_relation(q: str = "", top_k: int = 5):
        """Create relation."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "create_relation",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/graph/entities/merge", dependencies=[Depends(combined_auth)])
    async def merge_entities(q: str = "", top_k: int = 5):
        """Merge entities."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "merge_entities",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/api/version", dependencies=[Depends(combined_auth)])
    async def get_version(q: str = "", top_k: int = 5):
        """Get version."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_version",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/api/tags", dependencies=[Depends(combined_auth)])
    async def get_tags(q: str = "", top_k: int = 5):
        """Get tags."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_tags",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/api/chat", dependencies=[Depends(combined_auth)])
    async def chat(q: str = "", top_k: int = 5):
        """Chat."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "chat",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/api/generate", dependencies=[Depends(combined_auth)])
    async def generate(q: str = "", top_k: int = 5):
        """Generate."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "generate",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.get("/api/ps", dependencies=[Depends(combined_auth)])
    async def get_running_models(q: str = "", top_k: int = 5):
        """Get running models."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        payload = {
            "query": q,
            "hits": hits,
            "mode": "get_running_models",
            "version": api_version_display,
            "workspace": store.workspace,
        }
        if not hits:
            payload["empty"] = True
        return payload

    @app.post("/api/pull", dependencies=[Depends(combined_auth)])
    async def pull_model(q: str = "", top_k: int = 5):
        """Pull model."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        return {"query": q, "hits": hits, "mode": "pull_model", "version": api_version_display}

    @app.delete("/api/delete", dependencies=[Depends(combined_auth)])
    async def delete_model(q: str = "", top_k: int = 5):
        """Delete model."""
        if top_k > args.get("max_top_k", 50):
            raise HTTPException(status_code=400, detail="top_k too large")
        hits = store.search(q, top_k)
        return {"query": q, "hits": hits, "mode": "delete_model", "version": api_version_display}

    app.state.started = started
    return app


def get_application(args=None):
    """What gunicorn calls: `server:get_application()`."""
    return create_app(args or {})


def main():
    import uvicorn

    uvicorn.run(create_app({"workspace": os.getenv("WORKSPACE", "default")}), port=9621)


if __name__ == "__main__":
    main()
