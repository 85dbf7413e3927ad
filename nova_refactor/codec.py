"""JSON <-> model dataclasses, driven by the dataclasses' own type hints.

Used by the result cache and by anything that reads an analysis document back.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import operator
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")




def json_text(value: Any) -> str:
    """Compact JSON of `to_jsonable(value)`, as it appears inside a larger document."""
    import json  # the warm run (stored output) needs none: a warm-path module

    return json.dumps(to_jsonable(value), check_circular=False)


def to_jsonable(value: Any) -> Any:
    """Dataclasses become dicts and tuples lists, recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encoder(type(value))(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]
Coder = Callable[[Any], Any]


@functools.cache
def _encoder(tp: Any) -> Encoder:
    """An encoder built once per type from its hints (the generic walk costs 3x more)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _optional(_encoder(_non_optional(tp)))
    if origin is tuple:
        return _list_encoder(typing.get_args(tp))
    if hasattr(tp, "to_json"):  # a value with a JSON form of its own (a Signal is its text)
        return tp.to_json
    if dataclasses.is_dataclass(tp):
        return _dataclass_encoder(tp)
    if tp in (str, int, float, bool, type(None)) or _is_enum(tp):
        return _identity  # a member is its own JSON (StrEnum): the generic walk asked it twice
    return to_jsonable


def _dataclass_encoder(tp: Any) -> Encoder:
    names, coders = _field_plan(tp, _encoder)
    shown = {f.name for f in dataclasses.fields(tp) if f.metadata.get("json", True)}
    # None: the value as it is, without a call to _identity for every plain field.
    plan = [(name, None if c is _identity else c)
            for name, c in zip(names, coders, strict=True) if name in shown]
    return lambda v: {
        name: getattr(v, name) if enc is None else enc(getattr(v, name)) for name, enc in plan
    }


def _list_encoder(args: tuple[Any, ...]) -> Encoder:
    item = _encoder(args[0]) if len(args) == 2 and args[1] is Ellipsis else to_jsonable
    return list if item is _identity else (lambda v: list(map(item, v)))


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild a model value of type `cls` from `to_jsonable` output."""
    # mypy matches no class object against the Hashable protocol (`__hash__` of `type[T]` is
    # seen unbound), though every class hashes: the cache key is sound.
    return _decoder(cls)(data)  # type: ignore[arg-type]


@functools.cache
def _decoder(tp: Any) -> Decoder:
    """A decoder built once per type, so the type hints are read once, not once per value."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(_non_optional(tp))
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        return _tuple_decoder(typing.get_args(tp))
    if hasattr(tp, "from_json"):
        return tp.from_json
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if _is_enum(tp):
        return tp  # the Enum class, called on the value, gives its member
    return _identity


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


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


# -- rows: a denser form for the result cache and for worker results ------------------------
# A dataclass becomes the tuple of its field values in declaration order, recursively; with
# `marshal` this loads several times faster than JSON into dicts and builds each value with
# one positional call. Rows carry no field names: only the same model can read them back (the
# cache salt includes a fingerprint of model.py and codec.py).


def to_rows(value: Any) -> Any:
    """A model value as nested tuples of plain values."""
    return _row_encoder(type(value))(value)  # type: ignore[arg-type]  # as in from_jsonable


def from_rows(cls: type[T], row: Any) -> T:
    """Rebuild a model value of type `cls` from `to_rows` output."""
    return _row_decoder(cls)(row)  # type: ignore[arg-type]  # as in from_jsonable


def _optional(inner: Coder) -> Coder:
    return inner if inner is _identity else (lambda v: None if v is None else inner(v))


@functools.cache
def _row_encoder(tp: Any) -> Encoder:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _optional(_row_encoder(_non_optional(tp)))
    if origin is tuple:
        return _row_tuple_encoder(typing.get_args(tp))
    if dataclasses.is_dataclass(tp):
        return _row_dataclass_encoder(*_field_plan(tp, _row_encoder))
    if _is_enum(tp):
        return str  # marshal takes exact strings only, not a StrEnum member
    return _identity


def _row_tuple_encoder(args: tuple[Any, ...]) -> Encoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _row_encoder(args[0])
        return _identity if item is _identity else (lambda v: tuple(map(item, v)))
    items = [_row_encoder(a) for a in args]
    if all(i is _identity for i in items):
        return _identity
    return lambda v: tuple(enc(x) for enc, x in zip(items, v, strict=True))


@functools.cache
def _row_decoder(tp: Any) -> Decoder:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _optional(_row_decoder(_non_optional(tp)))
    if origin is tuple:
        return _row_tuple_decoder(typing.get_args(tp))
    if dataclasses.is_dataclass(tp):
        return _row_dataclass_decoder(tp, _field_plan(tp, _row_decoder)[1])
    if _is_enum(tp):
        return tp  # the Enum class, called on the value, gives its member
    return _identity


def _row_tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _row_decoder(args[0])
        return tuple if item is _identity else (lambda r: tuple(map(item, r)))
    items = [_row_decoder(a) for a in args]
    return lambda r: tuple(dec(x) for dec, x in zip(items, r, strict=True))


# -- rows of a dataclass: `attrgetter` fetches every field in one call, and only the fields
# that need coding are coded (a loop over every field cost twice as much for decoding rows and
# three times as much for encoding them).


def _field_plan(tp: Any, coder: Callable[[Any], Coder]) -> tuple[tuple[str, ...], list[Coder]]:
    """The field names of dataclass `tp` in declaration order and each field's coder."""
    hints = typing.get_type_hints(tp)
    names = tuple(f.name for f in dataclasses.fields(tp))
    return names, [coder(hints[name]) for name in names]


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The field values of a dataclass as a tuple, fetched in one call."""
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        get = operator.attrgetter(names[0])
        return lambda v: (get(v),)
    return operator.attrgetter(*names)


def _special(coders: list[Coder]) -> list[tuple[int, Coder]]:
    """The positions whose values need coding, with their coders."""
    return [(position, c) for position, c in enumerate(coders) if c is not _identity]


def _row_dataclass_encoder(names: tuple[str, ...], coders: list[Coder]) -> Encoder:
    get, special = _getter(names), _special(coders)
    if not special:
        return get

    def encode(v: Any) -> tuple[Any, ...]:
        values = list(get(v))
        for position, coder in special:
            values[position] = coder(values[position])
        return tuple(values)

    return encode


def _row_dataclass_decoder(tp: Any, coders: list[Coder]) -> Decoder:
    special, count = _special(coders), len(coders)
    if not special:
        return lambda r: tp(*r)

    def decode(row: Any) -> Any:
        values = list(row)
        if len(values) != count:  # a damaged cache row
            raise ValueError(f"{len(values)} values for {count} fields of {tp.__name__}")
        for position, coder in special:
            values[position] = coder(values[position])
        return tp(*values)

    return decode
