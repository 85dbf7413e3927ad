# nsidnev/fastapi-realworld-example-app's shape: an lru_cache'd settings factory whose class
# lives in another module; main.py binds its result to a local and mounts under its attribute.
from functools import lru_cache

from app.core.settings import AppSettings


@lru_cache
def get_app_settings() -> AppSettings:
    environments = {"prod": AppSettings}
    return environments["prod"]()


def load_settings():
    return AppSettings()


settings = load_settings()
