"""gpp_core: the engine of the green and sustainable public procurement kit.

Pure Python (standard library only), so the same package runs in CPython and, in the
reader's browser, in Pyodide. Modules are named by domain: :mod:`gpp_core.discounting`
(present value, annuities, NPV, IRR, paybacks), :mod:`gpp_core.calculator` (the
calculator contract), :mod:`gpp_core.calculators` (one module per calculator),
:mod:`gpp_core.i18n` (catalogues, number formatting in es, en, th, vi).
"""

__version__ = "0.1.0"
