"""Races between real processes: one forked process per argument tuple, all released at once."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from smartcity.errors import SmartCityError

Outcome = tuple[str, object]
"""("ok", what the task returned), (the SmartCityError's key, its message), or ("crash", the error)."""


@contextmanager
def racing(
    task: Callable[..., object], arguments: Sequence[tuple[object, ...]], timeout: float
) -> Iterator[Callable[[], list[Outcome]]]:
    """Fork a process per tuple running ``task(start, *args)`` (``start.wait()`` releases them together);
    the block may act while they run, and the function it gets waits for their outcomes, in order.
    Every wait is bounded by ``timeout``; processes still alive at the end are killed."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(arguments))
    results = context.Queue()
    processes = [
        context.Process(target=_contender, args=(results, index, task, start, *args))
        for index, args in enumerate(arguments)
    ]
    for process in processes:
        process.start()

    def outcomes() -> list[Outcome]:
        reported = dict(results.get(timeout=timeout) for _ in processes)
        return [reported[index] for index in range(len(processes))]

    try:
        yield outcomes
    finally:
        for process in processes:
            process.join(timeout=timeout)
            if process.is_alive():
                process.kill()


def race(
    task: Callable[..., object], arguments: Sequence[tuple[object, ...]], timeout: float
) -> list[Outcome]:
    """Run ``task(start, *args)`` in a forked process per tuple, released together; their outcomes."""
    with racing(task, arguments, timeout) as outcomes:
        return outcomes()


def _contender(results: Any, index: int, task: Callable[..., object], *args: object) -> None:
    try:
        results.put((index, ("ok", task(*args))))
    except SmartCityError as error:
        results.put((index, (error.key, str(error))))
    except Exception as error:  # reported, so that the test shows it instead of timing out
        results.put((index, ("crash", repr(error))))
