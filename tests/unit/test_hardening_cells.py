"""Hardening (issue 16, item 3): the one guard against formula injection, on plain values."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from balise.domain.shared.cells import csv_writer, safe_cell, safe_row

SOURCE = Path(__file__).resolve().parents[2] / "src" / "balise"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("https://x.example","y")', '\'=HYPERLINK("https://x.example","y")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+32 2 111 11 11", "'+32 2 111 11 11"),  # a telephone number with spaces is text
        ("- a list item", "'- a list item"),
        # Numbers written as text stay as they are: they cannot be formulas.
        ("-12", "-12"),
        ("-0.5", "-0.5"),
        ("+3e2", "+3e2"),
        ("-.5", "-.5"),
        # Anything else is untouched.
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        ("'already quoted", "'already quoted"),
        (-12, -12),
        (-0.5, -0.5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
        (True, True),
    ],
)
def test_a_cell(value: object, written: object) -> None:
    assert safe_cell(value) == written


def test_a_row_and_a_writer() -> None:
    assert safe_row(["id", "=1", -3, "-3"]) == ["id", "'=1", -3, "-3"]
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(["a", "=1+1"])
    writer.writerows([["@x", 2], ["-y", "-2"]])
    assert buffer.getvalue() == "a,'=1+1\n'@x,2\n'-y,-2\n"


def test_no_export_writes_csv_or_xlsx_without_the_guard() -> None:
    """Every CSV writer is `csv_writer`, and every workbook row goes through `safe_row`."""
    offenders = []
    for path in SOURCE.rglob("*.py"):
        if path.name == "cells.py" and path.parent.name == "shared":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(", text):
            offenders.append(f"{path.relative_to(SOURCE)}: csv.writer")
        for line in re.findall(r"^.*\.append\(.*$", text, flags=re.M):
            if "sheet" in line and "safe_row(" not in line:
                offenders.append(f"{path.relative_to(SOURCE)}: {line.strip()}")
    assert not offenders, offenders
