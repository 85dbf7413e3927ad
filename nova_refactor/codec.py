"""JSON <-> model dataclasses, driven by the dataclasses' own type hints.

Used by the result cache and by anything that reads an analysis document back.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    """Dataclasses become dicts and tuples lists, recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild a model value of type `cls` from `to_jsonable` output."""
    return _decode(cls, data)


def _decode(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _decode(_non_optional(tp), data)
    if origin is tuple:
        return _decode_tuple(typing.get_args(tp), data)
    if dataclasses.is_dataclass(tp):
        return _decode_dataclass(tp, data)
    return data


def _non_optional(tp: Any) -> Any:
    """`X | None` -> `X` (data that is None never gets this far)."""
    return next(a for a in typing.get_args(tp) if a is not type(None))


def _decode_tuple(args: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(args[0], v) for v in data)
    return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))


def _decode_dataclass(tp: Any, data: Any) -> Any:
    hints = _hints(tp)
    names = {f.name for f in dataclasses.fields(tp)}
    return tp(**{k: _decode(hints[k], v) for k, v in data.items() if k in names})
