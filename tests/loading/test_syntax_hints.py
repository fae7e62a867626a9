"""Syntax explanations for the less common layouts: block scalars, lists at a key's
indentation, quotes in values."""

from __future__ import annotations

import pytest

from lifeexp.loading._yaml import YamlProblem, parse_yaml


def _problem(text: str) -> tuple[int | None, int | None, str, str | None]:
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text, "t.yaml")
    d = info.value.diagnostic
    return d.line, d.column, d.message, d.hint


def test_a_block_scalar_is_read_over_not_blamed() -> None:
    text = "description: |\n  any: text\n    more: text\nid: j\n  title: T\n"
    line, column, message, _ = _problem(text)
    assert (line, column) == (5, 3)
    assert "wrong indentation: 'title'" in message


def test_a_list_at_its_key_indentation_is_fine_and_a_stray_key_is_not() -> None:
    text = "steps:\n- id: a\n  title: A\n phase: p\n"
    line, _, message, hint = _problem(text)
    assert line == 4
    assert "wrong indentation" in message
    assert hint == "line 'phase' up with 'title' on line 3 (2 spaces)"


def test_a_comment_line_and_a_document_marker_are_skipped() -> None:
    text = "---\n# a comment: with a colon\nid: j\n  title: T\n"
    line, _, message, _ = _problem(text)
    assert line == 4
    assert "wrong indentation: 'title'" in message


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("Renew: passport", '"Renew: passport"'),
        ('Renew: the "fast" way', "'Renew: the \"fast\" way'"),
        ("""Renew: it's "fast\"""", '"Renew: it\'s \\"fast\\""'),
    ],
)
def test_the_quoted_form_survives_quotes_in_the_value(value: str, quoted: str) -> None:
    _, _, message, hint = _problem(f"title: {value}\n")
    assert "put the whole value in quotes" in message
    assert hint == f"title: {quoted}"
    assert parse_yaml(f"title: {quoted}\n").data == {"title": value}


def test_an_unclosed_quote_is_located_where_it_opens() -> None:
    line, column, message, _ = _problem('id: j\ntitle: "Passport\nstart: a\n')
    assert (line, column) == (2, 8)
    assert message == "a quote opened here is never closed"
