"""Registry of calculators. Each calculator is one module (see :mod:`gpp_core.calculator`)."""

from __future__ import annotations

from types import ModuleType

from gpp_core.calculators import lcc_compare
from gpp_core.errors import UnknownName

CALCULATORS: dict[str, ModuleType] = {module.NAME: module for module in (lcc_compare,)}


def get(name: str) -> ModuleType:
    """The calculator module called ``name``.

    >>> get("lcc-compare").NAME
    'lcc-compare'
    """
    try:
        return CALCULATORS[name]
    except KeyError:
        raise UnknownName("calculator", name, CALCULATORS) from None
