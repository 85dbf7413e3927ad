"""Workers: a daemon thread started at import time and an asyncio task loop."""

import asyncio
import logging
import queue
import threading

logging.basicConfig(level=logging.WARNING)
log = logging.getLogger(__name__)
JOBS: queue.Queue[int] = queue.Queue()
RESULTS: list[int] = []
_stop = threading.Event()
ORDER: list[str] = ["config"]


def worker(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            RESULTS.append(JOBS.get(timeout=0.01) * 2)
        except queue.Empty:
            continue


def start_workers() -> threading.Thread:
    ORDER.append("workers")
    thread = threading.Thread(target=worker, args=(_stop,), daemon=True, name="doubler")
    thread.start()
    return thread


WORKER = start_workers()


async def _square(n: int) -> int:
    await asyncio.sleep(0)
    return n * n


async def run_tasks(numbers: list[int]) -> list[int]:
    tasks = [asyncio.create_task(_square(n), name=f"sq-{n}") for n in numbers]
    return await asyncio.gather(*tasks)


def main() -> None:
    print(asyncio.run(run_tasks([1, 2, 3])))


ORDER.append("end")

if __name__ == "__main__":
    main()
