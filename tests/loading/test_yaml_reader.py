"""The safe YAML reader: scalars, tags, duplicate keys, aliases, limits and positions."""

from __future__ import annotations

import json
import math
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lifeexp.loading import _yaml
from lifeexp.loading._yaml import Limits, YamlProblem, limits_for, parse_yaml, read_text


def data(text: str) -> object:
    parsed = parse_yaml(text, "t.yaml")
    assert parsed.diagnostics == []
    return parsed.data


def fatal(text: str, **kwargs: object) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text, "t.yaml", **kwargs)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("2024-01-02", "2024-01-02"),
        ("2024-01-02 10:00:00", "2024-01-02 10:00:00"),
        ("0960-0618", "0960-0618"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("12:30", "12:30"),
        ("42", 42),
        ("-7", -7),
        ("0123", 123),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("-.inf", -math.inf),
        ("~", None),
        ("null", None),
        ("", None),
        ("'42'", "42"),
        ('"yes"', "yes"),
        ("!!str 5", "5"),
        ("!!int '7'", 7),
        ("!!float 2", 2.0),
        ("! 5", "5"),
    ],
)
def test_scalars_follow_yaml_1_2_core_schema(text: str, expected: object) -> None:
    assert data(f"k: {text}\n") == {"k": expected}


def test_nan_is_a_float() -> None:
    value = data("k: .nan\n")
    assert isinstance(value, dict)
    assert math.isnan(value["k"])


def test_keys_are_always_text() -> None:
    assert data("2024: a\ntrue: b\n1.5: c\n") == {"2024": "a", "true": "b", "1.5": "c"}


_PRINTABLE = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85\u2028\u2029"),
    max_size=40,
)


@given(_PRINTABLE)
def test_quoted_text_always_stays_text(text: str) -> None:
    assert data(f"k: {json.dumps(text, ensure_ascii=False)}\n") == {"k": text}


@given(st.integers())
def test_integers_round_trip(n: int) -> None:
    assert data(f"k: {n}\n") == {"k": n}


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_round_trip(x: float) -> None:
    assert data(f"k: {x!r}\n") == {"k": x}


def test_duplicate_keys_are_all_reported_with_the_first_line() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\nnested:\n  x: 1\n  x: 2\n", "t.yaml")
    found = [(d.code, d.line, d.column) for d in parsed.diagnostics]
    assert found == [("LX005", 3, 1), ("LX005", 6, 3)]
    assert "first defined on line 1" in parsed.diagnostics[0].message
    assert "first defined on line 5" in parsed.diagnostics[1].message


def test_python_tags_are_rejected_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        f"a: !!python/object/apply:os.system ['touch {marker}']\n"
        "b: !!python/object:collections.OrderedDict {x: 1}\n"
        "c: !!python/name:os.system\n"
        "d: !custom 3\n"
        "e: !!binary aGVsbG8=\n"
        "f: !!set {x}\n"
    )
    parsed = parse_yaml(text, "t.yaml")
    assert [d.line for d in parsed.diagnostics if d.code == "LX006"] == [1, 2, 3, 4, 5, 6]
    assert "!!python/object/apply:os.system" in parsed.diagnostics[0].message
    assert not marker.exists()
    # Nothing but plain data was built.
    assert parsed.data == {
        "a": [f"touch {marker}"],
        "b": {"x": 1},
        "c": None,
        "d": None,
        "e": None,
        "f": {"x": None},
    }


def test_standard_tag_that_does_not_fit_is_reported() -> None:
    parsed = parse_yaml("k: !!int abc\n", "t.yaml")
    assert [d.code for d in parsed.diagnostics] == ["LX006"]


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_rejected_fast_without_memory() -> None:
    text = _billion_laughs()
    tracemalloc.start()
    started = time.perf_counter()
    problem = fatal(text)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert problem.diagnostic.code == "LX007"
    assert "billion laughs" in problem.diagnostic.message
    assert elapsed < 0.5
    assert peak < 5 * 1024 * 1024


def test_small_aliases_share_blocks() -> None:
    value = data("base: &b {p: 1}\none: *b\ntwo: *b\n")
    assert value == {"base": {"p": 1}, "one": {"p": 1}, "two": {"p": 1}}


def test_alias_expansion_limit_is_configurable() -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
    assert fatal(text, limits=Limits(max_alias_expansion=5)).diagnostic.code == "LX007"
    assert data(text) == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}


def test_merge_keys_explicit_keys_win() -> None:
    value = data("base: &b {p: 1, q: 2}\nm:\n  <<: *b\n  q: 3\n")
    assert value == {"base": {"p": 1, "q": 2}, "m": {"p": 1, "q": 3}}


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("a: &x [*x]\n", "LX007", "recursive"),
        ("a: *nothing\n", "LX007", "no anchor"),
        ("", "LX008", "empty"),
        ("# just a comment\n\n", "LX008", "empty"),
        ("a: 1\n---\nb: 2\n", "LX009", "more than one"),
        ("a: [1\n", "LX004", "is not closed"),
        ("a: b: c\n", "LX004", "put the whole value in quotes"),
        ("? [a, b]\n: 1\n", "LX004", "plain text"),
        ("a:\n\t- b\n", "LX004", "indented with a tab"),
    ],
)
def test_fatal_problems_are_located(text: str, code: str, words: str) -> None:
    problem = fatal(text).diagnostic
    assert problem.code == code
    assert words in problem.message
    assert problem.path == "t.yaml"
    assert problem.line is not None


def test_deep_nesting_is_refused_not_crashing() -> None:
    problem = fatal("[" * 100_000 + "]" * 100_000).diagnostic
    assert problem.code == "LX010"
    assert problem.column == 65  # the 65th '[' opens level 65


_LOADERS = [pytest.param(yaml.SafeLoader, id="pure-python")]
if hasattr(yaml, "CSafeLoader"):
    _LOADERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.mark.parametrize("loader", _LOADERS)
@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("[" * 5_000 + "]" * 5_000, (1, 65)),  # flow: libyaml's scanner reads ahead
        ("".join("  " * i + "-\n" for i in range(1_200)), (65, 129)),  # block sequences
        ("".join("  " * i + "k:\n" for i in range(1_200)), (65, 129)),  # block mappings
    ],
)
def test_deep_nesting_gives_the_same_located_lx010_with_every_parser(
    monkeypatch: pytest.MonkeyPatch, loader: type, text: str, at: tuple[int, int]
) -> None:
    # libyaml >= 0.2.5 (PyYAML 6.0.4 wheels) stops at 1,000 levels by itself with
    # "exceeded maximum nesting depth"; the user must still see LX010 at level 65.
    monkeypatch.setattr(_yaml, "_Loader", loader)
    problem = fatal(text).diagnostic
    assert (problem.code, problem.line, problem.column) == ("LX010", *at)
    assert problem.message == "nesting is deeper than 64 levels"


@pytest.mark.parametrize("loader", _LOADERS)
def test_a_raised_depth_limit_above_libyamls_own_is_honoured(
    monkeypatch: pytest.MonkeyPatch, loader: type
) -> None:
    monkeypatch.setattr(_yaml, "_Loader", loader)
    deep = "[" * 1_500 + "]" * 1_500
    value = parse_yaml(deep, "t.yaml", limits=Limits(max_depth=2_000)).data
    for _ in range(1_499):
        assert isinstance(value, list)
        value = value[0]
    assert value == []
    problem = fatal(deep, limits=Limits(max_depth=1_200)).diagnostic
    assert (problem.code, problem.column) == ("LX010", 1_201)


def test_positions_of_values_and_keys() -> None:
    parsed = parse_yaml("steps:\n  - id: a\n    title:   Apply\n", "t.yaml")
    assert parsed.locator.value(("steps", 0, "title")) == (3, 14)
    assert parsed.locator.key(("steps", 0, "title")) == (3, 5)
    assert parsed.locator.value(("steps", 0)) == (2, 5)
    # A path that is not in the document falls back to its deepest existing parent.
    assert parsed.locator.value(("steps", 0, "burden", "completing")) == (2, 5)


def test_read_text_rejects_non_utf8_with_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    d = info.value.diagnostic
    assert (d.code, d.line, d.column) == ("LX002", 2, 11)
    assert "0xe9" in d.message


def test_read_text_rejects_utf16(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("id: x\n".encode("utf-16"))
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    assert "UTF-16" in info.value.diagnostic.message


def test_read_text_accepts_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\n")
    assert read_text(path) == "id: x\n"


def test_read_text_refuses_large_files_before_reading_them(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: 1\n" * (2 * 1024 * 1024))  # 10 MiB
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    assert time.perf_counter() - started < 1.0
    d = info.value.diagnostic
    assert d.code == "LX003"
    assert d.message == "file is too large (10 MiB); the limit is 8 MiB"
    # the way past the limit is named, with a round size that covers the file
    assert d.hint is not None
    assert "--max-file-size 16MiB" in d.hint
    assert 'max_file_size = "16 MiB" in lifeexp.toml' in d.hint
    # a raised limit reads it
    assert read_text(path, limits=limits_for(16 * 1024 * 1024)).startswith("a: 1\n")


def test_read_text_missing_file(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem) as info:
        read_text(tmp_path / "nope.yaml")
    assert info.value.diagnostic.code == "LX001"
