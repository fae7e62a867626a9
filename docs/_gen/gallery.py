"""Build-time gallery: each bundled journey's map and headline scores.

mkdocs-gen-files runs this file during ``mkdocs build``. It loads every journey in
``journeys/``, scores it and draws its swimlane map with the pip-only renderer, and writes
``gallery/index.md`` plus one SVG per journey. Nothing is committed: the pictures always match
the journeys and the code of the commit being built.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["gallery_page"]

ROOT = Path(__file__).resolve().parents[2]


def _md(text: str) -> str:
    """Escape a YAML string for Markdown text (titles may hold *, _, <, [ ...)."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]{}|#":
        out = out.replace(ch, "\\" + ch)
    return out


def gallery_page(journey_dir: Path = ROOT / "journeys") -> tuple[str, dict[str, bytes]]:
    """The gallery page's Markdown and the SVG files it shows (``{file name: bytes}``)."""
    from lifeexp.loading import load_catalog, load_journeys
    from lifeexp.render import RenderOptions, render
    from lifeexp.report._format import count, days, hours, minutes
    from lifeexp.scoring import ScoringOptions, score

    journeys = load_journeys([journey_dir])
    catalog = load_catalog()
    names = {code: a.name for code, a in catalog.agencies.items()}
    options = ScoringOptions(samples=2000)  # the gallery needs headline figures, not 4 digits
    lines = [
        "# Gallery",
        "",
        "Every journey bundled in `journeys/`, drawn and scored when this site was built. The",
        "same maps and many more figures are in the HTML report: "
        "`lifeexp report journeys/ -o lifeexp-report`.",
        "",
        "| Journey | State | Time tax per person | P80 | Annual burden | "
        "Cross-agency handoffs | Repeated data entries | Lead time |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    sections: list[str] = []
    files: dict[str, bytes] = {}
    for journey in journeys:
        card = score(journey, options)
        svg = render(journey, "svg", RenderOptions(agency_names=names))
        files[f"{journey.id}.svg"] = svg
        annual = hours(card.annual.hours) if card.annual else "–"
        anchor = journey.id.replace(".", "-")
        lines.append(
            f"| [{_md(journey.title)}](#{anchor}) | {journey.state.value} | "
            f"{minutes(card.time_tax.mean_minutes)} | {minutes(card.time_tax.p80_minutes)} | "
            f"{annual} | {count(card.handoffs.expected_cross_agency)} | "
            f"{count(card.tell_us_once.repeated_entries)} | {days(card.lead_time.expected_days)} |"
        )
        sections += [
            f"## {_md(journey.title)} {{ #{anchor} }}",
            "",
            f"`journeys/{journey.id}.yaml` · {journey.state.value} state · "
            f"{len(journey.steps)} steps · {len(journey.agencies)} agencies · "
            f"{len(card.friction_points)} friction points",
            "",
            f"[![Swimlane map of {_md(journey.title)}]({journey.id}.svg)]({journey.id}.svg)",
            "",
        ]
    return "\n".join([*lines, "", *sections]), files


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
