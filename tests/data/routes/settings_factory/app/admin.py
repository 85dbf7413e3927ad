from fastapi import APIRouter

from app.core.config import settings

router = APIRouter(prefix=settings.admin_prefix)


@router.get("/stats", name="admin:stats")
def stats():
    return {}
