"""``lifeexp validate`` end to end: every bad input gives a located message, the right exit code,
no traceback and no file written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

import lifeexp.cli.validate as validate_module

Cli = Callable[..., Result]
Clean = Callable[..., None]


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


BAD_INPUTS: dict[str, tuple[str | bytes, str, str]] = {
    # name: (file content, code, text in the message)
    "malformed": ("id: x\nsteps: [\n", "LX004", "is not closed"),
    "wrong-type": (
        "id: x\ntitle: [not, text]\nlife_experience: other\nstart: a\n"
        "phases: [{id: p, title: P}]\nsteps: [{id: a, title: A, phase: p}]\n",
        "LX103",
        "title is text, not a list",
    ),
    "unknown-field": (
        "id: x\ntitle: X\nlife_experience: other\nstart: a\nphases: [{id: p, title: P}]\n"
        "steps: [{id: a, title: A, phase: p}]\ncolour: red\n",
        "LX101",
        "unknown field 'colour'",
    ),
    "duplicate-key": ("id: x\nid: y\n", "LX005", "duplicate key 'id'"),
    "bomb": (_bomb(), "LX007", "billion laughs"),
    "python-tag": ("id: !!python/object/apply:os.system ['touch pwned']\n", "LX006", "not allowed"),
    "empty": ("", "LX008", "empty"),
    "not-utf8": (b"id: caf\xe9\n", "LX002", "not valid UTF-8"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_a_clean_located_failure(
    name: str,
    cli: Cli,
    clean_failure: Clean,
    tmp_path: Path,
    snapshot_dir: Callable[[Path], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content, code, words = BAD_INPUTS[name]
    path = tmp_path / "bad.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = snapshot_dir(tmp_path)
    result = cli("validate", "bad.yaml", "--no-bundled-catalogs")
    clean_failure(result, 1, ["bad.yaml:", f"error[{code}]", words])
    line = next(x for x in result.output.splitlines() if f"[{code}]" in x)
    assert line.split(":")[1].isdigit()
    assert line.split(":")[2].isdigit()
    assert snapshot_dir(tmp_path) == before
    assert not (tmp_path / "pwned").exists()


def test_missing_file(cli: Cli, clean_failure: Clean, tmp_path: Path) -> None:
    result = cli("validate", tmp_path / "absent.yaml")
    clean_failure(result, 1, ["absent.yaml: error[LX001]: file not found"])


def test_folder_with_no_journeys(cli: Cli, clean_failure: Clean, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("no yaml here")
    result = cli("validate", tmp_path)
    clean_failure(result, 1, ["error[LX011]"])


def test_huge_file(cli: Cli, clean_failure: Clean, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(9 * 1024 * 1024)
    result = cli("validate", path)
    clean_failure(
        result,
        1,
        [
            "huge.yaml: error[LX003]: file is too large (9 MiB); the limit is 8 MiB",
            "--max-file-size 16MiB",
        ],
    )


def test_all_problems_of_all_files_are_reported(
    cli: Cli, clean_failure: Clean, tmp_path: Path
) -> None:
    for name, (content, _, _) in BAD_INPUTS.items():
        target = tmp_path / f"{name}.yaml"
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    result = cli("validate", tmp_path, "--no-bundled-catalogs")
    clean_failure(result, 1)
    for name, (_, code, _) in BAD_INPUTS.items():
        assert f"{name}.yaml" in result.output
        assert f"[{code}]" in result.output
    assert "Validation failed: 8 errors, 0 warnings, 0 notes in 8 files." in result.output


def test_usage_errors_exit_2(
    cli: Cli, clean_failure: Clean, journey_file: Callable[..., Path]
) -> None:
    path = journey_file()
    clean_failure(cli("validate"), 2, ["Missing argument"])
    clean_failure(cli("validate", path, "--format", "xml"), 2)
    clean_failure(cli("validate", path, "--select", "LX99"), 2, ["matches no diagnostic code"])
    clean_failure(cli("validate", path, "--severity", "LX603"), 2, ["CODE=LEVEL"])
    clean_failure(cli("validate", path, "--severity", "LX603=fatal"), 2)


def test_clean_journey_passes(
    cli: Cli, journey_file: Callable[..., Path], catalog_file: Path
) -> None:
    result = cli("validate", journey_file(), "--catalog", catalog_file, "--no-bundled-catalogs")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "All good: 2 files checked, no problems."


def _warning_journey(journey_file: Callable[..., Path], journey_data: dict[str, Any]) -> Path:
    """One warning about the file (LX501) and one finding about the service (LX603)."""
    journey_data["steps"][0].pop("agency")
    journey_data["steps"][2]["data_prefilled"] = []
    return journey_file(journey_data)


def test_warnings_pass_unless_strict(
    cli: Cli, journey_file: Callable[..., Path], journey_data: dict[str, Any], catalog_file: Path
) -> None:
    path = _warning_journey(journey_file, journey_data)
    args = ["validate", path, "--catalog", catalog_file, "--no-bundled-catalogs"]
    result = cli(*args)
    assert result.exit_code == 0
    assert "warning[LX501]" in result.output
    assert "LX603" not in result.output  # a finding about the service, not a file problem
    assert "1 finding about the service (--findings)" in result.output
    strict = cli(*args, "--strict")
    assert strict.exit_code == 1
    assert "(--strict: warnings fail)" in strict.output
    assert cli(*args, "--ignore", "LX5", "--strict").exit_code == 0
    assert cli(*args, "--severity", "LX603=error").exit_code == 1
    quiet = cli(*args, "-q")
    assert "LX501" not in quiet.output


def test_findings_are_listed_on_request_and_never_fail(
    cli: Cli, journey_file: Callable[..., Path], journey_data: dict[str, Any], catalog_file: Path
) -> None:
    journey_data["steps"][2]["data_prefilled"] = []
    path = journey_file(journey_data)
    args = ["validate", path, "--catalog", catalog_file, "--no-bundled-catalogs", "--strict"]
    plain = cli(*args)
    assert plain.exit_code == 0
    assert "All good: 2 files checked, no problems; 1 finding about the service" in plain.output
    shown = cli(*args, "--findings")
    assert shown.exit_code == 0
    assert "Findings about the service (not problems in the file):" in shown.output
    assert "warning[LX603]" in shown.output
    payload = json.loads(cli(*args, "--findings", "--format", "json").stdout)
    assert payload["diagnostics"] == []
    assert [f["code"] for f in payload["findings"]] == ["LX603"]


def test_json_format(
    cli: Cli, journey_file: Callable[..., Path], journey_data: dict[str, Any], catalog_file: Path
) -> None:
    path = _warning_journey(journey_file, journey_data)
    result = cli(
        "validate",
        path,
        "--catalog",
        catalog_file,
        "--no-bundled-catalogs",
        "--format",
        "json",
        "--list-estimates",
    )
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    assert payload["journeys"] == ["sample"]
    assert payload["counts"] == {"error": 0, "warning": 1, "info": 0}
    assert payload["findings_count"] == 1
    (d,) = payload["diagnostics"]
    assert d["code"] == "LX501"
    assert d["severity"] == "warning"
    assert d["line"] > 0
    assert [e["what"] for e in payload["estimates"]] == [
        "step 'enrol-medicare' burden",
        "step 'enrol-medicare' wait",
    ]


def test_github_format_escapes(cli: Cli, write_file: Callable[..., Path]) -> None:
    path = write_file("id: x\nid: y\n", "a,b.yaml")
    result = cli("validate", path, "--format", "github", "--no-bundled-catalogs")
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if x.startswith("::error"))
    assert "a%2Cb.yaml,line=2,col=1,title=LX005::duplicate key 'id'" in line


def test_list_estimates_text(
    cli: Cli, journey_file: Callable[..., Path], catalog_file: Path
) -> None:
    result = cli(
        "validate",
        journey_file(),
        "--catalog",
        catalog_file,
        "--no-bundled-catalogs",
        "--list-estimates",
    )
    assert result.exit_code == 0
    lines = [x for x in result.output.splitlines() if ": estimate: " in x]
    assert len(lines) == 2
    assert lines[0].endswith(
        "estimate: sample: step 'enrol-medicare' burden = completing [10, 15, 30] min"
        " — Reading and filling in the form"
    )
    assert "2 estimates listed." in result.output


def test_user_strings_cannot_inject_terminal_escapes(
    cli: Cli, write_file: Callable[..., Path]
) -> None:
    path = write_file(
        "id: x\ntitle: X\nlife_experience: other\nstart: a\nphases: [{id: p, title: P}]\n"
        'steps: [{id: a, title: A, phase: p}]\n"evil\\e[2J\\nfake: error": 1\n'
    )
    result = cli("validate", path, "--no-bundled-catalogs")
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "evil\\x1b[2J\\nfake" in result.output


def test_internal_error_is_exit_3_without_traceback(
    cli: Cli,
    clean_failure: Clean,
    journey_file: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(validate_module, "run_validation", boom)
    result = cli("validate", journey_file())
    clean_failure(result, 3, ["internal error, please report it", "RuntimeError: kaboom"])


def test_bundled_journeys_and_catalogs_are_clean(cli: Cli, repo_root: Path) -> None:
    journeys = sorted((repo_root / "journeys").glob("*.yaml"))
    if not journeys:
        pytest.skip("no bundled journeys yet")
    result = cli("validate", repo_root / "journeys", repo_root / "catalogs")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("bundled", [False, True], ids=["one-journey", "bundled-journeys"])
def test_validate_does_not_import_heavy_modules(
    journey_file: Callable[..., Path], repo_root: Path, bundled: bool
) -> None:
    # The start-up path the benchmark measures: no networkx, numpy or rich. The bundled
    # journeys publish program volumes, so LX510's reach probabilities run too (pure Python).
    target = repo_root / "journeys" if bundled else journey_file()
    code = (
        "import sys\n"
        "from lifeexp.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(target)!r}, '-q'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('networkx', 'numpy', 'scipy', 'rich', 'jinja2') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert "HEAVY=\n" in out.stdout, out.stdout


def test_journey_passed_as_catalog(
    cli: Cli, clean_failure: Clean, journey_file: Callable[..., Path]
) -> None:
    path = journey_file()
    result = cli("validate", "--catalog", path, path, "--no-bundled-catalogs")
    clean_failure(result, 1, ["error[LX012]: expected a catalog file but this is a journey"])
    alone = cli("validate", "--catalog", path, "--no-bundled-catalogs", path.parent / "nothing")
    clean_failure(alone, 1, ["error[LX012]", "error[LX001]"])
