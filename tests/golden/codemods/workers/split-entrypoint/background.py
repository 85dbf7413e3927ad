"""Background work: worker threads and asyncio tasks, their start and stop.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import asyncio
import queue
import threading

from app_state import JOBS, ORDER, RESULTS, _stop


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
