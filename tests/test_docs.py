"""Docs that cannot drift: every command and option of the CLI is documented in docs/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from paymaan.cli import app
from paymaan.config import SETTINGS

ROOT = Path(__file__).parents[1]
DOCS = "\n".join(p.read_text("utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
DOCS += (ROOT / "README.md").read_text("utf-8")


def _commands() -> Iterator[tuple[str, list[str]]]:
    root = typer.main.get_command(app)

    def walk(command: object, path: list[str]) -> Iterator[tuple[str, list[str]]]:
        sub = getattr(command, "commands", None)
        if sub:
            for name, child in sorted(sub.items()):
                yield from walk(child, [*path, name])
            if getattr(command, "invoke_without_command", False) and path:
                yield " ".join(path), _options(command)
        elif path:
            yield " ".join(path), _options(command)

    yield from walk(root, [])


def _options(command: object) -> list[str]:
    names: list[str] = []
    for param in getattr(command, "params", []):
        long = [o for o in getattr(param, "opts", []) if o.startswith("--")]
        if long and long[0] != "--help":
            names.append(long[0])
    return names


COMMANDS = list(_commands())


@pytest.mark.parametrize(("command", "options"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_every_command_and_option_is_documented(command: str, options: list[str]) -> None:
    assert f"paymaan {command}" in DOCS, f"`paymaan {command}` is not in docs/"
    missing = [o for o in options if o not in DOCS]
    assert not missing, f"options of `paymaan {command}` missing from docs/: {missing}"


def test_every_setting_is_documented() -> None:
    for setting in SETTINGS:
        assert f"`{setting.section}.{setting.key}`" in DOCS


def test_the_readme_opens_with_the_two_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text("utf-8").splitlines()[:25])
    assert "make demo" in first_screen and "make test" in first_screen
