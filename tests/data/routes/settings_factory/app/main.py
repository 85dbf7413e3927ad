from fastapi import FastAPI

from app import admin
from app.api import router as api_router
from app.core.config import get_app_settings


def get_application() -> FastAPI:
    settings = get_app_settings()
    application = FastAPI()
    application.include_router(api_router, prefix=settings.api_prefix)
    application.include_router(admin.router)
    return application


app = get_application()
