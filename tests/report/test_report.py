"""The report end to end: ``write_report`` and ``lifeexp report`` on real and hostile journeys."""

from __future__ import annotations

import html
import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lifeexp import formatting as fmt
from lifeexp.cli import main
from lifeexp.errors import JourneyLoadError, JourneyValidationError, ReportError
from lifeexp.loading import load_journey
from lifeexp.model import Journey
from lifeexp.report import MARKER_NAME, write_report
from lifeexp.report._charts import heat_colours
from lifeexp.scoring import ScoringOptions, score
from lifeexp.testing import make_journey

ROOT = Path(__file__).resolve().parents[2]
FAST = ScoringOptions(samples=500)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def _pair() -> tuple[Journey, Journey]:
    """A current journey with a second application, and a future one without it."""
    current = make_journey(
        {"start": ["apply"], "apply": ["apply-again"], "apply-again": []},
        minutes={"start": 10, "apply": 30, "apply-again": 45},
        agencies={"apply": "SSA", "apply-again": "CMS"},
        journey_id="pair",
        apply={"data_requested": ["ssn", "full-name"]},
        **{"apply-again": {"data_requested": ["ssn", "full-name"], "title": "Apply again at CMS"}},
    )
    data = current.model_dump(by_alias=True, exclude_none=True)
    data["transitions"][1]["handoff"] = "customer_carries"
    current = Journey.model_validate(data)
    future = make_journey(
        {"start": ["apply"], "apply": []},
        minutes={"start": 10, "apply": 30},
        agencies={"apply": "SSA"},
        journey_id="pair.future",
        apply={"data_requested": ["ssn", "full-name"]},
    )
    fdata = future.model_dump(by_alias=True, exclude_none=True)
    fdata.update(state="future", compares_to="pair", title="Pair (future state)")
    return current, Journey.model_validate(fdata)


def _hostile() -> Journey:
    base = make_journey(
        {"a": ["b"], "b": []},
        minutes={"a": 5},
        journey_id="hostile",
        b={"pain_points": [{"text": HOSTILE, "source": "javascript:alert(2)"}]},
    )
    data = base.model_dump(by_alias=True, exclude_none=True)
    data["title"] = HOSTILE
    data["description"] = HOSTILE
    data["steps"][0]["title"] = HOSTILE
    data["phases"][0]["title"] = HOSTILE
    data["sources"] = [{"id": "s1", "title": HOSTILE, "url": "javascript:alert(3)"}]
    data["personas"] = [{"id": "p", "name": HOSTILE, "description": HOSTILE}]
    return Journey.model_validate(data)


@pytest.fixture(scope="module", name="pair_report")
def _pair_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pair") / "report"
    write_report(list(_pair()), out, options=FAST, title="Pair <report>")
    return out


def _text(page: Path) -> str:
    """The page's visible text, tags removed and entities decoded, whitespace collapsed."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", "", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


class TestWriteReport:
    def test_layout_of_the_folder(self, pair_report: Path) -> None:
        assert sorted(p.relative_to(pair_report).as_posix() for p in pair_report.rglob("*")) == [
            MARKER_NAME,
            "assets",
            "assets/report.css",
            "assets/report.js",
            "index.html",
            "journeys",
            "journeys/pair.future.html",
            "journeys/pair.future.map.png",
            "journeys/pair.future.map.svg",
            "journeys/pair.html",
            "journeys/pair.map.png",
            "journeys/pair.map.svg",
        ]
        marker = json.loads((pair_report / MARKER_NAME).read_text(encoding="utf-8"))
        assert marker["generator"] == "lifeexp"
        assert marker["journeys"] == ["pair", "pair.future"]

    def test_headline_figures_match_the_scorecard(self, pair_report: Path) -> None:
        current, _ = _pair()
        card = score(current, FAST)
        # 10 + 30 + 45 minutes, every step visited once
        assert card.time_tax.mean_minutes == pytest.approx(85.0)
        text = _text(pair_report / "journeys" / "pair.html")
        assert "Time tax per person 85 min" in text
        assert f"Repeated data entries {fmt.count(card.tell_us_once.repeated_entries)}" in text
        # The pair's one handoff is a warm referral or shared: the headline counts what the
        # person carries (issue 12), and the total sits in the detail.
        assert f"Handoffs the person carries {fmt.count(card.handoffs.person_handoffs)} " in text
        assert f"of {fmt.count(card.handoffs.total)} agency changes" in text

    def test_overview_links_every_journey_with_current_first(self, pair_report: Path) -> None:
        index = (pair_report / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'<th scope="row"><a href="([^"]+)">', index)
        assert links == ["journeys/pair.html", "journeys/pair.future.html"]
        assert "Pair &lt;report&gt;" in index  # the title is escaped too

    def test_comparison_shows_the_saving(self, pair_report: Path) -> None:
        for page in ("pair.html", "pair.future.html"):
            text = _text(pair_report / "journeys" / page)
            assert "Current and future" in text
            # 85 → 40 minutes: 45 fewer, −53%
            assert "Expected time tax 85 min 40 min −45 min −53% better" in text
        index = _text(pair_report / "index.html")
        assert "Expected time tax 85 min 40 min −45 min −53% better" in index
        future = _text(pair_report / "journeys" / "pair.future.html")
        assert "Steps the future state removes Apply again at CMS" in future
        assert "Handoff removed: SSA → CMS (apply → Apply again at CMS, customer carries)" in future

    def test_map_is_inline_svg_with_a_text_version(self, pair_report: Path) -> None:
        page = (pair_report / "journeys" / "pair.html").read_text(encoding="utf-8")
        assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 2  # map + charts
        assert 'class="map-svg"' in page
        assert 'role="img"' in page
        assert "<pre>" in page
        assert "<script" not in page.split('<script src="../assets/report.js">')[0]

    def test_estimates_are_listed(self, pair_report: Path) -> None:
        text = _text(pair_report / "journeys" / "pair.html")
        # make_journey marks every burden as an estimate with the reason "test value"
        assert text.count("test value") == 3

    def test_no_external_resources(self, pair_report: Path) -> None:
        for page in pair_report.rglob("*.html"):
            raw = page.read_text(encoding="utf-8")
            assert not re.search(r'<(script|link|img)\b[^>]*(src|href)="(https?:)?//', raw)
        css = (pair_report / "assets" / "report.css").read_text(encoding="utf-8")
        assert "@import" not in css
        assert "url(" not in css

    def test_same_seed_same_report(self, tmp_path: Path) -> None:
        pages = []
        for name in ("a", "b"):
            write_report(
                list(_pair()), tmp_path / name, options=ScoringOptions(samples=300, seed=7)
            )
            raw = (tmp_path / name / "journeys" / "pair.html").read_text(encoding="utf-8")
            pages.append(re.sub(r"Generated by lifeexp .*? on [^.]*\.", "", raw))
        assert pages[0] == pages[1]


class TestEscaping:
    def test_every_string_from_yaml_is_escaped(self, tmp_path: Path) -> None:
        write_report([_hostile()], tmp_path / "r", options=FAST)
        for page in (tmp_path / "r").rglob("*.html"):
            raw = page.read_text(encoding="utf-8")
            assert "<script>alert" not in raw
            assert "<img" not in raw
            assert 'href="javascript' not in raw
        text = (tmp_path / "r" / "journeys" / "hostile.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
        # the unsafe source URL is shown as text, never as a link
        assert "javascript:alert(3)" in html.unescape(text)


class TestRefusals:
    def test_refuses_a_folder_of_other_files(self, tmp_path: Path) -> None:
        (tmp_path / "keep.txt").write_text("precious", encoding="utf-8")
        with pytest.raises(ReportError, match=r"was not written by .lifeexp report."):
            write_report(list(_pair()), tmp_path, options=FAST)
        assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]

    def test_replaces_an_earlier_report(self, tmp_path: Path) -> None:
        out = tmp_path / "r"
        write_report([_pair()[0]], out, options=FAST)
        assert (out / "journeys" / "pair.html").is_file()
        write_report([_hostile()], out, options=FAST)  # the earlier report's pair.html goes
        assert sorted(p.name for p in (out / "journeys").iterdir()) == [
            "hostile.html",
            "hostile.map.png",
            "hostile.map.svg",
        ]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]

    def test_duplicate_ids_are_refused(self, tmp_path: Path) -> None:
        current, _ = _pair()
        with pytest.raises(ReportError, match="two journeys have the id 'pair'"):
            write_report([current, current], tmp_path / "r", options=FAST)
        assert not (tmp_path / "r").exists()

    def test_invalid_journey_file_writes_nothing(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: bad\ntitle: [unclosed\n", encoding="utf-8")
        with pytest.raises((JourneyLoadError, JourneyValidationError)) as info:
            write_report([bad], tmp_path / "r", options=FAST)
        assert info.value.diagnostics
        assert not (tmp_path / "r").exists()


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, ["report", *args])


class TestCommand:
    def test_bundled_journeys(self, tmp_path: Path) -> None:
        out = tmp_path / "lifeexp-report"
        result = _run(str(ROOT / "journeys"), "-o", str(out), "--samples", "200", "--seed", "3")
        assert result.exit_code == 0, result.output
        journeys = sorted(p.stem for p in (ROOT / "journeys").glob("*.yaml"))
        assert sorted(p.stem for p in (out / "journeys").glob("*.html")) == journeys
        assert f"Report on {len(journeys)} journeys written to" in result.output
        index = (out / "index.html").read_text(encoding="utf-8")
        for stem in journeys:
            assert f'href="journeys/{stem}.html"' in index
        page = (out / "journeys" / "approaching-retirement.html").read_text(encoding="utf-8")
        assert "Spread from 200 simulated journeys (seed 3)" in page

    def test_wage_rate_values_the_annual_hours(self, tmp_path: Path) -> None:
        out = tmp_path / "r"
        path = str(ROOT / "docs" / "examples" / "first-journey.yaml")
        result = _run(path, "-o", str(out), "--samples", "0", "--wage-rate", "30")
        assert result.exit_code == 0, result.output
        card = score(load_journey(path), ScoringOptions(samples=0, wage_rate=30))
        assert card.annual is not None
        assert card.annual.dollars == pytest.approx(card.annual.hours * 30)
        page = _text(out / "journeys" / "first-journey.html")
        assert f"worth {fmt.dollars(card.annual.dollars)}" in page

    def test_title_option(self, tmp_path: Path) -> None:
        out = tmp_path / "r"
        path = str(ROOT / "docs" / "examples" / "first-journey.yaml")
        result = _run(path, "-o", str(out), "--title", "Part B <review>", "--samples", "0")
        assert result.exit_code == 0, result.output
        assert "<title>Part B &lt;review&gt;</title>" in (out / "index.html").read_text("utf-8")

    def test_non_report_folder_is_a_usage_error(self, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
        path = str(ROOT / "docs" / "examples" / "first-journey.yaml")
        result = _run(path, "-o", str(tmp_path))
        assert result.exit_code == 2
        assert "was not written by 'lifeexp report'" in result.output
        assert "nothing was changed" in result.output
        assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    def test_problems_in_journeys_exit_1_and_write_nothing(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: bad\ntitle: x\nsteps: []\n", encoding="utf-8")
        result = _run(str(bad), "-o", str(tmp_path / "r"))
        assert result.exit_code == 1
        assert "bad.yaml:" in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "r").exists()

    def test_missing_path_exits_1(self, tmp_path: Path) -> None:
        result = _run(str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "r"))
        assert result.exit_code == 1
        assert "nope.yaml" in result.output
        assert not (tmp_path / "r").exists()

    @pytest.mark.parametrize(
        "args",
        [[], ["journeys/"], ["journeys/", "-o"], ["journeys/", "-o", "x", "--samples", "-1"]],
    )
    def test_usage_errors_exit_2(self, args: list[str]) -> None:
        assert _run(*args).exit_code == 2


class TestWarmUp:
    def test_nothing_to_do_with_a_system_graphviz(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from lifeexp.report import warm_up_renderer

        render_module = importlib.import_module("lifeexp.rendering")
        monkeypatch.setattr(render_module, "available_backends", lambda: ["system", "wasm"])
        assert warm_up_renderer() is None

    def test_wasm_is_prepared_once_in_the_background(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import threading

        from lifeexp.report import warm_up_renderer

        render_module = importlib.import_module("lifeexp.rendering")
        calls: list[tuple[str, str]] = []

        def fake_render(journey: Journey, format: str, *args: Any, **kwargs: Any) -> bytes:
            calls.append((journey.id, threading.current_thread().name))
            return b"<svg xmlns='http://www.w3.org/2000/svg'/>"

        monkeypatch.setattr(render_module, "available_backends", lambda: ["wasm"])
        monkeypatch.setattr(render_module, "render", fake_render)
        thread = warm_up_renderer()
        assert thread is not None
        assert thread.daemon
        thread.join(timeout=30)
        assert calls == [("warm-up", "lifeexp-render-warm-up")]


class TestHandoverHeatTable:
    """Issue 9 item 10: the heat table shades handovers, not moves within one agency."""

    @pytest.fixture(scope="class")
    @classmethod
    def page(cls, tmp_path_factory: pytest.TempPathFactory) -> str:
        # SSA's own steps loop (a → b → a …, 4 expected moves within SSA); one handover to CMS.
        journey = make_journey(
            {"a": ["b"], "b": ["a", "c"], "c": []},
            probabilities={("b", "a"): 0.75},
            minutes={"a": 5, "b": 5, "c": 5},
            agencies={"a": "SSA", "b": "SSA", "c": "CMS"},
            journey_id="heat",
        )
        data = journey.model_dump(by_alias=True, exclude_none=True)
        data["transitions"][2]["handoff"] = "customer_carries"
        out = tmp_path_factory.mktemp("heat")
        write_report([Journey.model_validate(data)], out, options=FAST)
        return (out / "journeys" / "heat.html").read_text(encoding="utf-8")

    def _cells(self, page: str) -> dict[tuple[str, str], str]:
        table = page[
            page.index('<table class="heat">') : page.index(
                "</table>", page.index('<table class="heat">')
            )
        ]
        order = re.findall(r'<th scope="col"><abbr title="[^"]*">([^<]+)</abbr>', table)
        cells: dict[tuple[str, str], str] = {}
        for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table, flags=re.S):
            owner = re.search(r">([^<]+)</abbr>", row).group(1)  # type: ignore[union-attr]
            for col, td in zip(order, re.findall(r"<td [^>]*>", row), strict=True):
                cells[(owner, col)] = td
        return cells

    def test_the_darkest_cell_is_the_handover_not_the_diagonal(self, page: str) -> None:
        cells = self._cells(page)
        darkest, _ = heat_colours(1, 1)
        # b is visited 4 times (1 / (1 − 0.75)); b → a 3 times, a → b 4 times: 7 within SSA,
        # b → c once: the one handover, which alone sets the top of the scale.
        assert darkest in cells[("SSA", "CMS")]
        assert "within" in cells[("SSA", "SSA")]
        assert darkest not in cells[("SSA", "SSA")]
        assert "Moves within one owner (not handovers): SSA 7" in _text_of(page)

    def test_the_key_does_not_repeat_the_code(self, page: str) -> None:
        keys = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page)
        assert keys
        for code, name in keys:
            assert not name.startswith(code), (code, name)


def _text_of(raw: str) -> str:
    raw = re.sub(r"<(script|style)\b.*?</\1>", "", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def test_report_builds_without_the_png_converter(tmp_path: Path, monkeypatch: Any) -> None:
    # A plain `pip install .` (the README quickstart) has no resvg: the map is still linked
    # full size and as SVG, and there is simply no PNG download.
    from lifeexp import rendering
    from lifeexp.errors import RendererUnavailable

    def no_png(svg: bytes, scale: float = 1.0) -> bytes:
        raise RendererUnavailable("PNG needs the render extra")

    monkeypatch.setattr(rendering, "svg_to_png", no_png)
    out = tmp_path / "r"
    write_report([_pair()[0]], out, options=FAST)
    page = next((out / "journeys").glob("*.html")).read_text(encoding="utf-8")
    assert "Download SVG" in page
    assert "Download PNG" not in page
    assert not list((out / "journeys").glob("*.png"))
