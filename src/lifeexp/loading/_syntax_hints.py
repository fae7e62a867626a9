"""Plain-word explanations of YAML syntax errors, located on the line that is wrong.

libyaml stops where the grammar breaks, which is often not where the author slipped, and says
so in parser terms ("mapping values are not allowed in this context", "did not find expected
key"). When parsing fails, :func:`explain_syntax_error` looks at the text itself for the
everyday causes, in this order, and reports the first one found at or before the place the
parser stopped:

* a tab in the indentation (YAML indents with spaces only);
* a list item without the space after its dash (``-id: a``);
* a key whose indentation lines up with nothing above it, or that is indented deeper than the
  mapping it belongs to ("indentation" is always in the message);
* a value that holds ``": "`` without quotes (``title: Passport: after a name change``);
* a ``key value`` line without its colon;
* an unclosed ``[``, ``{`` or quote.

Anything else falls back to the parser's own words, with the position it gave. The analysis is
only an explanation: it never changes what a file means, and it runs only on files that have
already failed to parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["SyntaxExplanation", "explain_syntax_error"]

_KEY: Final = re.compile(r"""(?P<key>[^\s#'"\[\]{},:][^#:]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)""")


@dataclass(frozen=True, slots=True)
class SyntaxExplanation:
    """Where a YAML syntax error is and what to do about it.

    Attributes:
        line: 1-based line of the mistake.
        column: 1-based column of the mistake.
        message: What is wrong, in plain words.
        hint: The corrected form, or what to change.
    """

    line: int
    column: int
    message: str
    hint: str | None = None


@dataclass(slots=True)
class _Level:
    indent: int
    kind: str  # "map" or "seq"
    line: int
    key: str | None = None  # the last key seen at this level (for "line it up with ...")
    key_line: int = 0


def _strip_comment(body: str) -> str:
    # A '#' starts a comment at the start or after a space, outside quotes.
    quote: str | None = None
    for i, ch in enumerate(body):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or body[i - 1] in " :[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or body[i - 1] in " \t"):
            return body[:i].rstrip()
    return body.rstrip()


def _split_key(body: str) -> tuple[str, str] | None:
    """``(key, rest)`` when ``body`` starts with ``key:``; ``None`` otherwise."""
    match = _KEY.match(body)
    if match is None:
        return None
    return match.group("key").strip().strip("'\""), body[match.end() :].strip()


def _opens_block(value: str) -> bool:
    return value == "" or (value.startswith(("&", "!")) and " " not in value)


def _flow_balance(text: str) -> int:
    depth = 0
    quote: str | None = None
    for ch in text:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth


def _unclosed_bracket(lines: list[str], at: tuple[int, int]) -> tuple[int, int, str] | None:
    """The innermost ``[`` or ``{`` still open where the parser stopped."""
    stack: list[tuple[int, int, str]] = []
    for number, raw in enumerate(lines[: at[0]], start=1):
        text = _strip_comment(raw) if number < at[0] else raw[: at[1] - 1]
        quote: str | None = None
        for col, ch in enumerate(text, start=1):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"" and stack:
                quote = ch
            elif ch in "[{":
                stack.append((number, col, ch))
            elif ch in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _indentation_problem(lines: list[str], last: int) -> SyntaxExplanation | None:
    """The first line up to ``last`` (1-based) whose indentation fits no open block."""
    levels: list[_Level] = [_Level(0, "map", 1)]
    expect_deeper = False  # the previous line was `key:` (or `- key:`) with nothing after it
    opener_indent = 0
    prev_scalar_line: tuple[int, int, str] | None = None  # (line, indent, key) of `key: value`
    block_scalar_indent: int | None = None
    flow_depth = 0
    for number, raw in enumerate(lines[:last], start=1):
        text = raw.rstrip("\r\n")
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(stripped)
        if block_scalar_indent is not None:
            if indent > block_scalar_indent:
                continue
            block_scalar_indent = None
        if flow_depth > 0:
            flow_depth += _flow_balance(stripped)
            continue
        if stripped.startswith(("---", "...", "%")) and indent == 0:
            continue
        if stripped.startswith("\t"):
            return None  # tabs are reported separately
        body = _strip_comment(stripped)
        is_item = body == "-" or body.startswith("- ")
        pair = _split_key(body)
        name = pair[0] if pair else body.split(" ", 1)[0]

        if expect_deeper and indent > opener_indent:
            levels.append(_Level(indent, "seq" if is_item else "map", number))
        elif expect_deeper and is_item and indent == opener_indent and levels[-1].kind == "map":
            levels.append(_Level(indent, "seq", number))  # `key:` then `- item` at its indent
        else:
            deepest = levels[-1]
            if indent > deepest.indent:
                if pair is None and not is_item:
                    continue  # the continuation of a multi-line plain value
                above = prev_scalar_line
                where = f"{above[2]!r} on line {above[0]}" if above else "the line above"
                return SyntaxExplanation(
                    number,
                    indent + 1,
                    f"wrong indentation: {name!r} is indented {_spaces(indent)}, deeper than "
                    f"{where} ({deepest.indent}), but that line already has a value",
                    _line_up(name, deepest),
                )
            popped: _Level | None = None
            while len(levels) > 1 and levels[-1].indent > indent:
                popped = levels.pop()
            level = levels[-1]
            if level.indent != indent:
                return SyntaxExplanation(
                    number,
                    indent + 1,
                    f"wrong indentation: {name!r} is indented {_spaces(indent)}, which lines "
                    "up with no mapping or list above it",
                    _line_up(name, popped or level),
                )
            if level.kind == "seq" and not is_item:
                item_indent = next(
                    (lv.indent for lv in levels if lv.indent > level.indent), level.indent + 2
                )
                return SyntaxExplanation(
                    number,
                    indent + 1,
                    f"wrong indentation: {name!r} is at the indentation of the list's '-' "
                    f"(line {level.line}), so it belongs to no list item",
                    f"indent it by {item_indent} spaces to keep it in the item above, or start a "
                    "new item with '- '",
                )
            if level.kind == "map" and is_item and len(levels) > 1:
                return SyntaxExplanation(
                    number,
                    indent + 1,
                    f"wrong indentation: a list item at {indent} spaces where the mapping "
                    f"keys on line {level.line} are",
                    "indent the '- ' deeper than the key that holds the list",
                )
        expect_deeper = False
        prev_scalar_line = None
        # What this line opens.
        content, content_indent = body, indent
        while content == "-" or content.startswith("- "):
            rest = content[1:].lstrip(" ")
            content_indent += len(content) - len(rest)
            content = rest
            if not content:
                expect_deeper, opener_indent = True, indent
                break
            if not (content == "-" or content.startswith("- ")):
                levels.append(_Level(content_indent, "map", number))
        if not content:
            continue
        inner_pair = _split_key(content)
        if inner_pair is None:
            flow_depth = max(_flow_balance(content), 0)
            continue
        key, value = inner_pair
        level = levels[-1]
        if level.indent == content_indent:
            level.key, level.key_line = key, number
        if _opens_block(value):
            expect_deeper, opener_indent = True, content_indent
        elif value[:1] in "|>":
            block_scalar_indent = content_indent
        else:
            flow_depth = max(_flow_balance(value), 0)
            prev_scalar_line = (number, content_indent, key)
    return None


def _spaces(n: int) -> str:
    return f"{n} space{'' if n == 1 else 's'}"


def _line_up(name: str, level: _Level) -> str:
    if level.key and level.key != name:
        return (
            f"line {name!r} up with {level.key!r} on line {level.key_line} "
            f"({_spaces(level.indent)})"
        )
    return f"indent {name!r} by {_spaces(level.indent)}"


def _quote(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def explain_syntax_error(
    text: str,
    problem: str,
    context: str | None,
    at: tuple[int, int] | None,
    context_at: tuple[int, int] | None = None,
) -> SyntaxExplanation | None:
    """Explain a YAML syntax error in the author's terms; ``None`` when no cause is recognised.

    Args:
        text: The whole document.
        problem: The parser's problem text.
        context: The parser's context text (``while parsing a block mapping``), if any.
        at: 1-based line and column where the parser stopped.
        context_at: 1-based line and column of the construct being parsed, if known.
    """
    lines = text.splitlines()
    if not lines or at is None:
        return None
    line_no = min(at[0], len(lines))
    # 1. Tabs used for indentation, at or before the error.
    for number, raw in enumerate(lines[:line_no], start=1):
        lead = raw[: len(raw) - len(raw.lstrip(" \t"))]
        if "\t" in lead:
            return SyntaxExplanation(
                number,
                lead.index("\t") + 1,
                "wrong indentation: this line is indented with a tab; YAML indentation uses "
                "spaces only",
                "replace the tab with spaces (set your editor to insert spaces for YAML)",
            )
    # 2. `-key: value`: a list item without the space after its dash.
    for number, raw in enumerate(lines[:line_no], start=1):
        body = raw.lstrip(" ")
        if len(body) > 1 and body[0] == "-" and body[1] not in " -" and _split_key(body):
            fixed = f"- {body[1:]}"
            return SyntaxExplanation(
                number,
                len(raw) - len(body) + 1,
                "a list item needs a space after its '-'",
                f"write {_strip_comment(fixed)}",
            )
    # 3. A key indented so it fits no block above.
    found = _indentation_problem(lines, line_no)
    if found is not None:
        return found
    raw = lines[line_no - 1]
    body = _strip_comment(raw.lstrip(" "))
    indent = len(raw) - len(raw.lstrip(" "))
    # 4. An unquoted ': ' inside a value.
    if "mapping values are not allowed" in problem:
        content = body[2:].lstrip(" ") if body.startswith("- ") else body
        pair = _split_key(content)
        if pair is not None and pair[1]:
            key, value = pair
            return SyntaxExplanation(
                line_no,
                raw.index(value, indent) + 1 if value in raw else indent + 1,
                f"the value of {key!r} contains ': ', which YAML reads as the start of "
                "another key; put the whole value in quotes",
                f"{key}: {_quote(value)}",
            )
    # 5. `key value` with no colon.
    if "could not find expected ':'" in problem:
        start = min(context_at[0], line_no) if context_at else max(line_no - 1, 1)
        for number in range(start, line_no + 1):
            candidate = _strip_comment(lines[number - 1].strip())
            if candidate and ":" not in candidate and not candidate.startswith(("#", "- ")):
                word, _, rest = candidate.partition(" ")
                fixed = f"{word}: {rest}" if rest else f"{word}:"
                return SyntaxExplanation(
                    number,
                    len(lines[number - 1]) - len(lines[number - 1].lstrip(" ")) + 1,
                    f"{candidate!r} is not a 'key: value' line: the colon after the key is missing",
                    f"write {fixed}",
                )
    # 6. Unclosed brackets and quotes.
    if context and "flow" in context:
        opened = _unclosed_bracket(lines, at)
        if opened is not None:
            row, col, opener = opened
            closer = {"[": "]", "{": "}"}[opener]
            return SyntaxExplanation(
                row,
                col,
                f"the {opener!r} opened here is not closed with {closer!r}",
                "close it, e.g. [a, b] or {key: value}, or write one item per line with '- '",
            )
    if context and "quoted scalar" in context and context_at is not None:
        return SyntaxExplanation(
            context_at[0],
            context_at[1],
            "a quote opened here is never closed",
            "add the closing quote at the end of the value",
        )
    return None
