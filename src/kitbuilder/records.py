"""Dataclasses made cheaply: ``@record`` for the classes every build imports.

``@record`` (or ``@record(frozen=True)``, ``@record(eq=False)``) makes what
``@dataclass`` with the same arguments makes (the fields, ``__init__``, ``__repr__``,
``__eq__``, and for a frozen class ``__hash__`` and no assignment after ``__init__``; a
class compared but not frozen is unhashable), and the class stays a dataclass
(``dataclasses.fields``, ``replace`` and ``is_dataclass`` work on it). It is faster to
import: ``dataclass()`` compiles up to six methods from source text for each class (some
0.2 ms a class, every build), where ``@record`` compiles only ``__init__`` (called often, so
it stays as fast as the one ``dataclass`` writes) and shares plain functions for the rest.
Nothing is compiled from anything but the class's own fields, and nothing is kept on disk.

``__dataclass_params__`` says what ``dataclass()`` itself was asked to generate (only the
fields), not what ``@record`` added; a record without a docstring keeps none (``dataclass``
would write one from ``inspect.signature``). Records are not subclassed; a class with
``__post_init__``, ``init=False`` or keyword-only fields is refused (``@record`` would not
do what dataclass does). A class ``make_dataclass(..., init=False, repr=False, eq=False)``
already made is given the rest. :mod:`kitbuilder.compose.blockclass` makes the blocks with it.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter


class _Factory:
    """The default of a parameter whose field has a default factory (shown as ``dataclass`` shows it)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()
_MADE = {"__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"}


def record(cls: type | None = None, *, frozen: bool = False, eq: bool = True, name: str = "@record"):
    """``cls`` as ``@dataclass(frozen=frozen, eq=eq)`` makes it (see the module's docstring)."""
    if cls is None:
        return lambda cls: record(cls, frozen=frozen, eq=eq, name=name)
    if _MADE.intersection(cls.__dict__):
        raise TypeError(f"{cls.__name__}: {name} makes its own methods (the class defines one of {sorted(_MADE)})")
    if "__dataclass_fields__" not in cls.__dict__:
        undocumented = not cls.__doc__
        if undocumented:  # else dataclass() writes one from inspect.signature (some 50 µs a class, every build)
            cls.__doc__ = cls.__name__
        cls = dataclass(init=False, repr=False, eq=False)(cls)  # fields only: nothing compiled
        if undocumented:
            cls.__doc__ = None
    all_fields = fields(cls)
    if hasattr(cls, "__post_init__") or any(not f.init or f.kw_only for f in all_fields):
        raise TypeError(f"{cls.__name__}: {name} makes plain fields only (no __post_init__, init=False or kw_only)")
    cls.__init__ = _init(cls, all_fields, frozen)
    shown = [f.name for f in all_fields if f.repr]

    def __repr__(self):
        return self.__class__.__qualname__ + "(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in shown) + ")"

    methods = [__repr__]
    if eq:
        key = _getter([f.name for f in all_fields if f.compare])

        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return key(self) == key(other)
            return NotImplemented

        def __hash__(self):
            return hash(key(self))

        methods.append(__eq__)
        if frozen:
            methods.append(__hash__)
        elif "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
            cls.__hash__ = None  # compared, not frozen: unhashable, as dataclass makes it
    if frozen:
        names = tuple(f.name for f in all_fields)

        def __setattr__(self, name, value):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self, name):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)

        methods += [__setattr__, __delattr__]
    for method in methods:
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    return cls


def _getter(names: list[str]):
    """A function of an instance giving the tuple of its ``names`` (as ``dataclass`` compares them)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda self: ()


def _init(cls: type, all_fields, frozen: bool) -> object:
    """``cls.__init__``: each field from its parameter, its default, or its default factory."""
    params, lines, values = ["self"], [], {"_setattr": object.__setattr__, "_FACTORY": _FACTORY}
    for f in all_fields:
        if f.default is not MISSING:
            values[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            value = f.name
        elif f.default_factory is not MISSING:
            values[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
        else:
            params.append(f.name)
            value = f.name
        lines.append(f"    _setattr(self, {f.name!r}, {value})\n" if frozen else f"    self.{f.name} = {value}\n")
    source = f"def __init__({', '.join(params)}):\n" + ("".join(lines) or "    pass\n")
    exec(source, values)  # noqa: S102 (text made above from the field names of a class of this package)
    init = values["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in all_fields} | {"return": None}  # its signature, as dataclass's
    return init
