"""The classes made by ``@record`` (kitbuilder/records.py; the block classes by its ``@block``,
compose/blockclass.py) behave exactly as the dataclasses they replace: each is compared with
``@dataclass`` made from the same class body with the same ``frozen`` and ``eq``."""

from __future__ import annotations

import dataclasses
import inspect
import math
import pickle

import pytest

from kitbuilder import build, diagnostics
from kitbuilder.compose import blocks, composition, context, forms, typography
from kitbuilder.model import event, kit, layout, layoutstyles, logo
from kitbuilder.records import record
from kitbuilder.source import bitmaps, fontfiles, places, spec, yamltree
from kitbuilder.workflow import batch, project

MODULES = (blocks, composition, context, forms, typography, build, diagnostics, event, kit, layout, layoutstyles, logo, bitmaps, fontfiles, places, spec, yamltree,
           batch, project)
RECORDS = sorted({c for m in MODULES for c in vars(m).values()
                  if isinstance(c, type) and "__dataclass_fields__" in c.__dict__ and c.__module__ == m.__name__},
                 key=lambda c: f"{c.__module__}.{c.__qualname__}")


def frozen_of(cls: type) -> bool:
    return "__setattr__" in cls.__dict__


def compared(cls: type) -> bool:
    return "__eq__" in cls.__dict__


def stdlib_twin(cls: type) -> type:
    """``cls``'s body made into a class by ``@dataclass`` with the same frozen and eq."""
    namespace = {"__annotations__": {f.name: f.type for f in dataclasses.fields(cls)}, "__doc__": cls.__doc__,
                 "__module__": cls.__module__, "__qualname__": cls.__qualname__}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING or not f.compare \
                or not f.repr:
            namespace[f.name] = dataclasses.field(default=f.default, default_factory=f.default_factory,
                                                  compare=f.compare, repr=f.repr, hash=f.hash)
    return dataclasses.dataclass(frozen=frozen_of(cls), eq=compared(cls))(type(cls.__name__, (), namespace))


def sample_args(cls: type, salt: object, at: int = 0) -> dict:
    return {f.name: salt if i == at else (f.name, i, math.nan) for i, f in enumerate(dataclasses.fields(cls))}


def test_the_classes_every_build_imports_are_records():
    assert {c.__name__ for c in RECORDS} >= {"Kit", "Film", "Layout", "Page", "Event", "AgendaItem", "FieldSpec",
                                              "ModelSpec", "Origin", "Problem", "BuildOptions", "Node", "Span",
                                              "Run", "Para", "Document", "RuledLines"}
    assert all(not c.__dataclass_params__.repr for c in RECORDS)  # made by @record, not by dataclass


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_is_the_dataclass_it_was(cls):
    twin = stdlib_twin(cls)
    describe = lambda c: [(f.name, f.default, f.default_factory, f.compare, f.repr, f.hash) for f in dataclasses.fields(c)]
    assert describe(cls) == describe(twin)
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert cls.__match_args__ == twin.__match_args__
    assert (cls.__hash__ is None) == (twin.__hash__ is None)
    for at in range(len(dataclasses.fields(cls))):
        for salt_a, salt_b in (("a", "a"), ("a", "b"), (math.nan, math.nan), (None, 0)):
            mine = (cls(**sample_args(cls, salt_a, at)), cls(**sample_args(cls, salt_b, at)))
            theirs = (twin(**sample_args(twin, salt_a, at)), twin(**sample_args(twin, salt_b, at)))
            assert (mine[0] == mine[1], mine[0] != mine[1]) == (theirs[0] == theirs[1], theirs[0] != theirs[1])
            if twin.__hash__ is not None:
                assert (hash(mine[0]) == hash(mine[1])) == (hash(theirs[0]) == hash(theirs[1]))
            assert repr(mine[0]) == repr(theirs[0])
    one, other = cls(**sample_args(cls, "a")), twin(**sample_args(twin, "a"))
    assert vars(one) == vars(other) and vars(dataclasses.replace(one)) == vars(one)
    name = dataclasses.fields(cls)[0].name
    for attempt in (lambda o: setattr(o, name, 1), lambda o: setattr(o, "other", 1), lambda o: delattr(o, name)):
        outcomes = []
        for instance in (cls(**sample_args(cls, "a")), twin(**sample_args(twin, "a"))):
            try:
                attempt(instance)
                outcomes.append(None)
            except Exception as error:  # noqa: BLE001 (compared with what dataclass raises)
                outcomes.append((type(error), str(error)))
        assert outcomes[0] == outcomes[1]


def test_a_default_factory_gives_each_record_its_own_value_and_records_pickle():
    one, two = blocks.Document("t", "en", ()), blocks.Document("t", "en", ())
    assert one.metadata == {} and one.metadata is not two.metadata
    one, two = kit.Question(1, "q"), kit.Question(1, "q")
    assert one.follow_ups == [] and one.follow_ups is not two.follow_ups
    lists = [f.name for f in dataclasses.fields(event.Event) if f.default_factory is list]
    assert lists and all(getattr(event.Event(), name) == [] for name in lists)
    assert getattr(event.Event(), lists[0]) is not getattr(event.Event(), lists[0])
    origin = diagnostics.Origin("k.yaml", 3, 4)
    assert pickle.loads(pickle.dumps(origin)) == origin and hash(pickle.loads(pickle.dumps(origin))) == hash(origin)
    problem = diagnostics.Problem(origin, "m", "f")
    assert pickle.loads(pickle.dumps(problem)) == problem and {problem: 1}[diagnostics.Problem(origin, "m", "f")]
    with pytest.raises(TypeError):
        diagnostics.Problem()  # a field without a default must be given


def test_what_record_cannot_make_is_refused():
    class WithPostInit:
        x: int

        def __post_init__(self):
            pass

    class KeywordOnly:
        x: int = dataclasses.field(kw_only=True)

    class OwnRepr:
        x: int

        def __repr__(self):
            return "mine"

    for cls in (WithPostInit, KeywordOnly):
        with pytest.raises(TypeError, match="@record makes plain fields only"):
            record(cls)
    with pytest.raises(TypeError, match="makes its own methods"):
        record(OwnRepr)


def test_a_record_keeps_its_own_docstring_or_none():
    @record
    class Bare:
        a: int

    @record
    class Told:
        """Said here."""
        a: int

    assert Bare.__doc__ is None and Told.__doc__ == "Said here."
    assert all(c.__doc__ is None or not c.__doc__.startswith(c.__name__ + "(") for c in RECORDS)
