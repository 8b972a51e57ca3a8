"""The indicators of :mod:`gpp_core.indicators`, computed with pandas for large files.

Same input, same checks, same result (tested on generated datasets): this module is an
engine, not a second definition. The file-level steps (decoding, separator, header, OCDS
and XLSX reading, currencies) are the pure-Python engine's; pandas' C parser reads the
CSV; each column is then checked at once with pyarrow compute functions, and every cell
reader of the pure engine is applied once per *distinct* cell value (a column of
currencies or yes/no answers holds a handful), so a cell is judged by the very same code
in both engines. Sums of money are exact (``math.fsum`` over each group), as in the
pure-Python engine.

pandas, numpy and pyarrow are imported only inside this module's functions: the package
stays standard-library only (it runs in the browser, where they are not loaded).

    gpp indicators contracts.csv --by group,entity --engine pandas
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gpp_core import indicators as core
from gpp_core.indicators import FileProblem, RowIssue, Sums, Table

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

    Array = NDArray[Any]

__all__ = ["compute", "read_columns"]

# The characters ``str.strip()`` removes (Python's whitespace), for pyarrow's trim.
# (a test checks the list against Python's own).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _modules() -> tuple[Any, Any, Any, Any]:
    import numpy
    import pandas  # type: ignore[import-untyped]
    import pyarrow  # type: ignore[import-untyped]
    import pyarrow.compute  # type: ignore[import-untyped]

    return numpy, pandas, pyarrow, pyarrow.compute


def _columns_from_table(table: Table) -> tuple[dict[str, Any], Array, Array]:
    """Raw text cells of the template columns, empty rows, rows with extra cells."""
    np, _, pa, _ = _modules()
    width = table.width
    rows = table.rows
    columns = {
        cid: _strip(pa.array([row[i] if i < len(row) else "" for row in rows], pa.large_string()))
        for cid, i in table.positions.items()
    }
    empty = np.array([not any(c.strip() for c in row) for row in rows], dtype=bool)
    overflow = np.array([any(c.strip() for c in row[width:]) for row in rows], dtype=bool)
    return columns, empty, overflow


def read_columns(
    data: bytes | str | Table, filename: str = ""
) -> tuple[Table, dict[str, Any], Array, Array]:
    """Read a file: its layout (for a CSV, a :class:`Table` without rows), the text of
    each template column, stripped as ``str.strip`` does (pyarrow arrays), the empty
    rows and the rows with extra cells beyond the header."""
    np, pd, pa, _ = _modules()
    if isinstance(data, Table):
        return (data, *_columns_from_table(data))
    if isinstance(data, bytes):
        if not data or data.isspace():
            raise FileProblem("indicators.error.empty_file")
        if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or filename.lower().endswith(
            ".xlsx"
        ):
            table = core.read_table(data, filename)
            return (table, *_columns_from_table(table))
    text = core.source_text(data)
    if core.is_json(text):
        table = core.read_ocds_text(text)
        return (table, *_columns_from_table(table))
    text = core.prepare_csv(text)
    layout = core.csv_layout(text)
    width = len(layout.header)
    frame = None
    if not any("\n" in c or "\r" in c for c in layout.header):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                frame = pd.read_csv(
                    io.StringIO(text),
                    sep=layout.delimiter,
                    header=None,
                    skiprows=layout.skip + 1,
                    names=list(range(width)),
                    index_col=False,
                    dtype=pd.ArrowDtype(pa.large_string()),  # straight into pyarrow strings
                    keep_default_na=False,
                    na_filter=False,
                    skip_blank_lines=False,
                    quoting=csv.QUOTE_MINIMAL,
                    engine="c",
                    low_memory=False,
                )
            except (pd.errors.ParserError, ValueError):
                frame = None
        if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            frame = None  # a row longer than the header: read as the csv module reads it
    if frame is None:
        table = core.read_csv_text(text)
        return (table, *_columns_from_table(table))
    first = layout.skip + 2
    table = Table(
        source="csv",
        positions=layout.positions,
        rows=[],
        numbers=list(range(first, first + len(frame))),
        width=width,
        decimal_comma=layout.delimiter != ",",
        ignored=layout.ignored,
    )
    columns = {cid: _strip(_arrow(frame[i])) for cid, i in table.positions.items()}
    empty = np.ones(len(frame), dtype=bool)
    for array in columns.values():
        empty &= _blank(array)
    others = [i for i in range(width) if i not in table.positions.values()]
    for row in np.flatnonzero(empty):  # all template cells blank: look at the others
        if any(not pd.isna(frame.iat[row, i]) and str(frame.iat[row, i]).strip() for i in others):
            empty[row] = False
    return table, columns, empty, np.zeros(len(frame), dtype=bool)


def _arrow(series: Any) -> Any:
    """A column read by pandas as one pyarrow string array (missing cells as "")."""
    _, _, pa, pc = _modules()
    array = pa.chunked_array(series.array.__arrow_array__()).combine_chunks()
    return pc.fill_null(array, "")


def _strip(array: Any) -> Any:
    _, _, _, pc = _modules()
    return pc.utf8_trim(array, characters=WHITESPACE)


def _blank(stripped: Any) -> Array:
    _, _, _, pc = _modules()
    blank: Array = pc.equal(pc.binary_length(stripped), 0).to_numpy(zero_copy_only=False)
    return blank


def _distinct(stripped: Any, read: Any) -> tuple[list[Any], Array]:
    """``read`` (a cell reader of the pure engine) applied once per distinct value.

    Returns one outcome per distinct value, ``(True, value)`` or ``(False, (key,
    quoted))``, and the index of each row's value in that list.
    """
    np, _, _, pc = _modules()
    encoded = pc.dictionary_encode(stripped)
    outcomes: list[Any] = []
    for cell in encoded.dictionary.to_pylist():
        if not cell:
            outcomes.append((True, None))
            continue
        try:
            outcomes.append((True, read(cell)))
        except core._Bad as bad:
            outcomes.append((False, (bad.key, bad.value)))
    return outcomes, encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _too_many(dims: list[tuple[Any, list[str]]]) -> bool:
    """Whether the combinations of breakdown values overflow a 64-bit integer."""
    return math.prod(max(len(labels), 1) for _, labels in dims) >= 2**62


def compute(
    data: bytes | str | Table,
    *,
    filename: str = "",
    by: str | Sequence[str] | None = None,
    currency: str | None = None,
    rates: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """:func:`gpp_core.indicators.compute` with pandas (same arguments, same result)."""
    try:
        names = core.check_by(by)
        clean_rates = core.check_rates(rates, currency)
        table, columns, empty, overflow = read_columns(data, filename)
        return _compute(table, columns, empty, overflow, names, currency, clean_rates)
    except FileProblem as problem:
        return {"ok": False, "errors": [problem.to_json()]}


def _compute(
    table: Table,
    columns: dict[str, Any],
    empty: Array,
    overflow: Array,
    names: list[str],
    currency: str | None,
    rates: Mapping[str, float],
) -> dict[str, Any]:
    np, pd, pa, pc = _modules()
    d = core.dictionary()
    n = len(empty)
    numbers = np.asarray(table.numbers, dtype=np.int64)
    blocked = np.zeros(n, dtype=bool)
    blocked[list(table.blocked)] = True
    live = ~empty
    read = int(live.sum())
    if not read:
        raise FileProblem("indicators.error.no_rows")
    checked = live & ~overflow & ~blocked  # rows whose cells are read one by one
    order = {c: i for i, c in enumerate(["", *[c.id for c in d.columns]])}
    issues: list[tuple[int, int, str, str, dict[str, Any]]] = []

    def report(rows: Array, column: str, key: str, params: list[dict[str, Any]]) -> None:
        for row, extra in zip(rows.tolist(), params, strict=True):
            if table.refs is not None:
                extra = {**extra, "ref": table.refs[row]}
            issues.append((int(numbers[row]), order.get(column, 99), column, key, extra))

    rows = np.flatnonzero(live & blocked)
    report(rows, "", "indicators.row.ocds_status", [{"status": table.blocked[r]} for r in rows])
    rows = np.flatnonzero(live & overflow & ~blocked)
    report(
        rows,
        "",
        "indicators.row.cell_count",
        [{"found": len(table.rows[r]), "expected": table.width} for r in rows],
    )

    bad = np.zeros(n, dtype=bool)
    values: dict[str, Any] = {}
    closed = table.source != "ocds"
    for column in d.columns:
        if column.id not in columns:
            continue
        stripped = columns[column.id]
        blank = _blank(stripped)
        if column.required:
            rows = np.flatnonzero(checked & blank)
            report(rows, column.id, "indicators.row.required", [{} for _ in rows])
            bad[rows] = True
        present = checked & ~blank
        reader = core._cell_reader(column.type, table.decimal_comma, closed)
        if column.type == "text":
            values[column.id] = stripped
            continue
        if column.type in ("amount", "number"):
            pattern = (
                r"^[+-]?[0-9]+(?:[.,][0-9]+)?$"
                if table.decimal_comma
                else (r"^[+-]?[0-9]+(?:\.[0-9]+)?$")
            )
            fast = pc.and_(
                pc.string_is_ascii(stripped), pc.match_substring_regex(stripped, pattern)
            )
            fast = fast.to_numpy(zero_copy_only=False) & present
            text = pc.replace_substring(stripped, ",", ".") if table.decimal_comma else stripped
            number = np.full(n, np.nan)
            where = np.flatnonzero(fast)
            number[where] = pc.cast(text.take(pa.array(where)), pa.float64()).to_numpy(
                zero_copy_only=False
            )
            outcome_key = np.full(n, None, dtype=object)  # as the pure reader: sign first
            outcome_key[fast & ~(np.abs(number) <= core.MAX_NUMBER)] = "indicators.row.too_large"
            if column.type == "amount":
                outcome_key[fast & (number < 0)] = "indicators.row.negative"
            for row in np.flatnonzero(present & ~fast):  # anything else: the pure reader
                try:
                    number[row] = reader(stripped[int(row)].as_py())
                except core._Bad as failure:
                    outcome_key[row] = failure.key
            failed = np.flatnonzero(outcome_key != None)  # noqa: E711 - numpy elementwise
            for key in sorted({outcome_key[r] for r in failed}):
                rows = failed[outcome_key[failed] == key]
                params = [{"value": core._shown(stripped[int(r)].as_py())} for r in rows]
                report(rows, column.id, key, params)
            bad[failed] = True
            values[column.id] = number
            continue
        outcomes, index = _distinct(stripped, reader)
        failing = np.array([not ok for ok, _ in outcomes], dtype=bool)
        rows = np.flatnonzero(present & failing[index])
        groups: dict[str, list[int]] = {}
        for r in rows.tolist():
            groups.setdefault(outcomes[index[r]][1][0], []).append(r)
        for key, members in groups.items():
            params = [{"value": core._shown(outcomes[index[r]][1][1])} for r in members]
            report(np.asarray(members), column.id, key, params)
        bad[rows] = True
        values[column.id] = (outcomes, index)

    if "contract_id" in values:  # a contract id seen on an earlier row
        encoded = pc.dictionary_encode(values["contract_id"])
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        eligible = np.flatnonzero(checked & ~_blank(values["contract_id"]))
        _, first = np.unique(codes[eligible], return_index=True)
        is_first = np.zeros(len(eligible), dtype=bool)
        is_first[first] = True
        lookup = np.zeros(len(encoded.dictionary), dtype=np.int64)
        lookup[codes[eligible[first]]] = numbers[eligible[first]]
        dups = eligible[~is_first]
        ids = encoded.dictionary.to_pylist()
        report(
            dups,
            "contract_id",
            "indicators.row.duplicate",
            [
                {"value": core._shown(ids[codes[r]]), "first": int(lookup[codes[r]])}
                for r in dups.tolist()
            ],
        )
        bad[dups] = True

    issues.sort(key=lambda item: (item[0], item[1]))
    row_issues = [RowIssue(row, column, key, params) for row, _, column, key, params in issues]
    accepted = np.flatnonzero(checked & ~bad)

    outcomes, index = values["currency"]
    codes = index[accepted]
    seen, where = np.unique(codes, return_index=True)  # first accepted row of each currency
    first = {outcomes[c][1]: int(numbers[accepted[w]]) for c, w in zip(seen, where, strict=True)}
    reporting, used_rates = core.conversion(first, currency, rates)
    rate_of = np.array(
        [used_rates.get(v, 0.0) if ok and v is not None else 0.0 for ok, v in outcomes],
        dtype=float,
    )
    amounts = values["amount"][accepted] * rate_of[codes]

    flag_arrays: dict[str, tuple[Array, Array]] = {}
    for name in core.flag_names(table.positions):
        column_id, test = core.flag_test(name)
        outcomes, index = values[column_id]
        per_value = [test(v) for _, v in outcomes]
        yes_of = np.array([v is True for v in per_value], dtype=bool)
        known_of = np.array([v is not None for v in per_value], dtype=bool)
        taken = index[accepted]
        flag_arrays[name] = (yes_of[taken], known_of[taken])
    co2e = (
        values["co2e_avoided"][accepted]
        if "co2e_avoided" in values
        else np.full(len(accepted), np.nan)
    )
    co2e_known = ~np.isnan(co2e)
    co2e = np.where(co2e_known, co2e, 0.0)

    keys: list[tuple[str, ...]] | None = None
    group_of = np.zeros(len(accepted), dtype=np.int64)
    if names:
        dims = []
        for b in names:
            if b in ("group", "entity"):
                source = values["product_group" if b == "group" else "entity"]
                encoded = pc.dictionary_encode(source.take(pa.array(accepted)))
                dims.append(
                    (
                        encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
                        encoded.dictionary.to_pylist(),
                    )
                )
            else:
                outcomes, index = values["date"]
                labels = [
                    ""
                    if not ok or v is None
                    else f"{v[0]:04d}"
                    if b == "year"
                    else core.quarter_key(*v)
                    for ok, v in outcomes
                ]
                distinct = sorted(set(labels))
                position = {label: i for i, label in enumerate(distinct)}
                code_of = np.array([position[label] for label in labels], dtype=np.int64)
                dims.append((code_of[index[accepted]], distinct))
        # One number per combination of breakdown values (mixed radix), numbered by
        # pandas' hash-based factorize; the keys are sorted as text at the end anyway.
        combined = np.zeros(len(accepted), dtype=object if _too_many(dims) else np.int64)
        for codes, labels in dims:
            combined = combined * max(len(labels), 1) + codes
        group_of, uniques = pd.factorize(combined)
        keys = []
        for value in uniques.tolist():
            parts = []
            for _, labels in reversed(dims):
                value, code = divmod(int(value), max(len(labels), 1))
                parts.append(labels[code])
            keys.append(tuple(reversed(parts)))

    n_groups = len(keys) if keys is not None else 1
    small = np.uint16 if n_groups < 2**16 else np.int64  # numpy radix-sorts 16-bit keys
    sort = np.argsort(group_of.astype(small), kind="stable")
    counts = np.bincount(group_of, minlength=n_groups)
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    spans = list(itertools.pairwise(bounds))

    def exact_sums(array: Array) -> tuple[float, list[float]]:
        """The exact sum of ``array``, in total and per group (rows in group order)."""
        if keys is None:
            total = math.fsum(array.tolist())
            return total, [total]
        ordered = array[sort].tolist()
        return math.fsum(ordered), [math.fsum(ordered[a:b]) for a, b in spans]

    def counts_of(mask: Array) -> tuple[int, list[int]]:
        ordered = np.concatenate([[0], np.cumsum(mask[sort], dtype=np.int64)]).tolist()
        return ordered[-1], [ordered[b] - ordered[a] for a, b in spans]

    available = core.available_indicators(table.positions)
    by_value = {i.flag for i in available if i.kind == "value_share"}
    by_count = {i.flag for i in available if i.kind == "count_share"}
    amount_sums = exact_sums(amounts)
    yes_amt = {
        f: exact_sums(np.where(y, amounts, 0.0))
        for f, (y, _) in flag_arrays.items()
        if f in by_value
    }
    known_amt = {
        f: amount_sums if k.all() else exact_sums(np.where(k, amounts, 0.0))
        for f, (_, k) in flag_arrays.items()
        if f in by_value
    }
    yes_cnt = {f: counts_of(y) for f, (y, _) in flag_arrays.items() if f in by_count}
    known_cnt = {f: counts_of(k) for f, (_, k) in flag_arrays.items() if f in by_count}
    co2e_sums = exact_sums(co2e)
    co2e_cnt = counts_of(co2e_known)

    def sums(g: int | None) -> Sums:
        """The sums of group ``g`` (None: all the rows)."""

        def pick(pair: tuple[Any, list[Any]]) -> Any:
            return pair[0] if g is None else pair[1][g]

        return Sums(
            contracts=len(accepted) if g is None else int(counts[g]),
            amount=pick(amount_sums),
            yes_amount={f: pick(v) for f, v in yes_amt.items()},
            known_amount={f: pick(v) for f, v in known_amt.items()},
            yes_count={f: pick(v) for f, v in yes_cnt.items()},
            known_count={f: pick(v) for f, v in known_cnt.items()},
            co2e=pick(co2e_sums),
            co2e_count=pick(co2e_cnt),
        )

    total = core.group_entry(sums(None), available)
    breakdown: list[dict[str, Any]] = []
    if keys is not None:
        entries = {key: core.group_entry(sums(g), available) for g, key in enumerate(keys)}
        breakdown = [{"key": list(key), **entries[key]} for key in sorted(entries)]
    tally = {"read": read, "used": len(accepted), "empty": int(empty.sum())}
    return core.assemble(
        table, row_issues, tally, reporting, used_rates, names, total, breakdown, "pandas"
    )
