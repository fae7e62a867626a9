"""``lifeexp feedback import`` and trust in ``lifeexp score``: exit codes, files, free text."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from tests.conftest import assert_clean_failure
from tests.evidence.conftest import DATA
from tests.evidence.helpers import PRIVATE, feedback_journey, replace_cell, v2_source

from lifeexp.model import FeedbackFile

Cli = Callable[..., Result]


@pytest.fixture(name="folder")
def _folder(tmp_path: Path) -> Path:
    for sub in ("v2_csv", "v2_json", "v1_csv"):
        shutil.copytree(DATA / sub, tmp_path / sub)
    return tmp_path


def _v2_args(folder: Path, ext: str = "csv") -> list[str]:
    d = folder / f"v2_{ext}"
    return [
        "--kind",
        f"touchpoints-v2-{ext}",
        "--collections",
        str(d / f"cx_collections.{ext}"),
        "--details",
        str(d / f"cx_collection_details.{ext}"),
        "--responses",
        str(d / f"cx_responses.{ext}"),
    ]


def _journey(folder: Path) -> Path:
    return feedback_journey(
        folder,
        steps={
            "apply-ssa": {"match": {"source": "ssa", "stage": "Apply"}},
            "enrol-medicare": {"match": {"source": "ssa", "stage": "Decision"}},
        },
        sources=[{"id": "ssa", "kind": "feedback_file", "path": "ssa.feedback.yaml"}],
    )


def test_import_round_trips_into_the_scorecard(cli: Cli, folder: Path) -> None:
    journey = _journey(folder)
    out = folder / "ssa.feedback.yaml"
    result = cli("feedback", "import", *_v2_args(folder), "--journey", journey, "-o", out)
    assert result.exit_code == 0, result.output
    assert "apply-ssa (Apply for retirement benefits): 2 rows" in result.output
    assert "row 203" in result.output
    text = out.read_text(encoding="utf-8")
    assert PRIVATE not in text
    import yaml

    assert len(FeedbackFile.model_validate(yaml.safe_load(text)).rows) == 3
    # The journey now validates and scores from the file the import wrote.
    assert cli("validate", journey).exit_code == 0
    scored = cli("score", journey, "--samples", "0", "--format", "json", "--min-responses", "5")
    assert scored.exit_code == 0, scored.output
    card = json.loads(scored.output)[0]
    steps = {s["step_id"]: s for s in card["trust"]["steps"]}
    assert steps["apply-ssa"]["trust"][0]["share"]["value"] == pytest.approx(0.9)
    assert steps["apply-ssa"]["trust"][0]["share"]["responses"] == 10


def test_json_export_gives_the_same_file(cli: Cli, folder: Path) -> None:
    a, b = folder / "a.yaml", folder / "b.yaml"
    assert cli("feedback", "import", *_v2_args(folder), "-o", a).exit_code == 0
    assert cli("feedback", "import", *_v2_args(folder, "json"), "-o", b).exit_code == 0
    strip = [line for line in a.read_text("utf-8").splitlines() if ".csv" not in line]
    other = [line for line in b.read_text("utf-8").splitlines() if ".json" not in line]
    assert [s.replace("touchpoints_v2_csv", "x") for s in strip] == [
        s.replace("touchpoints_v2_json", "x") for s in other
    ]


def test_legacy_import(cli: Cli, folder: Path) -> None:
    out = folder / "legacy.yaml"
    result = cli(
        "feedback",
        "import",
        "--kind",
        "a11-v1-csv",
        "--aggregate",
        folder / "v1_csv" / "omb_cx_reporting_collections.csv",
        "-o",
        out,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"] == 1
    assert "FY2023 Q2" in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("table", "line", "column", "value", "code"),
    [
        ("responses", 3, "positive_ease", "2", "LX802"),
        ("responses", 3, "question_1", "7", "LX802"),
        ("collections", 2, "fiscal_year", "2031", "LX803"),
        ("details", 2, "volume_of_customers", "-3", "LX802"),
        ("details", 2, "volume_of_customers", "3.5", "LX802"),
        ("details", 2, "volume_of_respondents", "9999", "LX804"),
    ],
)
def test_bad_input_exits_1_and_writes_nothing(
    cli: Cli, folder: Path, table: str, line: int, column: str, value: str, code: str
) -> None:
    names = {
        "responses": "cx_responses",
        "collections": "cx_collections",
        "details": "cx_collection_details",
    }
    replace_cell(folder / "v2_csv" / f"{names[table]}.csv", line, column, value)
    out = folder / "out" / "x.feedback.yaml"
    result = cli("feedback", "import", *_v2_args(folder), "-o", out)
    assert_clean_failure(result, 1, [f"{names[table]}.csv:{line}:", f"[{code}]", "nothing written"])
    assert not out.exists()
    assert not out.parent.exists()


def test_missing_columns_exit_1_listing_them(cli: Cli, folder: Path) -> None:
    details = folder / "v2_csv" / "cx_collection_details.csv"
    details.write_text(details.read_text("utf-8").replace("channel,", "chanel,", 1), "utf-8")
    result = cli("feedback", "import", *_v2_args(folder))
    assert_clean_failure(result, 1, ["[LX801]", "channel", "'chanel'"])


def test_wrong_encoding_exits_1(cli: Cli, folder: Path) -> None:
    path = folder / "v1_csv" / "omb_cx_reporting_collections.csv"
    path.write_bytes(path.read_bytes().replace(b"Retirement", b"Retir\xe9ment"))
    result = cli("feedback", "import", "--kind", "a11-v1-csv", "--aggregate", path)
    assert_clean_failure(result, 1, ["[LX805]", "UTF-8"])


def test_the_kind_is_required_and_never_guessed(cli: Cli, folder: Path) -> None:
    args = _v2_args(folder)[2:]
    assert_clean_failure(cli("feedback", "import", *args), 2, ["--kind"])
    result = cli("feedback", "import", "--kind", "a11-v1-csv", *args)
    assert_clean_failure(result, 2, ["needs --aggregate"])


def test_fail_over_on_trust(cli: Cli, folder: Path) -> None:
    journey = feedback_journey(
        folder,
        steps={"apply-ssa": {"match": {"source": "ssa-tp", "stage": "Apply"}}},
        sources=[v2_source()],
    )
    ok = cli("score", journey, "--samples", "0", "--fail-over", "trust.lower_bound=0.5")
    assert ok.exit_code == 0, ok.output
    bad = cli("score", journey, "--samples", "0", "--fail-over", "trust.lower_bound=0.75")
    assert_clean_failure(bad, 1, ["trust.lower_bound", "under the allowed"])


def test_score_outputs_never_carry_free_text(cli: Cli, folder: Path) -> None:
    journey = feedback_journey(
        folder,
        steps={"apply-ssa": {"match": {"source": "ssa-tp", "stage": "Apply"}}},
        sources=[v2_source()],
    )
    for args in (
        ("--format", "json"),
        ("--format", "markdown"),
        ("--format", "table"),
        ("--format", "csv", "--rows", "trust"),
        ("--format", "csv", "--rows", "drivers"),
        ("--format", "csv", "--rows", "summary"),
    ):
        result = cli("score", journey, "--samples", "0", *args)
        assert result.exit_code == 0, result.output
        assert PRIVATE not in result.output
        assert "123-45-6789" not in result.output
    csv_rows = cli("score", journey, "--samples", "0", "--format", "csv", "--rows", "trust")
    header = csv_rows.output.splitlines()[0].split(",")
    for column in ("trust", "trust_low", "trust_high", "trust_n"):
        assert column in header


def test_import_reads_the_journey_within_the_file_size_limit(cli: Cli, folder: Path) -> None:
    journey = _journey(folder)
    args = ("feedback", "import", *_v2_args(folder), "--journey", journey)
    result = cli(*args, "--max-file-size", "100")
    assert result.exit_code == 1, result.output
    assert "error[LX003]" in result.output
    assert "Traceback" not in result.output
    (folder / "lifeexp.toml").write_text('max_file_size = "100 B"\n', encoding="utf-8")
    assert "error[LX003]" in cli(*args).output  # the project's limit applies too
    assert cli(*args, "--max-file-size", "1MiB").exit_code == 0
