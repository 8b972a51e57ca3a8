"""Registry of calculators. Each calculator is one module (see :mod:`gpp_core.calculator`).

Every module of this package that defines ``NAME`` is registered under that name, so a
new calculator is a new module, with no list to edit. A module may also define ``API``,
``{"endpoint.name": function}``: functions taking a JSON-ready mapping (the payload) and
the reader's language, returning a JSON-ready dict, that the browser reaches through
:func:`gpp_core.web.call_json` (for widgets whose input is richer than a flat form).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

from gpp_core.errors import UnknownName


def _discover() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        name = getattr(module, "NAME", None)
        if isinstance(name, str):
            if name in found:
                raise ValueError(f"two calculators are called {name!r}")
            found[name] = module
    return found


CALCULATORS: dict[str, ModuleType] = _discover()

Endpoint = Callable[[Any, str], dict[str, Any]]
API: dict[str, Endpoint] = {
    endpoint: function
    for module in CALCULATORS.values()
    for endpoint, function in getattr(module, "API", {}).items()
}


def _presets() -> None:
    # Preset links are not a calculator but serve them all: "preset.open".
    from gpp_core import presets

    API.update(presets.API)


_presets()


def get(name: str) -> ModuleType:
    """The calculator module called ``name``.

    >>> get("lcc-compare").NAME
    'lcc-compare'
    """
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownName("calculator", name, CALCULATORS) from None


def endpoint(name: str) -> Endpoint:
    """The API function called ``name`` (see the module docstring)."""
    try:
        return API[name]
    except KeyError:
        raise UnknownName("endpoint", name, API) from None
