"""`balise audit fairness`: every number equals Fairlearn's MetricFrame, on a corpus of logs.

Fairlearn is the reference for what the numbers mean. Two documented differences: where a rate's
denominator is zero Balise says undefined (null) and Fairlearn says 0 (or NaN), and undefined
values take no part in Balise's disparities; the comparison therefore applies Fairlearn's own
difference() and ratio() to its by-group frame with those entries set to NaN.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm
from fairlearn.metrics import (
    MetricFrame,
    count,
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from fairlearn.metrics._disaggregated_result import DisaggregatedResult
from typer.testing import CliRunner

from balise.cli.main import app

TOLERANCE = 1e-9
MISSING = "\x00missing"  # Fairlearn refuses missing values; Balise makes them a group
RATES = ("base_rate", "selection_rate", "tpr", "fpr", "fnr", "tnr", "precision", "accuracy")
NAMED = {
    "demographic_parity": ("selection_rate",),
    "equalized_odds": ("tpr", "fpr"),
    "equal_opportunity": ("tpr",),
}


def fairlearn_metrics(positive: Any) -> dict[str, Callable[..., float]]:
    def base_rate(y_true: Any, y_pred: Any) -> float:
        return float(selection_rate(y_pred, y_true, pos_label=positive))

    return {
        "count": count,
        "base_rate": base_rate,
        "selection_rate": partial(selection_rate, pos_label=positive),
        "tpr": partial(true_positive_rate, pos_label=positive),
        "fpr": partial(false_positive_rate, pos_label=positive),
        "fnr": partial(false_negative_rate, pos_label=positive),
        "tnr": partial(true_negative_rate, pos_label=positive),
        "precision": partial(skm.precision_score, pos_label=positive, zero_division=np.nan),
        "accuracy": skm.accuracy_score,
    }


def run_audit(path: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["audit", "fairness", str(path), *args, "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def fill_missing(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    filled = frame.copy()
    for column in columns:
        filled[column] = filled[column].astype(object).where(filled[column].notna(), MISSING)
    return filled


def key_of(row: dict[str, Any], columns: list[str]) -> tuple[Any, ...]:
    return tuple(MISSING if row["group"][c] is None else row["group"][c] for c in columns)


def index_key(index: Any) -> tuple[Any, ...]:
    return tuple(index) if isinstance(index, tuple) else (index,)


def close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= TOLERANCE


def check_against_fairlearn(
    document: dict[str, Any], frame: pd.DataFrame, sensitive: list[str], positive: Any
) -> None:
    filled = fill_missing(frame, sensitive)
    mf = MetricFrame(
        metrics=fairlearn_metrics(positive),
        y_true=filled["label"],
        y_pred=filled["prediction"],
        sensitive_features=filled[sensitive],
    )
    by_group = mf.by_group.dropna(subset=["count"])
    groups = {key_of(g, sensitive): g for g in document["groups"]}
    assert set(groups) == {index_key(i) for i in by_group.index}, "same non-empty groups"
    for index, expected in by_group.iterrows():
        group = groups[index_key(index)]
        assert group["count"] == expected["count"]
        for rate in RATES:
            if group[rate] is None:  # zero denominator: Fairlearn says 0 or NaN
                assert expected[rate] == 0 or np.isnan(expected[rate]), rate
                assert rate in group["undefined"]
            else:
                assert close(group[rate], expected[rate]), (rate, group[rate], expected[rate])
    for rate in RATES:
        overall = document["overall"][rate]
        if overall is not None:
            assert close(overall, mf.overall[rate]), rate

    # Disparities: Fairlearn's difference() and ratio() on its frame, undefined entries as NaN.
    masked = by_group[list(RATES)].copy()
    for index in masked.index:
        for rate in RATES:
            if groups[index_key(index)][rate] is None:
                masked.loc[index, rate] = np.nan
    result = DisaggregatedResult(mf.overall[list(RATES)], masked)
    reference = {
        "difference": result.difference(method="between_groups"),
        "ratio": result.ratio(method="between_groups"),
        "difference_to_overall": result.difference(method="to_overall"),
        "ratio_to_overall": result.ratio(method="to_overall"),
    }
    for rate in RATES:
        for method, values in reference.items():
            mine = document["disparities_by_metric"][rate][method]
            if np.isnan(values[rate]):
                assert mine is None, (rate, method)
            else:
                assert close(mine, values[rate]), (rate, method, mine, values[rate])
    for name, rates in NAMED.items():
        for method, values in reference.items():
            defined = [values[r] for r in rates if not np.isnan(values[r])]
            expected = (max if method.startswith("difference") else min)(defined, default=None)
            mine = document["disparities"][f"{name}_{method}"]
            assert (mine is None) if expected is None else close(mine, expected), (name, method)


def write(frame: pd.DataFrame, directory: Path, kind: str) -> Path:
    csv = directory / "log.csv"
    frame.to_csv(csv, index=False)
    if kind == "csv":
        return csv
    parquet = directory / "log.parquet"
    typed = "auto_type_candidates = ['BIGINT', 'DOUBLE', 'VARCHAR']"  # no guessed booleans
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv}', {typed})) TO '{parquet}' (FORMAT parquet)")
    return parquet


def random_log(seed: int, rows: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sex = rng.choice(["F", "M", "X"], size=rows, p=[0.48, 0.48, 0.04])
    region = rng.choice(["Bruxelles", "Vlaanderen", "Wallonie"], size=rows)
    bias = np.where(sex == "F", 0.1, 0.0) + np.where(region == "Wallonie", 0.15, 0.0)
    label = (rng.random(rows) < 0.4).astype(int)
    prediction = (rng.random(rows) < 0.25 + 0.4 * label - bias).astype(int)
    return pd.DataFrame({"sex": sex, "region": region, "label": label, "prediction": prediction})


CORPUS: dict[str, tuple[pd.DataFrame, list[str], Any, list[str]]] = {}


def corpus() -> dict[str, tuple[pd.DataFrame, list[str], Any, list[str]]]:
    """name → (log, sensitive columns, positive outcome, extra CLI arguments)."""
    if CORPUS:
        return CORPUS
    log = random_log(1)
    CORPUS["random, one attribute"] = (log, ["sex"], 1, [])
    CORPUS["random, intersections"] = (random_log(2), ["sex", "region"], 1, [])
    one_class = random_log(3, 400)
    one_class.loc[one_class["sex"] == "X", "label"] = 0  # TPR and FNR undefined for X
    one_class.loc[one_class["region"] == "Bruxelles", "prediction"] = 0  # precision undefined
    CORPUS["a group with one class"] = (one_class, ["sex", "region"], 1, [])
    sparse = random_log(4, 300)
    sparse = sparse[~((sparse["sex"] == "X") & (sparse["region"] == "Wallonie"))]
    CORPUS["an empty intersection"] = (sparse, ["sex", "region"], 1, [])
    missing = random_log(5, 500).astype({"sex": object})
    missing.loc[missing.index % 7 == 0, "sex"] = None
    CORPUS["missing values"] = (missing, ["sex"], 1, [])
    names = random_log(6, 500)
    names["sex"] = names["sex"].map({"F": "Frau", "M": "Männlich", "X": "非二元"})
    names["region"] = names["region"].map(
        {"Bruxelles": "Bruxelles-Capitale", "Vlaanderen": "Vlaams Gewest", "Wallonie": "Région"}
    )
    CORPUS["non-ASCII labels"] = (names, ["sex", "region"], 1, [])
    single = random_log(7, 200)
    single["sex"] = "F"
    CORPUS["a single group"] = (single, ["sex"], 1, [])
    words = random_log(8, 600)
    for column in ("label", "prediction"):
        words[column] = words[column].map({1: "granted", 0: "refused"})
    CORPUS["text outcomes"] = (words, ["region"], "granted", ["--positive", "granted"])
    return CORPUS


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("name", list(corpus()))
def test_every_number_equals_fairlearn(name: str, kind: str, tmp_path: Path) -> None:
    frame, sensitive, positive, extra = corpus()[name]
    path = write(frame, tmp_path, kind)
    document = run_audit(
        path,
        "--label",
        "label",
        "--prediction",
        "prediction",
        "--sensitive",
        ",".join(sensitive),
        "--min-group-size",
        "1",
        "--bootstrap",
        "50",
        *extra,
    )
    assert document["data"]["rows"] == len(frame)
    if name == "a group with one class":
        undefined = {rate for group in document["groups"] for rate in group["undefined"]}
        assert undefined >= {"tpr", "fnr", "precision"}
    if name == "missing values":
        assert {"sex": None} in [group["group"] for group in document["groups"]]
    check_against_fairlearn(document, frame, sensitive, positive)


@pytest.mark.parametrize("method", ["between_groups", "to_overall"])
def test_named_disparities_equal_fairlearn_functions(method: str, tmp_path: Path) -> None:
    frame = random_log(9)
    document = run_audit(
        write(frame, tmp_path, "csv"),
        *("--label", "label", "--prediction", "prediction", "--sensitive", "sex,region"),
        *("--min-group-size", "1", "--bootstrap", "0"),
    )
    arguments = {
        "y_true": frame["label"],
        "y_pred": frame["prediction"],
        "sensitive_features": frame[["sex", "region"]],
        "method": method,
    }
    suffix = "" if method == "between_groups" else "_to_overall"
    expected = {
        "demographic_parity_difference": demographic_parity_difference(**arguments),
        "demographic_parity_ratio": demographic_parity_ratio(**arguments),
        "equalized_odds_difference": equalized_odds_difference(**arguments),
        "equalized_odds_ratio": equalized_odds_ratio(**arguments),
        "equal_opportunity_difference": equal_opportunity_difference(**arguments),
    }
    for key, value in expected.items():
        name = key.replace("_difference", f"_difference{suffix}").replace(
            "_ratio", f"_ratio{suffix}"
        )
        assert abs(document["disparities"][name] - value) <= TOLERANCE, key
    by_sex = MetricFrame(
        metrics=selection_rate,
        y_true=frame["label"],
        y_pred=frame["prediction"],
        sensitive_features=frame["sex"],
    ).by_group
    marginal = document["by_attribute"]["sex"]["groups"]
    assert [g["selection_rate"] for g in marginal] == pytest.approx(list(by_sex), abs=TOLERANCE)


def test_small_groups_are_never_published(tmp_path: Path) -> None:
    frame = random_log(10, 400)
    frame.loc[frame.index[:3], "sex"] = "Y"  # three rows in a group of their own
    document = run_audit(
        write(frame, tmp_path, "csv"),
        *("--label", "label", "--prediction", "prediction", "--sensitive", "sex"),
    )
    small = next(g for g in document["groups"] if g["group"] == {"sex": "Y"})
    assert small["too_small"] is True
    assert small["count"] is None
    assert all(small[rate] is None for rate in RATES)
    assert all(interval is None for interval in small["ci"].values())
    published = [g for g in document["groups"] if not g["too_small"]]
    rates = [g["selection_rate"] for g in published]
    assert document["disparities"]["demographic_parity_difference"] == pytest.approx(
        max(rates) - min(rates), abs=TOLERANCE
    )
    assert document["overall"]["count"] == 400  # the overall figures include every row


def test_intervals_fingerprint_and_reproducibility(tmp_path: Path) -> None:
    path = write(random_log(11, 1000), tmp_path, "csv")
    arguments = ("--label", "label", "--prediction", "prediction", "--sensitive", "sex")
    first = run_audit(path, *arguments, "--seed", "7", "--bootstrap", "200")
    again = run_audit(path, *arguments, "--seed", "7", "--bootstrap", "200")
    other = run_audit(path, *arguments, "--seed", "8", "--bootstrap", "200")
    assert first == again
    assert first["disparities"]["ci"] != other["disparities"]["ci"]
    assert first["data"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert set(first["data"]["versions"]) >= {"balise", "duckdb", "numpy", "python"}
    for group in first["groups"]:
        for rate in RATES:
            interval = group["ci"][rate]
            assert interval["low"] <= group[rate] <= interval["high"]
    for name in ("demographic_parity_difference", "equalized_odds_difference"):
        interval = first["disparities"]["ci"][name]
        assert interval["low"] <= interval["high"]


def test_calibration_error_per_group(tmp_path: Path) -> None:
    rng = np.random.default_rng(12)
    frame = random_log(12, 800)
    frame["score"] = np.clip(frame["label"] * 0.5 + rng.random(len(frame)) * 0.5, 0, 1)
    frame.loc[0, "score"] = 1.0  # the last bin is closed
    document = run_audit(
        write(frame, tmp_path, "parquet"),
        *("--label", "label", "--prediction", "prediction", "--sensitive", "sex"),
        *("--score", "score"),
    )
    for group in document["groups"]:
        rows = frame[frame["sex"] == group["group"]["sex"]]
        bins = np.minimum((rows["score"] * 10).astype(int), 9)
        expected = sum(
            len(b) / len(rows) * abs(b["score"].mean() - b["label"].mean())
            for _, b in rows.groupby(bins)
        )
        assert group["ece"] == pytest.approx(expected, abs=TOLERANCE)


def test_four_fifths_screening(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "group": ["a"] * 20 + ["b"] * 20,
            "label": [1, 0] * 20,
            "prediction": [1] * 10 + [0] * 10 + [1] * 7 + [0] * 13,
        }
    )
    document = run_audit(
        write(frame, tmp_path, "csv"),
        *("--label", "label", "--prediction", "prediction", "--sensitive", "group"),
    )
    four = document["four_fifths"]
    assert four["highest_selection_rate"] == 0.5
    ratios = {g["group"]["group"]: (g["ratio"], g["below_threshold"]) for g in four["groups"]}
    assert ratios == {"a": (1.0, False), "b": (pytest.approx(0.7), True)}


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["audit", "fairness", *args], catch_exceptions=False)


@pytest.mark.parametrize(
    ("change", "arguments", "message"),
    [
        (None, ("--label", "outcome"), "label: There is no column outcome in the file."),
        (None, ("--sensitive", "sex,age"), "sensitive: There is no column age in the file."),
        ("three labels", (), "label: The column label has more than two values"),
        ("missing label", (), "label: The column label is empty in 1 row(s)."),
        (None, ("--positive", "yes"), "positive: The positive outcome yes is neither"),
        (None, ("--score", "sex"), "score: The score column sex is not numeric."),
        ("score out of range", ("--score", "score"), "score: The score column score has values"),
        ("missing score", ("--score", "score"), "score: The column score is empty in 2 row(s)."),
    ],
)
def test_bad_input_exits_with_2_naming_the_column(
    tmp_path: Path, change: str | None, arguments: tuple[str, ...], message: str
) -> None:
    frame = random_log(13, 50).astype({"label": object})
    frame["score"] = 0.5
    if change == "three labels":
        frame.loc[0, "label"] = 2
    elif change == "missing label":
        frame.loc[0, "label"] = None
    elif change == "missing score":
        frame.loc[[0, 1], "score"] = None
    elif change == "score out of range":
        frame.loc[0, "score"] = 1.5
    path = write(frame, tmp_path, "csv")
    defaults = {"--label": "label", "--prediction": "prediction", "--sensitive": "sex"}
    given = dict(zip(arguments[::2], arguments[1::2], strict=True))
    options = [item for key, value in (defaults | given).items() for item in (key, value)]
    result = invoke(str(path), *options)
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_unreadable_file_exits_with_2(tmp_path: Path) -> None:
    missing = invoke(
        str(tmp_path / "nowhere.csv"), "--label", "a", "--prediction", "b", "--sensitive", "c"
    )
    assert missing.exit_code == 2
    assert "Cannot read the data" in missing.stderr
    other = tmp_path / "log.xlsx"
    other.write_text("x")
    wrong = invoke(str(other), "--label", "a", "--prediction", "b", "--sensitive", "c")
    assert wrong.exit_code == 2
    assert "expected a .csv or .parquet file" in wrong.stderr


def test_text_and_html_reports(tmp_path: Path) -> None:
    path = write(random_log(14, 300), tmp_path, "csv")
    arguments = ["--label", "label", "--prediction", "prediction", "--sensitive", "sex,region"]
    text = invoke(str(path), *arguments, "--bootstrap", "20")
    assert text.exit_code == 0
    assert "demographic_parity_difference:" in text.stdout
    assert "sex=F, region=Bruxelles" in text.stdout
    page = invoke(str(path), *arguments, "--bootstrap", "20", "--format", "html")
    assert page.exit_code == 0
    assert page.stdout.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.stdout.count("<caption>") == 4
    assert "<h1>Fairness audit of log.csv</h1>" in page.stdout


def test_an_empty_log_exits_with_2(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("sex,label,prediction\n", encoding="utf-8")
    result = invoke(
        str(path), "--label", "label", "--prediction", "prediction", "--sensitive", "sex"
    )
    assert result.exit_code == 2
    assert "data: The file has no rows." in result.stderr


def test_boolean_outcomes_and_numeric_groups_in_parquet(tmp_path: Path) -> None:
    frame = random_log(15, 400)
    csv = tmp_path / "log.csv"
    frame.to_csv(csv, index=False)
    parquet = tmp_path / "log.parquet"
    duckdb.sql(
        f"COPY (SELECT length(region) AS code, label = 1 AS label, prediction = 1 AS prediction "
        f"FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)"
    )
    document = run_audit(
        parquet,
        "--label",
        "label",
        "--prediction",
        "prediction",
        "--sensitive",
        "code",
        "--bootstrap",
        "0",
    )
    assert document["data"]["parameters"]["positive"] == "true"
    assert all(isinstance(group["group"]["code"], int) for group in document["groups"])
    by_length = frame.assign(code=frame["region"].str.len())
    check_against_fairlearn(
        document,
        by_length.assign(label=frame["label"] == 1, prediction=frame["prediction"] == 1),
        ["code"],
        True,
    )


def test_the_json_document_is_the_typed_report(tmp_path: Path) -> None:
    """The stable JSON reads back into the typed report and gives the same JSON again."""
    from balise.cli.audits import RATE_NAMES as CLI_RATES
    from balise.domain.audits.fairness import RATE_NAMES
    from balise.domain.audits.reports import FairnessReport, report_from_json

    assert CLI_RATES == RATE_NAMES  # the command line names them without importing NumPy
    path = write(random_log(5, 500), tmp_path, "csv")
    document = run_audit(
        path, "--label", "label", "--prediction", "prediction", "--sensitive", "sex,region"
    )
    assert document["schema_version"] == 1
    report = report_from_json(document)
    assert isinstance(report, FairnessReport)
    assert json.loads(json.dumps(report.to_json())) == document
