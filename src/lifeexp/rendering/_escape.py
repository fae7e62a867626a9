"""Escaping of user text for every output format: DOT, HTML-like labels, SVG/XML, Mermaid and
Markdown.

Titles, notes, ids and agency codes come from YAML files that anyone can write. Each function
here turns such a string into text that the target format shows literally: a quote cannot end a
DOT string, ``<script>`` cannot become an element, a brace or ``#`` cannot start Mermaid syntax
and a ``|`` cannot split a Markdown table cell. Newlines and other control characters are
folded into spaces (a title is one line; wrapping is the renderer's job), non-Latin text and
emoji pass through unchanged.
"""

from __future__ import annotations

import re
import textwrap
from typing import Final

from lifeexp.escaping import mark_bidi

__all__ = [
    "dot_html",
    "dot_id",
    "dot_label",
    "dot_string",
    "markdown_inline",
    "markdown_table_cell",
    "mermaid_acc_text",
    "mermaid_journey_text",
    "mermaid_label",
    "one_line",
    "wrap",
    "xml_text",
]

# C0/C1 control characters, DEL, and the Unicode line/paragraph separators.
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES: Final = re.compile(r"\s{2,}")


def one_line(text: str) -> str:
    """Fold control characters (newlines, tabs, escape codes) into single spaces.

    >>> one_line("Apply\\n  for\\tbenefits\\x1b")
    'Apply for benefits'
    """
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def wrap(text: str, width: int) -> list[str]:
    """Wrap one-line text into lines of at most ``width`` characters, breaking at spaces.

    Words longer than ``width`` (ids, URLs) are broken so no line runs wider than a node.

    >>> wrap("Apply for retirement benefits online", 16)
    ['Apply for', 'retirement', 'benefits online']
    """
    lines = textwrap.wrap(one_line(text), width=width, break_on_hyphens=False)
    return lines or [""]


# Ids, colours and numbers need no escaping; most strings in a map are such.
_PLAIN: Final = re.compile(r"[A-Za-z0-9_.:#,\-]*")


def dot_string(text: str) -> str:
    """A double-quoted DOT string that Graphviz shows literally.

    Backslashes are doubled so that Graphviz's escape sequences (``\\n``, ``\\N``, ``\\G``,
    ``\\l``) in user text print as written; quotes are escaped.

    >>> print(dot_string('Say "hi" \\\\N'))
    "Say \\"hi\\" \\\\N"
    """
    if _PLAIN.fullmatch(text):
        return f'"{text}"'
    body = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def dot_label(text: str) -> str:
    """A double-quoted DOT string for a label, tooltip or other shown text.

    Besides :func:`dot_string`'s escaping, ``&`` becomes ``&amp;``: Graphviz passes character
    entities in labels through to SVG, so ``&lt;b&gt;`` would otherwise show as ``<b>``.

    >>> print(dot_label('Tom & "Jerry" &lt;3'))
    "Tom &amp; \\"Jerry\\" &amp;lt;3"
    """
    if _PLAIN.fullmatch(text):
        return f'"{text}"'
    return dot_string(text.replace("&", "&amp;"))


def dot_id(text: str) -> str:
    """A DOT node or graph id: always quoted, so ids that look like keywords (``node``,
    ``edge``, ``subgraph``) or start with digits are safe."""
    return dot_string(text)


_HTML_ESCAPES: Final = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
)


def dot_html(text: str) -> str:
    """Text for inside a Graphviz HTML-like label (``label=<...>``).

    >>> dot_html("<script>alert('x')</script> & more")
    '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more'
    """
    return one_line(text).translate(_HTML_ESCAPES)


def xml_text(text: str) -> str:
    """Text for an XML/SVG element or attribute value (``<title>``, ``<desc>``).

    Characters XML 1.0 forbids (most control characters) are dropped by :func:`one_line`.
    """
    return one_line(text).translate(_HTML_ESCAPES)


# Mermaid decodes `#name;` and `#123;` entities inside labels; anything that could start
# markup, an entity or a markdown string is written as a numeric entity instead.
_MERMAID_ESCAPES: Final = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "\\": "#92;",
        "*": "#42;",
        "_": "#95;",
    }
)


_DOUBLE_PERCENT: Final = re.compile(r"%(?=%)")


def mermaid_label(text: str) -> str:
    """Text for inside a quoted Mermaid flowchart label (``id["..."]`` or ``-->|"..."|``).

    Mermaid looks for ``%%{...}%%`` directives and ``%%`` comments anywhere in the text,
    quoted labels included, so every ``%`` followed by another becomes ``#37;``: no ``%%``
    is left, and a lone ``%`` (``80%``) reads as written.

    >>> mermaid_label('Say "hi" <b>#1</b> 80% %%{init}%%')
    'Say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; 80% #37;%{init}#37;%'
    """
    return mark_bidi(_DOUBLE_PERCENT.sub("#37;", one_line(text).translate(_MERMAID_ESCAPES)))


# The `journey` grammar has no quoting at all: a task ends at ':' and a line at '#' or ';'.
_JOURNEY_ESCAPES: Final = str.maketrans(
    {
        ":": "\u2236",
        ";": "\u204f",
        "#": "\u266f",
        ",": "\u201a",
        "%": "\u066a",
        "<": "\u2039",
        ">": "\u203a",
    }
)


def mermaid_journey_text(text: str) -> str:
    """Text for a Mermaid ``journey`` title, section, task or actor.

    Its grammar cannot quote, so the few characters it treats as syntax become look-alikes:
    ``:`` → ``∶`` (ratio sign), ``#`` → ``♯``, ``,`` → ``‚``, ``;`` → ``⁏``, ``%`` → ``٪``
    (``%%`` starts a comment) and, so no markup can form, ``<``/``>`` → ``‹``/``›``.
    Accessible titles and descriptions use :func:`mermaid_acc_text` instead.

    >>> mermaid_journey_text("Call: 1-800 #2; <ask>")
    'Call∶ 1-800 ♯2⁏ ‹ask›'
    """
    return mark_bidi(one_line(text).translate(_JOURNEY_ESCAPES))


_ACC_ESCAPES: Final = str.maketrans({"<": "\u2039", ">": "\u203a"})


def mermaid_acc_text(text: str) -> str:
    """Text for a Mermaid ``accTitle:`` or ``accDescr:`` line, which runs to the end of the
    line unquoted.

    Checked with Mermaid's own parser: ``:``, ``,``, ``;``, ``#``, quotes and braces come
    through as written, so they stay plain ASCII (a screen reader reads ``:`` as a pause,
    and a look-alike ``∶`` as "ratio"). Only two things need care: ``%%`` could open a
    ``%%{...}%%`` directive, so it is split (``% %``); and Mermaid strips anything that
    looks like an HTML tag from these lines, with no escape that survives (``&lt;`` and
    ``#lt;`` show literally), so ``<``/``>`` become ``‹``/``›``.

    >>> mermaid_acc_text("Retire: SSA, CMS; 50% %%{init}%% <b>")
    'Retire: SSA, CMS; 50% % %{init}% % ‹b›'
    """
    out = one_line(text).translate(_ACC_ESCAPES)
    while "%%" in out:
        out = out.replace("%%", "% %")
    return out


# `-`, `+` and `.` only matter at the start of a line, where user text is never placed;
# `(` and `!` only next to a `[`, which is always escaped.
_MD_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]#|~])")


# What opens a block when it starts a line: a list item (`-`, `+`, `1.`, `1)`), a quote
# (`>`, entity-escaped anyway), a setext underline (`=`). `*`, `#`, `_`, `~`, backticks and
# `|` are escaped everywhere already.
_MD_BLOCK_START: Final = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def _md_block_escape(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def markdown_inline(text: str) -> str:
    """Text for inside a Markdown paragraph or list item, shown literally.

    Markdown punctuation is backslash-escaped and HTML is entity-escaped, so ``<script>`` is
    shown, never run, whichever Markdown engine (or HTML sanitiser) reads it. A block marker
    at the start (``- ``, ``1. ``, ``> ``) is escaped too, so the text cannot become a list
    or a quote when it opens a line.

    >>> markdown_inline("**bold** <i>x</i> [link](y)")
    '\\\\*\\\\*bold\\\\*\\\\* &lt;i&gt;x&lt;/i&gt; \\\\[link\\\\](y)'
    >>> markdown_inline("1. first - not a list")
    '1\\\\. first - not a list'
    """
    return _MD_BLOCK_START.sub(_md_block_escape, _md_punctuation(text), count=1)


def _md_punctuation(text: str) -> str:
    html_safe = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", html_safe)


def markdown_table_cell(text: str) -> str:
    """Text for a Markdown table cell: inline-escaped, and ``|`` can never split the cell.

    A cell never opens a line, so block markers stay as written (``+60 min``, ``0.5``).

    >>> markdown_table_cell("+60 min | 1. x")
    '+60 min \\\\| 1. x'
    """
    return _md_punctuation(text)
