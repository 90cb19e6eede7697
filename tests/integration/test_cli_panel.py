"""`balise panel`: select, feasibility, and a committed draw verified from its published files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from balise.cli.main import app

DATA = Path(__file__).resolve().parents[1] / "data" / "sortition"
SMALL = [
    "--respondents",
    str(DATA / "example_small_20_respondents.csv"),
    "--categories",
    str(DATA / "example_small_20_categories.csv"),
    "--size",
    "20",
]
SF = [
    "--respondents",
    str(DATA / "sf_fixture_candidates.csv"),
    "--categories",
    str(DATA / "sf_fixture_features.csv"),
]


def balise(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_select_leximin_json() -> None:
    result = balise("panel", "select", *SMALL, "--seed", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    probabilities = document["probabilities"]
    assert len(probabilities) == 200
    assert sum(probabilities.values()) == pytest.approx(20)
    assert document["fairness"]["min_probability"] == pytest.approx(0.1, abs=1e-6)
    assert {"gini", "share_below_k_over_n", "min_probability"} <= set(document["fairness"])
    assert sum(entry["probability"] for entry in document["portfolio"]) == pytest.approx(1)
    assert len(document["panel"]) == 20
    assert document["lottery"]["tickets"] == 1_000
    table = document["lottery"]["table"]
    assert table[-1]["tickets"][1] == 1_000
    drawn = next(
        row["panel"]
        for row in table
        if row["tickets"][0] <= document["ticket"] <= row["tickets"][1]
    )
    assert drawn == document["panel"]


def test_select_maximin_and_legacy_text() -> None:
    maximin = balise("panel", "select", *SF, "--size", "22", "--algorithm", "maximin")
    assert maximin.exit_code == 0, maximin.output
    assert "maximin: 150 people, panels of 22" in maximin.stdout
    assert "panel: p" in maximin.stdout
    legacy = balise(
        "panel",
        "select",
        *SF,
        "--size",
        "22",
        "--algorithm",
        "legacy",
        "--legacy-draws",
        "50",
        "--format",
        "json",
    )
    assert legacy.exit_code == 0, legacy.output
    document = json.loads(legacy.stdout)
    assert document["lottery"] is None
    assert len(document["panel"]) == 22


def test_feasibility() -> None:
    ok = balise("panel", "feasibility", *SF, "--size", "22", "--format", "json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == {"feasible": True, "conflicts": [], "relaxations": []}
    bad = balise("panel", "feasibility", *SF, "--size", "30")
    assert bad.exit_code == 1
    assert "At most 23 people can be chosen in Gender" in bad.stdout
    assert "Smallest relaxation" in bad.stdout


def test_bad_files_name_line_and_column(tmp_path: Path) -> None:
    categories = tmp_path / "categories.csv"
    categories.write_text("category,feature,min,max\ngender,female,9,20\ngender,male,nine,20\n")
    result = balise(
        "panel",
        "select",
        "--respondents",
        str(DATA / "example_small_20_respondents.csv"),
        "--categories",
        str(categories),
        "--size",
        "20",
    )
    assert result.exit_code == 2
    assert "line 3, column min: nine is not a whole number." in result.stderr
    missing = balise(
        "panel", "select", *SF[:2], "--categories", str(tmp_path / "no.csv"), "--size", "2"
    )
    assert missing.exit_code == 2
    assert "Cannot read" in missing.stderr


def test_infeasible_select_says_so() -> None:
    result = balise("panel", "select", *SF, "--size", "30")
    assert result.exit_code == 2
    assert "feasibility" in result.stderr


def test_commit_draw_verify(tmp_path: Path) -> None:
    secrets = ["alpha secret", "beta secret"]
    published = tmp_path / "published.json"
    committed = balise(
        "panel",
        "commit",
        *SF,
        "--size",
        "22",
        "--algorithm",
        "maximin",
        "--lottery",
        "100",
        "--out",
        str(published),
        "--public-source",
        "Belgian Lotto of the next Saturday",
        *[
            item
            for s in secrets
            for item in ("--party-commitment", hashlib.sha256(s.encode()).hexdigest())
        ],
        "--format",
        "json",
    )
    assert committed.exit_code == 0, committed.output
    document = json.loads(published.read_text())
    assert "email0" not in published.read_text()
    assert json.loads(committed.stdout)["commitment_sha256"] == document["commitment_sha256"]
    reveal = tmp_path / "reveal.json"
    drawn = balise(
        "panel",
        "draw",
        "--published",
        str(published),
        "--secret",
        secrets[0],
        "--secret",
        secrets[1],
        "--public-value",
        "3 14 15 26 35 42",
        "--out",
        str(reveal),
    )
    assert drawn.exit_code == 0, drawn.output
    verified = balise("panel", "verify", "--published", str(published), "--reveal", str(reveal))
    assert verified.exit_code == 0, verified.output
    assert "The drawn panel is the right one." in verified.stdout
    tampered = json.loads(reveal.read_text())
    tampered["panel"] = document["lottery"][0]["panel"]
    if tampered["panel"] == json.loads(reveal.read_text())["panel"]:
        tampered["panel"] = document["lottery"][1]["panel"]
    reveal.write_text(json.dumps(tampered))
    refused = balise(
        "panel",
        "verify",
        "--published",
        str(published),
        "--reveal",
        str(reveal),
        "--format",
        "json",
    )
    assert refused.exit_code == 1
    assert json.loads(refused.stdout)["ok"] is False
    wrong_secret = balise(
        "panel",
        "draw",
        "--published",
        str(published),
        "--secret",
        "guess",
        "--secret",
        secrets[1],
        "--public-value",
        "x",
        "--out",
        str(tmp_path / "r2.json"),
    )
    assert wrong_secret.exit_code == 2
    assert "does not match its commitment" in wrong_secret.stderr


def test_invite(tmp_path: Path) -> None:
    strata = tmp_path / "strata.csv"
    strata.write_text("stratum,population,oversampling\nA,300,1\nB,100,2\n")
    addresses = tmp_path / "addresses.csv"
    addresses.write_text(
        "id,stratum,name\n" + "".join(f"a{i},{'A' if i % 2 else 'B'},N{i}\n" for i in range(100))
    )
    args = ["panel", "invite", "--addresses", str(addresses), "--strata", str(strata)]
    result = balise(*args, "--letters", "10", "--seed", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["allocation"] == {"A": 6, "B": 4}
    assert len(document["invited"]) == 10
    assert "N1" not in result.stdout
    too_many = balise(*args, "--letters", "1000")
    assert too_many.exit_code == 2
