"""Making a rendered map safe and accessible to place inline in an HTML page.

The map comes from `lifeexp.rendering.render` as a standalone SVG document. Before it goes
into the page it is parsed and rebuilt from an allow-list: scripts, ``foreignObject``, event
handler attributes and links to anything but ``http(s)``/``mailto``/same-page targets are
dropped, ids are prefixed so they cannot clash with the page's own, and the root gets
``role="img"`` with an accessible name. Journey titles and step names reach the map from YAML,
so this is the second line of defence after the renderer's own escaping.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Final

from markupsafe import Markup

__all__ = ["inline_svg", "safe_url"]

_SVG_NS: Final = "http://www.w3.org/2000/svg"
_XLINK_NS: Final = "http://www.w3.org/1999/xlink"

# Elements an SVG map legitimately uses; anything else (script, foreignObject, iframe, ...)
# is dropped with its subtree.
_ALLOWED_TAGS: Final = frozenset(
    {
        "svg", "g", "title", "desc", "path", "polygon", "polyline", "ellipse", "circle",
        "rect", "line", "text", "tspan", "a", "defs", "linearGradient", "radialGradient",
        "stop", "marker", "clipPath", "pattern", "style", "use", "symbol",
    }
)  # fmt: skip
_IDREFS: Final = frozenset({"aria-labelledby", "aria-describedby"})
_DOCTYPE = re.compile(r"<!DOCTYPE[^>[]*(\[[^\]]*\])?\s*>", re.IGNORECASE)
_XML_DECL = re.compile(r"<\?xml[^>]*\?>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SAFE_SCHEME = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
_URL_IN_STYLE = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
_ID_REF = re.compile(r"url\(#([^)]+)\)")


def safe_url(url: str) -> str | None:
    """The URL when it is safe to put in an ``href`` (http, https, mailto, or a page anchor).

    >>> safe_url("https://www.ssa.gov/")
    'https://www.ssa.gov/'
    >>> safe_url("javascript:alert(1)") is None
    True
    """
    cleaned = url.strip()
    return cleaned if _SAFE_SCHEME.match(cleaned) else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def inline_svg(svg: str | bytes, *, id_prefix: str, label: str) -> Markup:
    """Turn a standalone SVG document into sanitised markup for an HTML page.

    Args:
        svg: The SVG document (with or without an XML declaration and DOCTYPE).
        id_prefix: Prefix for every ``id`` (and the references to it) so two SVGs on one page,
            or an SVG and the page, never share an id.
        label: Accessible name of the picture (``aria-label``) when the SVG does not name
            itself with ``aria-labelledby``; the page gives the long text alternative next to it.

    Returns:
        Markup ready to place in a Jinja2 template.

    Raises:
        ValueError: ``svg`` is not well-formed SVG.
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    # No DOCTYPE means no entity declarations, so nothing can expand inside the parser.
    text = _COMMENT.sub("", _DOCTYPE.sub("", _XML_DECL.sub("", text)))
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    try:
        root = ET.fromstring(text)  # noqa: S314 - DOCTYPE removed above; no entities remain
    except ET.ParseError as exc:
        msg = f"the map is not well-formed SVG: {exc}"
        raise ValueError(msg) from None
    if _local(root.tag) != "svg":
        msg = "the map is not an SVG document"
        raise ValueError(msg)
    _clean(root, id_prefix)
    # Graphviz writes the size in points; keep it as the natural size for zooming but let CSS
    # scale the picture to the container.
    for attr in ("width", "height"):
        value = root.get(attr)
        if value is not None:
            root.set(f"data-natural-{attr}", value)
    root.set("role", "img")
    if root.get("aria-labelledby") is None:
        # The renderer's own <title>/<desc> name the picture when it has them; otherwise the
        # caller's label does.
        root.set("aria-label", label)
    root.set("focusable", "false")
    root.set("class", "map-svg")
    out = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    # ElementTree names the default namespace with ns0 when not registered; registered above,
    # so the output uses plain <svg xmlns="...">; HTML parsers accept it inline.
    return Markup(out)  # noqa: S704 - rebuilt from an allow-list and re-serialised above


def _clean(element: ET.Element, id_prefix: str) -> None:
    for child in list(element):
        if _local(str(child.tag)) not in _ALLOWED_TAGS:  # comments and PIs are not kept
            element.remove(child)
            continue
        _clean(child, id_prefix)
    for name in list(element.attrib):
        local = _local(name).lower()
        value = element.attrib[name]
        if local.startswith("on"):
            del element.attrib[name]
        elif local == "href":
            if value.startswith("#"):
                element.attrib[name] = f"#{id_prefix}{value[1:]}"
            elif safe_url(value) is None:
                del element.attrib[name]
        elif local == "id":
            element.attrib[name] = f"{id_prefix}{value}"
        elif local in _IDREFS:
            element.attrib[name] = " ".join(f"{id_prefix}{ref}" for ref in value.split())
        elif local == "style" and _URL_IN_STYLE.search(value):
            del element.attrib[name]
        elif "url(#" in value:
            element.attrib[name] = _ID_REF.sub(lambda m: f"url(#{id_prefix}{m.group(1)})", value)
    if _local(element.tag) == "style" and element.text and _URL_IN_STYLE.search(element.text):
        element.text = ""
    if _local(element.tag) == "a":
        # Graphviz wraps linked nodes in <a>; keep them out of the tab order only when they
        # lead nowhere.
        has_href = any(_local(n) == "href" for n in element.attrib)
        if not has_href:
            element.tag = f"{{{_SVG_NS}}}g"
