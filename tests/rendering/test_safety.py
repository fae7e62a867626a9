"""Hostile titles, notes, labels, agency codes and persona names in every output format.

YAML can carry quotes, angle brackets, braces, ``<script>``, newlines, control characters,
non-Latin text and emoji. Each format must show them literally and stay well-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifeexp.model import Journey
from lifeexp.rendering import RenderOptions, render, to_dot, to_mermaid, to_text
from lifeexp.rendering._escape import (
    dot_label,
    markdown_inline,
    mermaid_journey_text,
    mermaid_label,
    one_line,
    xml_text,
)

from . import svgcheck
from .test_mermaid import assert_flowchart_grammar, assert_journey_grammar

EVIL = 'Say "hi" <script>alert(1)</script> {x} [y] | `z` #1; a: b, c % \\N & &lt; 100%'
UNICODE = "Заявка на пособие — 申请福利 — طلب 🧾👶🏽"


def hostile_journey() -> Journey:
    """Every user string that reaches a map, made hostile."""
    return Journey.model_validate(
        {
            "id": "evil.journey-1",
            "title": EVIL + "\nsecond line",
            "life_experience": "other",
            "description": "</desc><script>x</script>\r\n" + UNICODE,
            "start": "a",
            "personas": [{"id": "p", "name": 'The "<b>" persona', "choices": {"a": "b"}}],
            "phases": [
                {"id": "one", "title": "Phase <one> & {two}"},
                {"id": "two", "title": UNICODE},
            ],
            "steps": [
                {
                    "id": "a",
                    "title": EVIL,
                    "phase": "one",
                    "agency": "person",
                    "kind": "decision",
                    "notes": "note with </title> and \x1b[31m escape and \ttab",
                },
                {"id": "b", "title": UNICODE, "phase": "two", "agency": 'AG"<x>{1}|2'},
                {"id": "c", "title": "Line1\nLine2\u2028Line3", "phase": "two", "agency": "Ω-机构"},
                {
                    "id": "d",
                    "title": "end } ] ) >",
                    "phase": "two",
                    "agency": "person",
                    "kind": "end",
                },
            ],
            "transitions": [
                {"from": "a", "to": "b", "probability": 0.5, "label": EVIL, "estimate": "x"},
                {"from": "a", "to": "c", "probability": 0.5, "label": "]]>\n|x|", "estimate": "x"},
                {"from": "b", "to": "c", "handoff": "start_over", "label": "<!-- -->"},
                {"from": "c", "to": "d"},
            ],
        }
    )


def test_dot_strings_are_closed_and_escaped() -> None:
    dot = to_dot(hostile_journey())
    # Outside of quoted strings only DOT syntax remains: remove every quoted string.
    skeleton = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)
    assert "<" not in skeleton
    assert "script" not in skeleton
    assert '\\"hi\\"' in dot  # quotes escaped inside labels
    assert "\\\\N" in dot  # a literal backslash-N, not Graphviz's node-name escape
    assert "&amp;lt;" in dot  # '&lt;' typed by the user stays visible as '&lt;'
    assert "申请福利" in dot
    assert "🧾👶🏽" in dot
    assert "\x1b" not in dot
    for line in dot.split("\n"):
        assert (
            line.count('"') - line.count('\\"') == 0
            or (line.count('"') - line.count('\\"')) % 2 == 0
        )


@pytest.mark.parametrize("view", ["swimlane", "handover", "persona"])
def test_svg_of_hostile_journey_is_well_formed_and_shows_text_literally(
    view: str, svg_backends: list[str]
) -> None:
    journey = hostile_journey()
    options = RenderOptions(view=view, persona="p" if view == "persona" else None)  # type: ignore[arg-type]
    svg = render(journey, "svg", options=options)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.find(f".//{svgcheck.SVG_NS}script") is None
    text = svgcheck.all_text(root)
    if view != "handover":
        assert "<script>alert(1)</script>" in text.replace("\n", " ")
        assert "申请福利" in text
    assert 'AG"<x>{1}|2' in text
    title = root.find(f"{svgcheck.SVG_NS}title")
    assert title is not None
    assert title.text is not None
    assert title.text.startswith('Say "hi" <script>')


def test_mermaid_of_hostile_journey_keeps_its_grammar() -> None:
    journey = hostile_journey()
    flow = to_mermaid(journey)
    assert_flowchart_grammar(flow)
    assert "<script>" not in flow
    assert "#lt;script#gt;" in flow
    jour = to_mermaid(journey, "journey")
    assert_journey_grammar(jour)
    assert "申请福利" in jour


def test_markdown_of_hostile_journey_has_no_raw_html_or_markup() -> None:
    md = to_text(hostile_journey())
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
    assert "\\[y\\]" in md
    assert "\\|" in md
    assert "\x1b" not in md
    # Every table row keeps its six cells: no user '|' splits one.
    rows = [line for line in md.split("\n") if line.startswith("| ")]
    assert rows
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 7
    plain = to_text(hostile_journey(), markdown=False)
    assert "<script>alert(1)</script>" in plain  # plain text shows it as typed
    assert "\x1b" not in plain


@given(st.text())
def test_dot_label_round_trips_to_the_folded_text(text: str) -> None:
    quoted = dot_label(text)
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    body = quoted[1:-1]
    unescaped = re.sub(r"\\(.)", r"\1", body).replace("&amp;", "&")
    assert unescaped == one_line(text)
    assert "\n" not in body


@given(st.text())
def test_mermaid_label_has_no_syntax_characters(text: str) -> None:
    out = mermaid_label(text)
    assert not set(out) & set('"<>`\n\\')
    assert not re.search(r"#(?!(?:\d+|quot|lt|gt|amp);)", out)


@given(st.text())
def test_mermaid_journey_text_has_no_syntax_characters(text: str) -> None:
    assert not set(mermaid_journey_text(text)) & set(":;#,%<>\n")


@given(st.text())
def test_markdown_and_xml_text_never_contain_raw_angle_brackets(text: str) -> None:
    for out in (markdown_inline(text), xml_text(text)):
        assert "<" not in out
        assert ">" not in out
        assert "\n" not in out
