"""What the portal may show of a report, the findings, and the checks on uploaded files."""

from __future__ import annotations

from typing import Any

import pytest

from balise.domain.audits.findings import findings as typed_findings
from balise.domain.audits.reports import report_from_json
from balise.domain.audits.uploads import FileFormat, clean_file_name, looks_like
from balise.domain.shared.errors import ValidationError


# The documents below are JSON, as stored or sent; the domain reads them into the typed report,
# and these helpers give its JSON back, so that the assertions read the published shape.
def without_withheld(document: dict[str, Any]) -> dict[str, Any]:
    return report_from_json(document).without_withheld().to_json()


def findings(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [item.to_json() for item in typed_findings(report_from_json(document))]


def fairness_document(*, small: bool = True) -> dict[str, Any]:
    groups: list[dict[str, Any]] = [
        {
            "group": {"sex": "F"},
            "too_small": False,
            "count": 40,
            "share": 0.48,
            "selection_rate": 0.3,
            "ci": {},
        },
        {
            "group": {"sex": "M"},
            "too_small": False,
            "count": 40,
            "share": 0.48,
            "selection_rate": 0.6,
            "ci": {},
        },
    ]
    if small:
        groups.append({"group": {"sex": "X"}, "too_small": True, "count": None, "ci": {}})
    return {
        "kind": "fairness",
        "overall": {"too_small": False, "count": 83, "selection_rate": 0.46, "undefined": [],
                    "ci": {"selection_rate": {"low": 0.3, "high": 0.5}}},
        "groups": groups,
        "disparities": {"demographic_parity_difference": 0.3, "equalized_odds_difference": None,
                        "ci": {"demographic_parity_difference": {"low": 0.1, "high": 0.5}}},
        "four_fifths": {"threshold": 0.8, "groups": [
            {"group": {"sex": "F"}, "ratio": 0.5, "below_threshold": True},
            {"group": {"sex": "M"}, "ratio": 1.0, "below_threshold": False},
        ]},
        "by_attribute": {},
        "data": {"rows": 83, "parameters": {"min_group_size": 10}},
    }  # fmt: skip


def test_withheld_groups_and_what_would_reveal_them_are_left_out() -> None:
    shown = without_withheld(fairness_document())
    assert [g["group"]["sex"] for g in shown["groups"]] == ["F", "M"]
    assert "X" not in repr(shown)
    assert shown["withheld_groups"] == 1
    assert shown["overall"]["count"] is None
    assert shown["overall"]["ci"] == {"selection_rate": None}
    assert shown["data"]["rows"] is None
    assert all(g["share"] is None for g in shown["groups"])


def test_without_small_groups_the_totals_stay() -> None:
    shown = without_withheld(fairness_document(small=False))
    assert shown["overall"]["count"] == 83
    assert shown["data"]["rows"] == 83
    assert shown["withheld_groups"] == 0


def test_small_cells_of_a_representativeness_report_lose_their_counts() -> None:
    document = {
        "kind": "representativeness",
        "cells": [{"cell": {"sex": "F"}, "observed": 40, "expected": 30.0},
                  {"cell": {"sex": "M"}, "observed": 3, "expected": 13.0}],
        "unmatched": [{"cell": {"sex": "?"}, "count": 1}],
    }  # fmt: skip
    shown = without_withheld(document)
    assert shown["cells"][0]["observed"] == 40
    assert shown["cells"][1]["observed"] is None
    assert shown["unmatched"] == []


def test_findings_name_the_groups_below_the_threshold_and_count_the_withheld() -> None:
    found = findings(without_withheld(fairness_document()))
    kinds = [item["kind"] for item in found]
    assert kinds == ["below_threshold", "selection_gap", "withheld"]
    assert found[0]["group"] == {"sex": "F"}
    assert found[1] == {"kind": "selection_gap", "value": 0.3, "low": 0.1, "high": 0.5}
    assert found[2] == {"kind": "withheld", "count": 1, "min_group_size": 10}


def test_one_group_cannot_be_compared() -> None:
    document = fairness_document(small=False)
    document["groups"] = document["groups"][:1]
    assert [item["kind"] for item in findings(document)] == ["too_few_groups"]


@pytest.mark.parametrize(
    ("file_format", "head", "expected"),
    [
        (FileFormat.PARQUET, b"PAR1\x15\x04", True),
        (FileFormat.PARQUET, b"a,b\n1,2\n", False),
        (FileFormat.CSV, b"a,b\n1,2\n", True),
        (FileFormat.CSV, b"a;b\n1;2\n", True),
        (FileFormat.CSV, "région,décision\n".encode(), True),
        (FileFormat.CSV, "a,r\u00e9".encode()[:-1], True),  # a character cut at the end
        (FileFormat.CSV, b"PAR1\x00\x01", False),
        (FileFormat.CSV, b"just one column\n", False),
        (FileFormat.CSV, b"", False),
        (FileFormat.CSV, b"\xff\xfe,\x41" + b"x" * 10, False),
    ],
)
def test_first_bytes_match_the_format(file_format: FileFormat, head: bytes, expected: bool) -> None:
    assert looks_like(file_format, head) is expected


def test_file_names_are_for_display_only() -> None:
    assert clean_file_name("C:\\exports\\log.csv") == "log.csv"
    assert clean_file_name("../../etc/pass\nwd.csv") == "passwd.csv"
    assert FileFormat.from_file_name("LOG.PARQUET") is FileFormat.PARQUET
    with pytest.raises(ValidationError):
        FileFormat.from_file_name("log.xlsx")
    with pytest.raises(ValidationError):
        clean_file_name("\n")
