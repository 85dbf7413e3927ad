"""JSON <-> model dataclasses, driven by the dataclasses' own type hints.

Used by the result cache and by anything that reads an analysis document back.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


_PLAIN = (str, int, float, bool, type(None))


def to_jsonable(value: Any) -> Any:
    """Dataclasses become dicts and tuples lists, recursively."""
    if isinstance(value, _PLAIN):  # most values: answered before any dataclass machinery
        return value
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    names = _field_names(type(value))
    if names is None:
        return value
    return {name: to_jsonable(getattr(value, name)) for name in names}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names, read once per class; None for anything else."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


Decoder = Callable[[Any], Any]


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild a model value of type `cls` from `to_jsonable` output."""
    return _decoder(cls)(data)


@functools.cache
def _decoder(tp: Any) -> Decoder:
    """A decoder built once per type, so the type hints are read once, not once per value."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(_non_optional(tp))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        return _tuple_decoder(typing.get_args(tp))
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    return _identity


def _identity(data: Any) -> Any:
    return data


def _non_optional(tp: Any) -> Any:
    """`X | None` -> `X`."""
    return next(a for a in typing.get_args(tp) if a is not type(None))


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        if item is _identity:
            return tuple
        return lambda data: tuple(item(v) for v in data)
    items = [_decoder(a) for a in args]
    return lambda data: tuple(d(v) for d, v in zip(items, data, strict=True))


def _dataclass_decoder(tp: Any) -> Decoder:
    hints = typing.get_type_hints(tp)
    fields = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(tp)}

    def decode(data: Any) -> Any:
        return tp(**{k: fields[k](v) for k, v in data.items() if k in fields})

    return decode
