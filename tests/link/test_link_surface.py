"""The public surface of paymaan.link, and the docs covering every command option."""

from __future__ import annotations

from pathlib import Path

import typer.main

import paymaan.link
from paymaan.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "linkage.md"


def test_public_names_are_exported_and_exist() -> None:
    assert sorted(paymaan.link.__all__) == sorted(set(paymaan.link.__all__))
    for name in paymaan.link.__all__:
        assert hasattr(paymaan.link, name), name
    assert {"run", "evaluate", "record_decision", "next_review_pair"} <= set(paymaan.link.__all__)


def test_every_link_and_review_option_is_documented() -> None:
    text = DOCS.read_text("utf-8")
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name in ("link", "review"):
        assert f"`paymaan {name}`" in text
        for param in commands[name].params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in text, f"{name} {opt} is not in docs/linkage.md"
