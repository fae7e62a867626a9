"""A corpus of everyday mistakes: each gives one located, plain-word message with the fix.

Every case is a small journey file with one mistake. The test asserts the code, the line and
column, and that the message or hint shows the corrected form. A second test runs every case
(and a few more) and asserts that no message names a Python class, quotes a regular
expression or uses pydantic's wording.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lifeexp.model
from lifeexp.diagnostics import Diagnostic
from lifeexp.loading import DocumentKind, parse_yaml, read_document
from lifeexp.loading._syntax_hints import explain_syntax_error

GOOD = """\
id: passport-name-change
title: Passport after a name change
life_experience: other
start: marry
phases:
  - id: change
    title: Change your name
steps:
  - id: marry
    title: Get the marriage certificate
    phase: change
    agency: person
    wait:
      days: 30
      estimate: a month
  - id: renew
    title: Renew the passport
    phase: change
    agency: SSA
    burden:
      completing: 30
      estimate: half an hour
transitions:
  - from: marry
    to: renew
    probability: 1
sources:
  - id: dos
    title: Passport page
    accessed: 2024-05-01
"""


def _case(old: str, new: str, *, count: int = 1) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, count)


# name: (file text, code, line, column, text the message or hint must contain)
CORPUS: dict[str, tuple[str, str, int, int, str]] = {
    # --- the issue's own examples -------------------------------------------------------
    "wait-days-as-words": (
        _case("      days: 30\n", "      days: 4-6 weeks\n"),
        "LX103",
        14,
        13,
        "days: [28, 35, 42]",
    ),
    "burden-as-number": (
        _case(
            "    burden:\n      completing: 30\n      estimate: half an hour\n", "    burden: 30\n"
        ),
        "LX103",
        20,
        13,
        "burden: {completing: 30}",
    ),
    "id-with-space": (
        _case("  - id: renew\n", "  - id: update dmv\n"),
        "LX103",
        16,
        9,
        "try 'update-dmv'",
    ),
    "probability-as-percent-number": (
        _case("    probability: 1\n", "    probability: 60\n"),
        "LX103",
        26,
        18,
        "write 0.6",
    ),
    "probability-with-percent-sign": (
        _case("    probability: 1\n", "    probability: 60%\n"),
        "LX103",
        26,
        18,
        "write 0.6",
    ),
    "colon-in-title": (
        _case("title: Passport after a name change", "title: Passport: after a name change"),
        "LX004",
        2,
        8,
        'title: "Passport: after a name change"',
    ),
    "key-indented-too-little": (
        _case("    phase: change\n    agency: SSA\n", "    phase: change\n   agency: SSA\n"),
        "LX004",
        19,
        4,
        "indentation",
    ),
    "key-indented-too-much": (
        _case("    phase: change\n    agency: SSA\n", "    phase: change\n      agency: SSA\n"),
        "LX004",
        19,
        7,
        "indentation",
    ),
    "key-out-of-its-list-item": (
        _case("    phase: change\n    agency: SSA\n", "    phase: change\n  agency: SSA\n"),
        "LX004",
        19,
        3,
        "indentation",
    ),
    # --- a wrong type in every kind of field ---------------------------------------------
    "text-field-given-a-list": (
        _case("title: Passport after a name change", "title: [Passport, renewal]"),
        "LX103",
        2,
        8,
        "put it in quotes",
    ),
    "text-field-given-a-number": (
        _case("    title: Renew the passport\n", "    title: 2024\n"),
        "LX103",
        17,
        12,
        'title: "2024"',
    ),
    "enum-field-misspelt": (
        _case("life_experience: other", "life_experience: approaching-retirment"),
        "LX103",
        3,
        18,
        "did you mean 'approaching-retirement'?",
    ),
    "whole-number-given-a-fraction": (
        _case("    agency: SSA\n", "    agency: SSA\n    emotion: 1.5\n"),
        "LX103",
        20,
        14,
        "emotion: 2",
    ),
    "number-given-words": (
        _case("      completing: 30\n", "      completing: 30 minutes\n"),
        "LX103",
        21,
        19,
        "completing: 30",
    ),
    "number-given-hours": (
        _case("      completing: 30\n", "      completing: 1-2 hours\n"),
        "LX103",
        21,
        19,
        "completing: [60, 90, 120]",
    ),
    "negative-days": (
        _case("      days: 30\n", "      days: -3\n"),
        "LX103",
        14,
        13,
        "cannot be negative",
    ),
    "three-point-out-of-order": (
        _case("      completing: 30\n", "      completing: [45, 30, 20]\n"),
        "LX103",
        21,
        19,
        "[20, 30, 45]",
    ),
    "yes-no-given-words": (
        _case("    accessed: 2024-05-01\n", "    accessed: 2024-05-01\n    secondary: maybe\n"),
        "LX103",
        31,
        16,
        "secondary: true",
    ),
    "date-written-us-style": (
        _case("    accessed: 2024-05-01\n", "    accessed: 5/1/2024\n"),
        "LX103",
        30,
        15,
        "2024-05-01",
    ),
    "source-given-a-number": (
        _case("      estimate: a month\n", "      source: 5\n"),
        "LX103",
        15,
        15,
        "source: ssa-2024",
    ),
    # --- a list where a mapping is expected, and the reverse ----------------------------
    "mapping-where-list-expected": (
        _case(
            "phases:\n  - id: change\n    title: Change your name\n",
            "phases:\n  id: change\n  title: Change your name\n",
        ),
        "LX103",
        6,
        3,
        "start each item with '- '",
    ),
    "scalar-where-list-expected": (
        _case("    agency: SSA\n", "    agency: SSA\n    forms: DS-82\n"),
        "LX103",
        20,
        12,
        "forms: [DS-82]",
    ),
    "list-where-mapping-expected": (
        _case(
            "    wait:\n      days: 30\n      estimate: a month\n",
            "    wait:\n      - days: 30\n",
        ),
        "LX103",
        14,
        7,
        "wait: {days: 30}",
    ),
    "text-where-list-item-mapping-expected": (
        _case(
            "phases:\n  - id: change\n    title: Change your name\n",
            "phases:\n  - change\n",
        ),
        "LX103",
        6,
        5,
        "- {id: apply, title: Apply}",
    ),
    # --- a misspelt key at every level ---------------------------------------------------
    "misspelt-top-level-key": (
        _case("start: marry", "strat: marry"),
        "LX101",
        4,
        1,
        "did you mean 'start'?",
    ),
    "misspelt-phase-key": (
        _case("    title: Change your name", "    titel: Change your name"),
        "LX101",
        7,
        5,
        "did you mean 'title'?",
    ),
    "misspelt-step-key": (
        _case("    agency: SSA\n", "    agnecy: SSA\n"),
        "LX101",
        19,
        5,
        "did you mean 'agency'?",
    ),
    "misspelt-burden-key": (
        _case("      completing: 30\n", "      completeing: 30\n"),
        "LX101",
        21,
        7,
        "did you mean 'completing'?",
    ),
    "misspelt-wait-key": (
        _case("      days: 30\n", "      dayz: 30\n"),
        "LX101",
        14,
        7,
        "did you mean 'days'?",
    ),
    "misspelt-transition-key": (
        _case("    probability: 1\n", "    probabilty: 1\n"),
        "LX101",
        26,
        5,
        "did you mean 'probability'?",
    ),
    "misspelt-source-key": (
        _case("    accessed: 2024-05-01\n", "    acessed: 2024-05-01\n"),
        "LX101",
        30,
        5,
        "did you mean 'accessed'?",
    ),
    "key-at-the-wrong-level": (
        _case("    agency: SSA\n", "    agency: SSA\n    days: 3\n"),
        "LX101",
        20,
        5,
        "wait: {days: ...}",
    ),
    # --- whitespace and encodings --------------------------------------------------------
    "tab-indentation": (
        _case("    agency: SSA\n", "\tagency: SSA\n"),
        "LX004",
        19,
        1,
        "replace the tab with spaces",
    ),
    "dash-without-space": (
        _case("  - id: renew\n", "  -id: renew\n"),
        "LX004",
        16,
        3,
        "write - id: renew",
    ),
    "missing-colon": (
        _case("start: marry", "start marry"),
        "LX004",
        4,
        1,
        "write start: marry",
    ),
    "unclosed-bracket": (
        _case("    probability: 1\n", "    probability: 1\n    data_passed: [ssn, dob\n"),
        "LX004",
        27,
        18,
        "is not closed",
    ),
    "missing-required-field": (
        _case("    phase: change\n    agency: SSA\n", "    agency: SSA\n"),
        "LX102",
        16,
        5,
        "add phase:",
    ),
}


def _diagnostics(tmp_path: Path, text: str | bytes) -> list[Diagnostic]:
    path = tmp_path / "journey.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return read_document(path, kind=DocumentKind.journey, display="journey.yaml").diagnostics


def test_the_good_file_is_good(tmp_path: Path) -> None:
    assert _diagnostics(tmp_path, GOOD) == []


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_mistake_gives_one_located_message_with_the_fix(name: str, tmp_path: Path) -> None:
    text, code, line, column, fix = CORPUS[name]
    found = _diagnostics(tmp_path, text)
    assert len(found) == 1, [d.format() for d in found]
    (d,) = found
    assert (d.code, d.line, d.column) == (code, line, column), d.format()
    assert fix in d.format(), d.format()


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: "\ufeff".encode() + t.encode(), id="bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda t: "\ufeff".encode() + t.replace("\n", "\r\n").encode(), id="bom+crlf"),
    ],
)
def test_bom_and_crlf_read_like_plain_utf8(encode: object, tmp_path: Path) -> None:
    assert callable(encode)
    assert _diagnostics(tmp_path, encode(GOOD)) == []
    # ...and a mistake in such a file is still located on its own line and column.
    text, code, line, column, fix = CORPUS["burden-as-number"]
    (d,) = _diagnostics(tmp_path, encode(text))
    assert (d.code, d.line, d.column) == (code, line, column)
    assert fix in d.format()


_CLASS_NAMES = sorted(
    {
        *(n for n in lifeexp.model.__all__ if n[:1].isupper() and n != "PERSON"),
        "ThreePoint",
        "BaseModel",
        "NoneType",
    }
)
_JARGON = re.compile(
    r"instance of|Input should|valid dictionary|String should|pattern|\[A-Za-z|\\d|\^|\$'"
    r"|pydantic|model_type|list\[str\]|\bstr\b|\bint\b|\bdict\b|\bfloat\b|\bbool\b|type="
    r"|errors\.pydantic|Value error|Assertion failed"
)


def _all_messages(tmp_path: Path) -> Iterator[tuple[str, str]]:
    for name, (text, *_rest) in CORPUS.items():
        for d in _diagnostics(tmp_path, text):
            yield name, d.format()


def test_no_message_speaks_python_or_pydantic(tmp_path: Path) -> None:
    for name, text in _all_messages(tmp_path):
        assert not _JARGON.search(text), (name, text)
        for cls in _CLASS_NAMES:
            assert not re.search(rf"\b{cls}\b", text), (name, cls, text)


@given(st.text(alphabet=" \t\n:-[]{}#'\"abc|>", max_size=80))
def test_the_syntax_explainer_never_fails(text: str) -> None:
    lines = text.splitlines() or [""]
    for at in ((1, 1), (len(lines), 1), (len(lines) + 3, 9)):
        explain_syntax_error(text, "mapping values are not allowed here", "while parsing", at, at)
        explain_syntax_error(text, "could not find expected ':'", None, at, (1, 1))
        explain_syntax_error(text, "did not find expected ',' or ']'", "flow", at, at)


def _fields(data: object, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*loc, key)
            yield from _fields(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*loc, i)
            yield from _fields(value, (*loc, i))


_GOOD_DATA = parse_yaml(GOOD).data
_PLACES = list(_fields(_GOOD_DATA))
# The author's own words are echoed in messages, so generated text avoids the jargon words the
# test looks for.
_WORDS = st.text(alphabet="abcxyz019 -.:%", max_size=12)
_ANY_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-1000, 1000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _WORDS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_WORDS, inner, max_size=3),
    max_leaves=5,
)


@given(place=st.sampled_from(_PLACES), value=_ANY_VALUE)
def test_any_wrong_value_anywhere_is_explained_plainly(
    place: tuple[str | int, ...], value: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = copy.deepcopy(_GOOD_DATA)
    holder = data
    for seg in place[:-1]:
        holder = holder[seg]
    holder[place[-1]] = value
    folder = tmp_path_factory.mktemp("fuzz")
    text = json.dumps(data)  # JSON is YAML: every value reads back as written
    for d in _diagnostics(folder, text):
        shown = d.format()
        assert d.line is not None, shown
        assert not _JARGON.search(shown), shown
        for cls in _CLASS_NAMES:
            assert not re.search(rf"\b{cls}\b", shown), (cls, shown)


CATALOG_CASES: dict[str, tuple[str, int, int, str]] = {
    # name: (catalog file, line, column, corrected form in the message or hint)
    "minutes-with-unit": (
        "forms:\n  - id: XX-1\n    title: A form\n    agency: SSA\n"
        "    minutes_per_response: 14 minutes\n",
        5,
        27,
        "minutes_per_response: 14",
    ),
    "omb-number-with-a-space": (
        "forms:\n  - id: XX-1\n    title: A form\n    agency: SSA\n"
        "    omb_control_number: 0960 0618\n",
        5,
        25,
        "omb_control_number: 0960-0618",
    ),
    "section-as-mapping": (
        "agencies:\n  code: XA\n  name: X Agency\n",
        2,
        3,
        "start each item with '- '",
    ),
    "misspelt-section": (
        "agencys:\n  - {code: XA, name: X Agency}\n",
        1,
        1,
        "did you mean 'agencies'?",
    ),
}


@pytest.mark.parametrize("name", sorted(CATALOG_CASES))
def test_catalog_mistakes_are_explained_too(name: str, tmp_path: Path) -> None:
    text, line, column, fix = CATALOG_CASES[name]
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    found = read_document(path, kind=DocumentKind.catalog, display="catalog.yaml").diagnostics
    assert len(found) == 1, [d.format() for d in found]
    (d,) = found
    assert (d.line, d.column) == (line, column), d.format()
    assert fix in d.format(), d.format()
    assert not _JARGON.search(d.format()), d.format()
