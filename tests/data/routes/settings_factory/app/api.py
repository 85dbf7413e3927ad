from fastapi import APIRouter

router = APIRouter()


@router.get("/user", name="users:get-current-user")
def current_user():
    return {}


users = APIRouter()


@users.post("/login", name="auth:login")
def login():
    return {}


router.include_router(users, prefix="/users")
