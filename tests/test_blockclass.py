"""The block classes (made by ``@block``, compose/blockclass.py) behave exactly as the frozen
dataclasses they replace: each is compared with ``@dataclass(frozen=True)`` made from the same
class body."""

from __future__ import annotations

import dataclasses
import inspect
import math

import pytest

from kitbuilder.compose import blocks
from kitbuilder.compose.blockclass import block

BLOCK_CLASSES = [c for c in vars(blocks).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]


def stdlib_twin(cls: type) -> type:
    """``cls``'s body made into a class by ``@dataclass(frozen=True)``."""
    namespace = {"__annotations__": dict(cls.__annotations__), "__doc__": cls.__doc__, "__module__": cls.__module__,
                 "__qualname__": cls.__qualname__}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING or not f.compare:
            namespace[f.name] = dataclasses.field(default=f.default, default_factory=f.default_factory,
                                                  compare=f.compare, repr=f.repr, hash=f.hash)
    return dataclasses.dataclass(frozen=True)(type(cls.__name__, (), namespace))


def sample_args(cls: type, salt: object, at: int = 0) -> dict:
    """Arguments for every field, ``salt`` in the one at index ``at`` (so two samples can differ there)."""
    return {f.name: salt if i == at else (f.name, i, math.nan) for i, f in enumerate(dataclasses.fields(cls))}


@pytest.mark.parametrize("cls", BLOCK_CLASSES, ids=lambda c: c.__name__)
def test_a_block_class_is_the_frozen_dataclass_it_was(cls):
    twin = stdlib_twin(cls)
    assert [(f.name, f.default, f.default_factory, f.compare, f.repr, f.hash) for f in dataclasses.fields(cls)] \
        == [(f.name, f.default, f.default_factory, f.compare, f.repr, f.hash) for f in dataclasses.fields(twin)]
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert cls.__match_args__ == twin.__match_args__
    cases = [(a, b, at) for at in range(len(dataclasses.fields(cls)))
             for a, b in (("a", "a"), ("a", "b"), (math.nan, math.nan), (None, 0))]
    for salt_a, salt_b, at in cases:
        mine = (cls(**sample_args(cls, salt_a, at)), cls(**sample_args(cls, salt_b, at)))
        theirs = (twin(**sample_args(twin, salt_a, at)), twin(**sample_args(twin, salt_b, at)))
        assert (mine[0] == mine[1], mine[0] != mine[1]) == (theirs[0] == theirs[1], theirs[0] != theirs[1])
        assert (hash(mine[0]) == hash(mine[1])) == (hash(theirs[0]) == hash(theirs[1]))
        assert repr(mine[0]) == repr(theirs[0])
        assert mine[0].__eq__(object()) is NotImplemented
    one, other = cls(**sample_args(cls, "a")), twin(**sample_args(twin, "a"))
    assert vars(one) == vars(other) and vars(dataclasses.replace(one)) == vars(one)
    for attempt in (lambda o: setattr(o, dataclasses.fields(cls)[0].name, 1), lambda o: setattr(o, "other", 1),
                    lambda o: delattr(o, dataclasses.fields(cls)[0].name)):
        with pytest.raises(dataclasses.FrozenInstanceError) as mine_error:
            attempt(one)
        with pytest.raises(dataclasses.FrozenInstanceError) as their_error:
            attempt(other)
        assert str(mine_error.value) == str(their_error.value)


def test_a_default_factory_gives_each_block_its_own_value():
    one, two = blocks.Document("t", "en", ()), blocks.Document("t", "en", ())
    assert one.metadata == {} and one.metadata is not two.metadata
    with pytest.raises(TypeError):
        blocks.Run()  # a field without a default must be given


def test_what_block_cannot_make_is_refused():
    class WithPostInit:
        x: int

        def __post_init__(self):
            pass

    class KeywordOnly:
        x: int = dataclasses.field(kw_only=True)

    for cls in (WithPostInit, KeywordOnly):
        with pytest.raises(TypeError, match="@block makes plain fields only"):
            block(cls)
