"""Property: whatever text a journey holds, the page shows it as text and adds no markup."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifeexp.loading import bundled_catalog
from lifeexp.report._build import JourneyPage, _environment, _journey_view, build_pages
from lifeexp.scoring import ScoringOptions
from lifeexp.testing import make_journey

# Tags the journey template itself writes; a user string must never add another.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "header", "p", "nav", "details",
    "summary", "ul", "li", "main", "footer", "script", "span", "code", "h1", "h2", "h3", "section",
    "figure", "div", "svg", "g", "text", "rect", "path", "polygon", "ellipse", "desc",
    "figcaption", "pre", "ol", "table", "caption", "thead", "tr", "th", "tbody", "td", "abbr",
    "dl", "dt", "dd", "strong", "polyline", "defs", "marker", "tspan", "line", "circle",
    "use", "style",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


@pytest.fixture(scope="module", name="page")
def _page() -> JourneyPage:
    journey = make_journey(
        {"a": ["b"], "b": []}, minutes={"a": 10}, agencies={"b": "SSA"}, journey_id="prop"
    )
    (page,) = build_pages([journey], bundled_catalog(), ScoringOptions(samples=0))
    return page


def _html_text() -> Any:
    # Text as YAML can carry it: no C0/C1 controls but tab and newline, no lone surrogates.
    alphabet = st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in (*range(9), 11, 12, *range(14, 32), 127)],
    )
    return st.one_of(
        st.text(alphabet, min_size=1, max_size=40),
        st.sampled_from(
            [
                "<script>alert(1)</script>",
                '"><img src=x onerror=alert(1)>',
                "</h1><h2>x",
                "{{ 7*7 }}",
                "&lt;&amp;",
                "<!--",
                "]]>",
            ]
        ),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_html_text(), description=_html_text())
def test_any_title_and_description_render_as_text(
    page: JourneyPage, title: str, description: str
) -> None:
    changed = JourneyPage(
        journey=page.journey.model_copy(update={"title": title, "description": description}),
        card=page.card,
        href=page.href,
        map_svg=page.map_svg,
        map_text=page.map_text,
    )
    html = (
        _environment()
        .get_template("journey.html.j2")
        .render(
            report_title="R",
            version="0",
            generated="now",
            root="../",
            nav=[(title, page.href)],
            **_journey_view(changed, bundled_catalog()),
        )
    )
    collector = _Collector()
    collector.feed(html)
    collector.close()
    assert collector.tags <= TEMPLATE_TAGS
    assert collector.handlers == []
    assert collector.h1 == title
