"""The documentation is tested: examples run, commands exist, every command is documented.

* Every fenced ``python`` block in ``docs/**/*.md`` and the README runs, page by page in file
  order and in one namespace per page, from the repository root (so ``journeys/...`` paths
  work). A block preceded by ``<!-- docs-test: skip -->`` is left out. The fence's language
  is read the way Markdown does (``` ``` Python``, ``` ```{.py}``, ``` ```python title="x"``
  are all Python), and every fence must name a language this test knows, so a block cannot
  silently escape being run by how its fence is spelt.
* Every ``lifeexp.name.name`` written as inline code in the prose (``lifeexp.render()``,
  ``lifeexp.rendering.available_backends()``) must exist: prose is where the
  ``lifeexp.render.available_backends()`` of issue 9 hid, outside any block.
* Every ``lifeexp ...`` line in a ``bash`` block names a real command and parses with its
  options (nothing is run).
* Every command has help text, appears in the generated CLI reference and is mentioned in a
  hand-written page.
* The generated YAML reference covers every field of the schema; the tutorial's journey
  validates; every page in the nav exists or is generated; the pre-commit hook is well formed.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shlex
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from lifeexp.cli import _COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GENERATED = {"reference/cli.md", "gallery/index.md"}  # written at build time
FENCE = re.compile(
    r"^(?P<indent> *)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S
)
PYTHON = {"python", "py", "python3", "pycon"}
SHELL = {"bash", "sh", "console", "shell"}
# Languages whose blocks are shown, never run (their content is checked elsewhere or is output).
SHOWN = {"text", "yaml", "json", "toml", "csv", "dot", "mermaid", "markdown", "md", "html", "diff"}
INLINE_API = re.compile(r"`(lifeexp(?:\.[A-Za-z_][A-Za-z0-9_]*)+)(?:\([^`]*\))?`")
SKIP_MARK = "<!-- docs-test: skip -->"
FILE_SUFFIXES = frozenset({"toml", "yaml", "yml", "json", "md", "csv", "txt", "xes", "parquet"})


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_gen_{name}", DOCS / "_gen" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_gen" not in p.parts)


def _lang(info: str) -> str:
    """The language of a fence's info string, as Markdown reads it: the first word, without
    Pandoc-style braces or a leading dot, case-insensitive (``{.Python title="x"}`` → python)."""
    words = info.strip().lstrip("{").split()
    return words[0].lstrip(".").rstrip("}").lower() if words else ""


def _blocks(page: Path, langs: set[str]) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    found = []
    for m in FENCE.finditer(text):
        if _lang(m.group("info")) not in langs:
            continue
        before = text[: m.start()].rstrip().splitlines()
        if before and before[-1].strip() == SKIP_MARK:
            continue
        body = "\n".join(line[len(m.group("indent")) :] for line in m.group("body").splitlines())
        found.append((text[: m.start()].count("\n") + 1, body))
    return found


# The README's examples are the first a newcomer runs, so they are tested like the docs.
ALL_PAGES = [*_pages(), ROOT / "README.md"]
PY_PAGES = [p for p in ALL_PAGES if _blocks(p, PYTHON)]


@pytest.mark.parametrize("page", PY_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for line, code in _blocks(page, PYTHON):
        if code.lstrip().startswith(">>>"):  # a console session: run what follows the prompts
            code = "\n".join(ln[4:] for ln in code.splitlines() if ln.startswith((">>> ", "... ")))
        compiled = compile(code, f"{page.relative_to(ROOT)}:{line}", "exec")
        exec(compiled, namespace)


def test_there_are_python_examples() -> None:
    assert len(PY_PAGES) >= 4


@pytest.mark.parametrize(
    ("info", "lang"),
    [("python", "python"), (" Python", "python"), ('python title="x.py"', "python"),
     ("{.py}", "py"), ("{ .python .numberLines }", "python"), ("", "")],
)  # fmt: skip
def test_fence_languages_are_read_as_markdown_reads_them(info: str, lang: str) -> None:
    assert _lang(info) == lang


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fence_names_a_known_language(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        lang = _lang(m.group("info"))
        line = text[: m.start()].count("\n") + 1
        assert lang in PYTHON | SHELL | SHOWN, (
            f"{page.relative_to(ROOT)}:{line}: fence language {lang!r} is neither run nor "
            "known to be shown-only; name it (python, bash, text, yaml...)"
        )


def _inline_api_names() -> list[tuple[str, str]]:
    found = []
    for page in ALL_PAGES:
        text = FENCE.sub("", page.read_text(encoding="utf-8"))
        found += [
            (str(page.relative_to(ROOT)), m.group(1))
            for m in INLINE_API.finditer(text)
            # `lifeexp.toml` and the like are file names, not API names
            if m.group(1).rsplit(".", 1)[-1] not in FILE_SUFFIXES
        ]
    return sorted(set(found))


INLINE_NAMES = _inline_api_names()


def _resolve(dotted: str) -> object:
    """Import ``lifeexp.a.b.c`` as far as modules go, then follow attributes, as a reader's
    ``import lifeexp`` + ``lifeexp.a.b.c`` would (a function shadowing a subpackage fails)."""
    import importlib

    parts = dotted.split(".")
    obj: object = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        if not hasattr(obj, part):
            module = ".".join(parts[: i + 1])
            if isinstance(obj, ModuleType) and importlib.util.find_spec(module) is not None:
                # `lifeexp.loading._yaml` names a module that plain attribute access reaches
                # only once imported; importing it is what a reader would do.
                importlib.import_module(module)
        obj = getattr(obj, part)
    return obj


def test_prose_names_lifeexp_api() -> None:
    assert len(INLINE_NAMES) >= 4


@pytest.mark.parametrize(("page", "name"), INLINE_NAMES, ids=[f"{p}: {n}" for p, n in INLINE_NAMES])
def test_every_lifeexp_name_in_the_prose_exists(page: str, name: str) -> None:
    try:
        _resolve(name)
    except (AttributeError, ImportError) as exc:
        pytest.fail(f"{page}: `{name}` does not exist ({exc})")


def test_the_inline_check_catches_a_function_shadowing_a_subpackage() -> None:
    # The defect of issue 9: `lifeexp.render` is the function, so this must not resolve.
    with pytest.raises(AttributeError):
        _resolve("lifeexp.render.available_backends")
    assert callable(_resolve("lifeexp.rendering.available_backends"))


def _command_lines() -> list[tuple[str, str]]:
    out = []
    for page in _pages():
        for _, body in _blocks(page, SHELL):
            for raw in body.splitlines():
                for part in re.split(r"&&|\|\|?|;", raw):
                    words = shlex.split(part, comments=True)
                    if words and words[0] == "lifeexp":
                        out.append((str(page.relative_to(DOCS)), part.strip()))
    return out


COMMAND_LINES = _command_lines()


def test_docs_show_commands() -> None:
    assert len(COMMAND_LINES) >= 10


@pytest.mark.parametrize(
    ("page", "line"), COMMAND_LINES, ids=[f"{p}: {c}" for p, c in COMMAND_LINES]
)
def test_documented_command_lines_parse(page: str, line: str) -> None:
    words = shlex.split(line, comments=True)
    words = [w for w in words if w not in {">", "2>&1"}]
    if ">" in line:  # drop a shell redirection and its target
        words = shlex.split(line.split(">", 1)[0], comments=True)
    name, args = words[1], words[2:]
    ctx = click.Context(main, info_name="lifeexp")
    cmd = main.get_command(ctx, name)
    assert cmd is not None, f"{page}: no command 'lifeexp {name}'"
    # Parsing (not running) checks every option and argument exists and has the right arity.
    sub_ctx = cmd.make_context(name, list(args), parent=ctx)
    if isinstance(cmd, click.Group):
        # The lifeexp groups take no options of their own: the first word is the subcommand.
        sub_name, *sub_args = args
        sub = cmd.get_command(sub_ctx, sub_name)
        assert sub is not None, f"{page}: no command 'lifeexp {name} {sub_name}'"
        sub.make_context(sub_name, sub_args, parent=sub_ctx)


@pytest.mark.parametrize("name", sorted(_COMMANDS))
def test_every_command_is_documented(name: str) -> None:
    ctx = click.Context(main, info_name="lifeexp")
    cmd = main.get_command(ctx, name)
    assert cmd is not None, f"'lifeexp {name}' is in _COMMANDS but its module is missing"
    assert (cmd.help or "").strip(), f"'lifeexp {name}' has no help text"
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    reference = _load("reference").cli_reference()
    assert f"## lifeexp {name}\n" in reference
    if isinstance(cmd, click.Group):
        for sub in cmd.list_commands(ctx):
            assert f"### lifeexp {name} {sub}\n" in reference
    assert (cmd.help or "").strip().splitlines()[0] in reference
    written = [
        p for p in _pages() if re.search(rf"\blifeexp {re.escape(name)}\b", p.read_text("utf-8"))
    ]
    assert written, f"no hand-written docs page mentions 'lifeexp {name}'"


def _schema_fields(schema: dict[str, Any]) -> list[tuple[str, str]]:
    fields = [(schema.get("title", "Root"), f) for f in schema.get("properties", {})]
    for name, sub in (schema.get("$defs") or schema.get("definitions") or {}).items():
        fields += [(name, f) for f in sub.get("properties", {})]
    return fields


@pytest.mark.parametrize("kind", ["journey", "catalog", "feedback"])
def test_yaml_reference_covers_every_schema_field(kind: str) -> None:
    from lifeexp import schema as schema_module

    schema = getattr(schema_module, f"{kind}_schema")()
    page = _load("reference").schema_reference(schema, title="T", intro="I")
    fields = _schema_fields(schema)
    assert len(fields) > 20
    for model, field in fields:
        assert f"### {model}\n" in page
        assert f"| `{field}` |" in page, f"{model}.{field} missing from the {kind} reference"


@pytest.mark.parametrize(
    "page",
    ["reference/journey-yaml.md", "reference/catalog-yaml.md", "reference/feedback-yaml.md"],
)
def test_committed_yaml_references_are_current(page: str) -> None:
    expected = _load("reference").yaml_references()[page]
    committed = DOCS / page
    assert committed.is_file(), f"docs/{page} is missing"
    assert committed.read_text(encoding="utf-8") == expected, (
        f"docs/{page} is stale, run `python docs/_gen/reference.py --write`"
    )


def test_yaml_references_speak_plainly() -> None:
    for text in _load("reference").yaml_references().values():
        assert "pattern `^" not in text  # ids and dates are described, not given as regexes
        assert "``" not in text


def test_tutorial_journey_validates() -> None:
    result = CliRunner().invoke(main, ["validate", str(DOCS / "examples" / "first-journey.yaml")])
    assert result.exit_code == 0, result.output


def test_tutorial_shows_the_example_file_it_validates() -> None:
    # The raw page (as GitHub shows it) holds the YAML itself, not an include line, and its
    # modeline is right for a file at the repository root, where the tutorial creates it.
    text = (DOCS / "tutorial" / "first-journey.md").read_text(encoding="utf-8")
    assert "--8<--" not in text
    shown = next(body for _, body in _blocks(DOCS / "tutorial" / "first-journey.md", {"yaml"}))
    example = (DOCS / "examples" / "first-journey.yaml").read_text(encoding="utf-8")
    modeline = "# yaml-language-server: $schema=schema/journey.schema.json"
    assert shown.splitlines()[0] == modeline
    assert (ROOT / modeline.split("=", 1)[1]).is_file()
    assert shown.splitlines()[1:] == example.splitlines()[1:]
    example_schema = example.splitlines()[0].split("=", 1)[1]
    assert (DOCS / "examples" / example_schema).resolve().is_file()


def _nav_files(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in _nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in _nav_files(value)]
    return []


def test_every_nav_page_exists_or_is_generated() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["strict"] is True
    assert config["theme"]["name"] == "material"
    listed = _nav_files(config["nav"])
    assert len(listed) == len(set(listed)), "a page is listed twice in the nav"
    for page in listed:
        assert (DOCS / page).is_file() or page in GENERATED, f"nav names missing {page}"
    in_nav = set(_nav_files(config["nav"]))
    for page in _pages():
        rel = str(page.relative_to(DOCS))
        assert rel in in_nav, f"{rel} is not in the mkdocs nav"
    assert in_nav >= GENERATED


def test_the_ci_how_to_installs_in_ways_that_work() -> None:
    # lifeexp is not on PyPI: the page installs from a clone or a git URL, and its pre-commit
    # examples name no tag that does not exist.
    page = DOCS / "how-to" / "ci.md"
    text = page.read_text(encoding="utf-8")
    for _, body in _blocks(page, {"bash", "yaml", "text", "toml"}):
        assert not re.search(r"pip install lifeexp\b", body), body
    assert "pip install ." in text
    assert "git+https://github.com/lifeexp/lifeexp@" in text
    assert "rev: v" not in text
    assert "repo: local" in text


def test_pre_commit_hook_runs_lifeexp_validate() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "lifeexp-validate"]
    assert hook["entry"] == "lifeexp validate"
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search("journeys/approaching-retirement.yaml")
    assert pattern.search("catalogs/agencies.yaml")
    assert not pattern.search(".github/workflows/ci.yml")


def test_gallery_reads_figures_like_the_report(tmp_path: Path) -> None:
    """The gallery formats with lifeexp.formatting and scores with the report's defaults, so
    a journey's P80 is the same in the gallery and the report."""
    import shutil

    from lifeexp import formatting
    from lifeexp.loading import load_journey
    from lifeexp.scoring import ScoringOptions, score

    source = DOCS.parent / "journeys" / "approaching-retirement.yaml"
    shutil.copy(source, tmp_path / source.name)
    shutil.copytree(source.parent / "feedback", tmp_path / "feedback")  # its A-11 feedback
    page, files = _load("gallery").gallery_page(tmp_path)
    card = score(load_journey(source), ScoringOptions())
    assert f"(P80 {formatting.minutes(card.time_tax.p80_minutes)})" in page
    assert f"**{formatting.minutes(card.time_tax.mean_minutes)}**" in page
    assert [name for name in files if name.endswith(".svg")], "the map is drawn"
    journey_id = source.stem
    # The pictures the issue asks for: a canvas, a blueprint and a printed page.
    for name in (f"{journey_id}.canvas.svg", f"{journey_id}.blueprint.svg"):
        assert name in files
        assert f"]({name})" in page
    printed = files[f"{journey_id}.canvas-letter-1.svg"].decode()
    assert 'width="792pt" height="612pt"' in printed  # a letter page, landscape
    assert "page 1 of" in printed
    if importlib.util.find_spec("resvg_py") is not None:
        assert files[f"{journey_id}.canvas-letter-1.png"].startswith(b"\x89PNG")
        assert f"]({journey_id}.canvas-letter-1.png)" in page


def test_gallery_uses_the_public_api_only() -> None:
    """The gallery is an example of the library's use: no private module, no private name."""
    tree = ast.parse((DOCS / "_gen" / "gallery.py").read_text(encoding="utf-8"))
    imported = [
        (node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    ]
    assert any(module == "lifeexp.rendering" for module, _ in imported)
    for module, name in imported:
        if module.startswith("lifeexp"):
            assert not any(part.startswith("_") for part in module.split(".")), module
            assert not name.startswith("_"), f"{module}.{name}"
