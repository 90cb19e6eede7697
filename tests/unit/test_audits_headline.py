"""The headline of an audit report, the columns suggested for an audit, and ragged CSV files."""

from __future__ import annotations

import pytest
from test_audits_reports import fairness_document

from balise.domain.audits.findings import headline, suggested_columns
from balise.domain.audits.reports import report_from_json
from balise.domain.audits.uploads import check_not_ragged
from balise.domain.shared.errors import ValidationError


def test_the_headline_compares_the_least_and_the_most_selected_published_groups() -> None:
    document = fairness_document()
    document["groups"].insert(
        0,
        {"group": {"sex": "Y"}, "too_small": False, "count": 30, "selection_rate": 0.45, "ci": {}},
    )
    found = headline(report_from_json(document))
    assert found is not None
    assert found.kind == "selection"
    assert (found.low_group, found.low) == ({"sex": "F"}, 0.3)
    assert (found.high_group, found.high) == ({"sex": "M"}, 0.6)
    assert found.ratio == pytest.approx(0.5)  # 0.3 / 0.6; the withheld group X is never compared


def test_no_headline_when_fewer_than_two_groups_are_published_or_all_rates_are_equal() -> None:
    document = fairness_document()
    document["groups"][1]["too_small"] = True
    assert headline(report_from_json(document)) is None
    document = fairness_document()
    document["groups"][1]["selection_rate"] = 0.3
    assert headline(report_from_json(document)) is None


def test_the_representativeness_headline_is_the_category_furthest_below_its_share() -> None:
    document = {
        "kind": "representativeness",
        "reference": {"source": "Statbel"},
        "threshold": 0.8,
        "rows": 100,
        "matched_rows": 100,
        "cells": [
            {"cell": {"sex": "F"}, "observed": 30, "observed_share": 0.3,
             "reference_share": 0.5, "ratio": 0.6, "under_represented": True},
            {"cell": {"sex": "M"}, "observed": 70, "observed_share": 0.7,
             "reference_share": 0.5, "ratio": 1.4, "under_represented": False},
        ],
        "data": {"rows": 100, "parameters": {}},
    }  # fmt: skip
    found = headline(report_from_json(document))
    assert found is not None
    assert (found.kind, found.low_group, found.low, found.high) == (
        "representation",
        {"sex": "F"},
        0.3,
        0.5,
    )
    assert found.ratio == 0.6


def test_suggested_columns_follow_the_names_and_never_pick_the_row_id() -> None:
    suggested = suggested_columns(["id", "Sex", "region", "decision", "outcome", "score"])
    assert suggested == {
        "label": "outcome",
        "prediction": "decision",
        "score": "score",
        "sensitive": ["Sex", "region"],
    }
    assert suggested_columns(["id", "x"]) == {"sensitive": []}


def test_a_ragged_csv_is_refused_with_the_first_line_that_differs() -> None:
    check_not_ragged("a,b,c\n1,2,3\n4,5,6\n")
    check_not_ragged('a;b\n"x\ny";2\n3;4\n')  # a quoted line break stays one row
    check_not_ragged("only\none\ncolumn\n")
    with pytest.raises(ValidationError) as raised:
        check_not_ragged("a,b,c\n1,2,3\n4,5\n6,7,8,9\n")
    message = raised.value.errors["file"]
    assert dict(message.params) == {"line": 3, "fields": 2, "expected": 3}
