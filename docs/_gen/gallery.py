"""Build-time gallery: each bundled journey's map and headline scores.

mkdocs-gen-files runs this file during ``mkdocs build``. It loads every journey in
``journeys/``, scores it and draws its swimlane map with the pip-only renderer, its journey
canvas and service blueprint (drawn directly as SVG), and, for the first journey, the first
page of the canvas printed on US letter (the very SVG that becomes that PDF page, plus the
PDF and a PNG of the page when the converters of the ``render`` extra are installed). It
writes ``gallery/index.md`` plus those files. Nothing is committed: the pictures always match
the journeys and the code of the commit being built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["gallery_page"]

ROOT = Path(__file__).resolve().parents[2]


def gallery_page(journey_dir: Path = ROOT / "journeys") -> tuple[str, dict[str, bytes]]:
    """The gallery page's Markdown and the SVG files it shows (``{file name: bytes}``)."""
    from lifeexp.formatting import count, days, hours, minutes
    from lifeexp.loading import load_catalog, load_journeys
    from lifeexp.rendering import RenderOptions, render
    from lifeexp.rendering import markdown_inline as _md
    from lifeexp.scoring import ScoringOptions, score

    journeys = load_journeys([journey_dir])
    catalog = load_catalog()
    names = {code: a.name for code, a in catalog.agencies.items()}
    # The report's defaults, so the gallery and the report print the same P80 for a journey.
    options = ScoringOptions()
    # Current states first, each followed by its future state.
    order = {j.id: i for i, j in enumerate(journeys)}
    journeys.sort(key=lambda j: (order.get(j.compares_to or "", order[j.id]), j.state.value))
    lines = [
        "# Gallery",
        "",
        "Every journey bundled in `journeys/`, drawn and scored when this site was built. The",
        "same maps and many more figures are in the HTML report: "
        "`lifeexp report journeys/ -o lifeexp-report`.",
        "",
        "| Journey | Time tax per person | Annual burden | Cross-agency handoffs | "
        "Repeated data entries | Lead time |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    sections: list[str] = []
    files: dict[str, bytes] = {}
    for n, journey in enumerate(journeys):
        card = score(journey, options)
        svg = render(journey, "svg", options=RenderOptions(agency_names=names), scorecard=card)
        files[f"{journey.id}.svg"] = svg
        files[f"{journey.id}.canvas.svg"] = render(journey, "svg", view="canvas", scorecard=card)
        files[f"{journey.id}.blueprint.svg"] = render(
            journey, "svg", view="blueprint", scorecard=card
        )
        printed = _printed_page(journey, card, files) if n == 0 else []
        annual = hours(card.annual.hours) if card.annual else "–"
        anchor = journey.id.replace(".", "-")
        title = _md(journey.title)
        lines.append(
            f"| [{title}](#{anchor}) | {minutes(card.time_tax.mean_minutes)} | {annual} | "
            f"{count(card.handoffs.expected_cross_agency)} | "
            f"{count(card.tell_us_once.repeated_entries)} | {days(card.lead_time.expected_days)} |"
        )
        story = journey_dir.parent / "docs" / "journeys" / f"{journey.life_experience.value}.md"
        about = f" · [about this journey](../journeys/{story.name})" if story.is_file() else ""
        spread = f" (P80 {minutes(card.time_tax.p80_minutes)})" if card.time_tax.p80_minutes else ""
        sections += [
            f"## {title} {{ #{anchor} }}",
            "",
            f"`journeys/{journey.id}.yaml` · {journey.state.value} state · "
            f"{len(journey.steps)} steps · {len(journey.agencies)} agencies{about}",
            "",
            f"- Time tax per person: **{minutes(card.time_tax.mean_minutes)}**{spread}",
            f"- Cross-agency handoffs: **{count(card.handoffs.expected_cross_agency)}**; "
            f"repeated data entries: **{count(card.tell_us_once.repeated_entries)}**",
            f"- Lead time: **{days(card.lead_time.expected_days)}**; "
            f"friction points: **{len(card.friction_points)}**",
            "",
            f"[![Swimlane map of {title}]({journey.id}.svg)]({journey.id}.svg)",
            "",
            "Select the map to open it at full size.",
            "",
            f"### Journey canvas of the most likely path {{ #{anchor}-canvas }}",
            "",
            f"[![Journey canvas of {title}]({journey.id}.canvas.svg)]({journey.id}.canvas.svg)",
            "",
            f"`lifeexp render journeys/{journey.id}.yaml --view canvas -o canvas.svg`",
            "",
            f"### Service blueprint {{ #{anchor}-blueprint }}",
            "",
            f"[![Service blueprint of {title}]({journey.id}.blueprint.svg)]"
            f"({journey.id}.blueprint.svg)",
            "",
            *printed,
        ]
    return "\n".join([*lines, "", *sections]), files


def _printed_page(journey: Any, card: Any, files: dict[str, bytes]) -> list[str]:
    """The canvas's first printed page (letter, landscape) and the lines that show it."""
    from lifeexp.errors import RendererUnavailable
    from lifeexp.rendering import render, render_pages, svg_to_png

    pages = render_pages(journey, view="canvas", page="letter", scorecard=card)
    files[f"{journey.id}.canvas-letter-1.svg"] = pages[0].encode()
    picture = f"{journey.id}.canvas-letter-1.svg"
    links = ""
    try:
        files[f"{journey.id}.canvas-letter-1.png"] = svg_to_png(pages[0], 1.5)
        picture = f"{journey.id}.canvas-letter-1.png"
        files[f"{journey.id}.canvas-letter.pdf"] = render(
            journey, "pdf", view="canvas", page="letter", scorecard=card
        )
        links = f" · [the whole PDF]({journey.id}.canvas-letter.pdf)"
    except RendererUnavailable:
        pass  # the docs build without the render extra shows the page's SVG only
    return [
        f"### Printed: page 1 of {len(pages)} on US letter, landscape "
        f"{{ #{journey.id.replace('.', '-')}-printed }}",
        "",
        f"[![First printed page of the canvas]({picture})]({picture}){links}",
        "",
        f"`lifeexp render journeys/{journey.id}.yaml --view canvas -f pdf --page letter "
        "-o canvas.pdf`: tiled by phase, row headers on every page, no text under 7 pt.",
        "",
    ]


def _write_pages() -> None:
    import mkdocs_gen_files

    page, files = gallery_page()
    with mkdocs_gen_files.open("gallery/index.md", "w") as fh:
        fh.write(page)
    for name, data in files.items():
        with mkdocs_gen_files.open(f"gallery/{name}", "wb") as fh:
            fh.write(data)


if __name__ in {"__main__", "<run_path>"}:
    _write_pages()
