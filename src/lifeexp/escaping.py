"""Neutralising user text for terminals, CI logs and plain-text outputs: one place for all.

Titles, notes, file names and estimate reasons come from YAML files that anyone can put in a
pull request. Before such text reaches a terminal, a CI log or a text/Markdown file, three
things must not survive:

* **Control characters** (newlines, carriage returns, ANSI escape sequences) would move the
  cursor, clear the screen or forge extra lines. They are shown as ``\\xNN``.
* **Bidirectional overrides and isolates** (U+202A–U+202E, U+2066–U+2069) make a terminal or
  a code review show text in a different order than it is stored ("Trojan Source"). They are
  shown as ``\\u202e`` and so on, visibly, where they were. (HTML and SVG keep them inside an
  isolated element instead; see the report templates.)
* **GitHub Actions workflow commands.** The runner reads every line a step prints and acts on
  two forms, exactly as ``ActionCommand.TryParseV2`` and ``ActionCommand.TryParse`` of
  actions/runner parse them: a line that starts with ``::`` after leading white space (the
  V2 form, ``::add-mask::value``), and the legacy form ``##[command]data`` *anywhere* in a
  line. Lines are split at ``\\r`` and ``\\n``. So ``##[`` becomes ``\\x23#[`` and ``::``
  becomes ``\\x3a:`` wherever they are: a table or terminal that wraps a long line can start
  the next line anywhere, so user text must not hold a ``::`` at all. The text stays
  readable and can never be a command.

`printable` makes one line safe; `printable_lines` does the same for multi-line text such as
the text map, keeping its line breaks; `json_text` does it for JSON without changing the data
(the same characters, written as JSON ``\\u`` escapes). Format-specific escaping (DOT,
Mermaid, Markdown, HTML) lives with each format in :mod:`lifeexp.rendering._escape` and
builds on these.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "BIDI_CONTROLS",
    "github_command_data",
    "github_command_property",
    "json_text",
    "mark_bidi",
    "neutralise_workflow_commands",
    "printable",
    "printable_lines",
]

BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""The embedding, override and isolate characters that reorder the text around them."""

_BIDI: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 and C1 control characters except tab (and, for multi-line text, the newline).
_CONTROL_LINE: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_CONTROL_LINES: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The legacy command prefix and the V2 one (which only counts at a line start after white
# space, but wrapping can put any part of a long line at a line start), anywhere.
_LEGACY_PREFIX: Final = re.compile(r"#(?=#\[)")
_V2_PREFIX: Final = re.compile(r":(?=:)")


def _hex(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def mark_bidi(text: str) -> str:
    """Show each bidirectional override or isolate character as a visible ``\\uXXXX``.

    >>> mark_bidi("abc\\u202edef")
    'abc\\\\u202edef'
    """
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def neutralise_workflow_commands(line: str) -> str:
    """Make one line impossible for the GitHub Actions runner to read as a workflow command.

    >>> neutralise_workflow_commands("  ::add-mask::x and ##[set-output name=a;]1")
    '  \\\\x3a:add-mask\\\\x3a:x and \\\\x23#[set-output name=a;]1'
    """
    return _V2_PREFIX.sub(r"\\x3a", _LEGACY_PREFIX.sub(r"\\x23", line))


def printable(text: str) -> str:
    """Make user text safe to print as (part of) one terminal or log line.

    Control characters (newlines included) become ``\\xNN``, bidirectional controls
    ``\\uXXXX``, and workflow commands are neutralised.

    >>> printable("ok\\x1b[31mred\\nnext")
    'ok\\\\x1b[31mred\\\\x0anext'
    """
    return neutralise_workflow_commands(mark_bidi(_CONTROL_LINE.sub(_hex, text)))


def printable_lines(text: str) -> str:
    """`printable` for multi-line text: line breaks (``\\n``) stay, every line is made safe.

    >>> printable_lines("Title\\n::warning::forged\\r\\n")
    'Title\\n\\\\x3a:warning\\\\x3a:forged\\\\x0d\\n'
    """
    safe = mark_bidi(_CONTROL_LINES.sub(_hex, text))
    return "\n".join(neutralise_workflow_commands(line) for line in safe.split("\n"))


_JSON_UNSAFE: Final = re.compile("#(?=#\\[)|:(?=:)|[\u202a-\u202e\u2066-\u2069]")


def json_text(dumped: str) -> str:
    """Neutralise JSON text (from ``json.dumps``) losslessly for a terminal or CI log.

    ``##[``, ``::`` and bidirectional controls can only occur inside JSON strings, where
    ``\\u0023``, ``\\u003a`` and ``\\u202e`` mean the very same characters: a JSON reader
    gets the data unchanged, the runner and the reviewer see nothing active.

    >>> json_text('{"title": "::add-mask::x ##[set-output]"}')
    '{"title": "\\\\u003a:add-mask\\\\u003a:x \\\\u0023#[set-output]"}'
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def github_command_data(text: str) -> str:
    """The message part of a GitHub workflow command lifeexp sends itself (an annotation):
    ``%``, ``\r`` and ``\n`` percent-encoded, as the runner decodes them.

    >>> github_command_data("50% done")
    '50%25 done'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_command_property(text: str) -> str:
    """A property value of a workflow command (``file=…``, ``title=…``): also ``:`` and ``,``.

    >>> github_command_property("a:b,c.yaml")
    'a%3Ab%2Cc.yaml'
    """
    return github_command_data(text).replace(":", "%3A").replace(",", "%2C")
