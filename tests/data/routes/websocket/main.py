from fastapi import APIRouter, FastAPI, WebSocket

app = FastAPI()
live = APIRouter(prefix="/live")


@app.websocket("/ws")
async def echo(websocket: WebSocket):
    await websocket.accept()


@live.websocket("/feed")
async def feed(websocket: WebSocket):
    await websocket.accept()


@app.websocket_route("/raw")
async def raw(websocket: WebSocket):
    await websocket.accept()


app.include_router(live, prefix="/v1")
