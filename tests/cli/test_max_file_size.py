"""The file-size guard (LX003) can be raised or lowered: ``--max-file-size`` on every command
that reads journeys, ``max_file_size`` in the project configuration, ``max_file_size=`` in
Python; a file over it is refused with a located message that names the way past it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

import lifeexp
from lifeexp.errors import JourneyLoadError
from lifeexp.formatting import file_size, parse_file_size
from lifeexp.project import ProjectConfigError, load_config
from lifeexp.testing import make_journey

Cli = Callable[..., Result]
Clean = Callable[..., None]


@pytest.fixture(name="small")
def _small(tmp_path: Path) -> Path:
    """A valid journey of well under 2 KiB (the bundled catalogs are larger than that)."""
    journey = make_journey({"apply": ["decide"], "decide": []}, minutes={"apply": 30})
    path = tmp_path / "journeys" / "small.yaml"
    path.parent.mkdir()
    path.write_text(
        yaml.safe_dump(journey.model_dump(by_alias=True, mode="json", exclude_none=True))
    )
    assert 200 < path.stat().st_size < 2048
    return path


def test_a_file_over_the_limit_is_refused_with_the_way_past_it(
    cli: Cli, clean_failure: Clean, small: Path
) -> None:
    result = cli("validate", small, "--max-file-size", "100")
    clean_failure(
        result,
        1,
        [
            "small.yaml: error[LX003]: file is too large (",
            "the limit is 100 bytes",
            "--max-file-size 1MiB",
            'max_file_size = "1 MiB" in lifeexp.toml',
        ],
    )


def test_a_raised_or_lowered_limit_lets_the_file_through(cli: Cli, small: Path) -> None:
    # 2 KiB is below the bundled catalogs' size: they ship with lifeexp and are always read
    for command in (["validate"], ["score", "--samples", "0", "--format", "json"]):
        result = cli(*command, small, "--max-file-size", "2KiB")
        assert result.exit_code == 0, result.output
    assert cli("render", small, "--max-file-size", "100", "--format", "mermaid").exit_code == 1


@pytest.mark.parametrize("command", ["validate", "score", "render", "report", "compare"])
def test_every_command_that_reads_journeys_has_the_option(cli: Cli, command: str) -> None:
    help_text = cli(command, "--help").output
    assert "--max-file-size SIZE" in help_text
    assert "max_file_size in lifeexp.toml" in " ".join(help_text.split())


def test_the_project_configuration_sets_the_limit_and_the_flag_overrides_it(
    cli: Cli, clean_failure: Clean, small: Path
) -> None:
    (small.parent.parent / "lifeexp.toml").write_text('max_file_size = "100 B"\n')
    clean_failure(cli("validate", small), 1, ["error[LX003]", "the limit is 100 bytes"])
    clean_failure(cli("score", small, "--samples", "0"), 1, ["error[LX003]"])
    assert cli("validate", small, "--max-file-size", "1MiB").exit_code == 0
    (small.parent.parent / "lifeexp.toml").write_text("max_file_size = 1048576\n")
    assert cli("validate", small).exit_code == 0


def test_a_bad_size_is_a_usage_error(cli: Cli, clean_failure: Clean, small: Path) -> None:
    clean_failure(
        cli("validate", small, "--max-file-size", "lots"),
        2,
        ["Invalid value for '--max-file-size'", "'lots' is not a file size", "64MiB"],
    )
    config = small.parent.parent / "lifeexp.toml"
    config.write_text('strict = true\nmax_file_size = "-3 MiB"\n')
    with pytest.raises(ProjectConfigError) as info:
        load_config(config)
    (problem,) = info.value.diagnostics
    assert (problem.code, problem.line) == ("LX013", 2)
    assert "max_file_size" in problem.message
    clean_failure(cli("validate", small), 2, ["lifeexp.toml:2: error[LX013]: max_file_size"])


def test_python_callers_pass_the_limit(small: Path) -> None:
    assert not lifeexp.validate([small], max_file_size=100).ok
    assert lifeexp.validate([small], max_file_size=2048).ok
    with pytest.raises(JourneyLoadError, match="1 problem"):
        lifeexp.load_journey(small, max_file_size=100)
    assert lifeexp.load_journeys([small], max_file_size=2048)[0].id == "test-journey"


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("64MiB", 64 * 1024**2),
        ("64 MiB", 64 * 1024**2),
        ("64m", 64 * 1024**2),
        ("500kB", 500_000),
        ("1.5 GiB", 3 * 1024**3 // 2),
        ("2GB", 2_000_000_000),
        ("1,000", 1000),
        (4096, 4096),
    ],
)
def test_sizes_read_as_people_write_them(text: str | int, size: int) -> None:
    assert parse_file_size(text) == size


@pytest.mark.parametrize("text", ["", "MiB", "12 parsecs", "-1", "0", "nan MiB", "inf", True, 1.5])
def test_what_is_not_a_size_is_refused(text: object) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_file_size(text)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=2**40))
def test_a_written_size_reads_back_within_its_rounding(n: int) -> None:
    # file_size rounds to one decimal (or whole numbers from 10 on): reading it back lands
    # within that rounding of the true size
    back = parse_file_size(file_size(n).replace(" bytes", "").replace(" byte", ""))
    assert abs(back - n) <= 0.05 * n + 1
