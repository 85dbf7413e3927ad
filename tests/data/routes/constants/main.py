from config import API_PREFIX, settings
from fastapi import APIRouter, FastAPI
from paths import computed_prefix

app = FastAPI()
users = APIRouter()
health = APIRouter()
other = APIRouter()


@users.get("/users")
def list_users():
    return []


@health.get(f"{API_PREFIX}/health")
def check():
    return "ok"


@other.get("/x")
def x():
    return "x"


app.include_router(users, prefix=settings.API_V1_STR)
app.include_router(health)
app.include_router(other, prefix=computed_prefix())
