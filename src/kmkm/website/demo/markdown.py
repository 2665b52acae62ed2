"""The small Markdown subset the demo content is written in, turned into Wagtail values.

Headings (##, ###), paragraphs, "- " lists, "> " pull quotes, **bold**, *italic* and
[text](/internal/path/) links. Text is escaped before inline markup is applied.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.html import escape


@dataclass
class Document:
    meta: dict[str, str]
    body: str


def read(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    body = text
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        for line in head.splitlines():
            if ":" in line:
                key, _, value = line.partition(":")
                meta[key.strip()] = value.strip()
    return Document(meta, body.strip())


def split_list(value: str) -> list[str]:
    """Comma-separated values; a value in double quotes may contain commas."""
    rows = list(csv.reader([value], skipinitialspace=True))
    return [item.strip() for item in (rows[0] if rows else []) if item.strip()]


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def inline(text: str) -> str:
    html = escape(text)
    html = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', html)
    html = _BOLD.sub(r"<b>\1</b>", html)
    return _ITALIC.sub(r"<i>\1</i>", html)


def _chunks(body: str) -> list[list[str]]:
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            if current:
                chunks.append(current)
                current = []
            continue
        if line.startswith("#") and current:
            chunks.append(current)
            current = []
        current.append(line.rstrip())
        if line.startswith("#"):
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def to_html(body: str) -> str:
    """Rich-text HTML for a RichTextField (### become h3)."""
    out: list[str] = []
    for chunk in _chunks(body):
        first = chunk[0]
        if first.startswith("### "):
            out.append(f"<h3>{inline(first[4:])}</h3>")
        elif first.startswith("## "):
            out.append(f"<h2>{inline(first[3:])}</h2>")
        elif first.startswith("- "):
            items = "".join(
                f"<li>{inline(line[2:])}</li>" for line in chunk if line.startswith("- ")
            )
            out.append(f"<ul>{items}</ul>")
        elif first.startswith("> "):
            out.append(f"<p><i>{inline(' '.join(line[2:] for line in chunk))}</i></p>")
        else:
            out.append(f"<p>{inline(' '.join(chunk))}</p>")
    return "".join(out)


def to_stream(body: str) -> list[tuple[str, Any]]:
    """StreamField blocks (heading, subheading, paragraph, pull_quote) for a body."""
    blocks: list[tuple[str, Any]] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.append(("paragraph", "".join(pending)))
            pending.clear()

    for chunk in _chunks(body):
        first = chunk[0]
        if first.startswith("### "):
            flush()
            blocks.append(("subheading", first[4:].strip()))
        elif first.startswith("## "):
            flush()
            blocks.append(("heading", first[3:].strip()))
        elif first.startswith("> "):
            flush()
            blocks.append(
                ("pull_quote", {"quote": " ".join(line[2:] for line in chunk), "attribution": ""})
            )
        else:
            pending.append(to_html("\n".join(chunk)))
    flush()
    return blocks


def sections(body: str) -> dict[str, str]:
    """Split a body at its ## headings: {heading: markdown under it}."""
    found: dict[str, str] = {}
    current = ""
    lines: list[str] = []
    for line in body.splitlines():
        if line.startswith("## "):
            if current:
                found[current] = "\n".join(lines).strip()
            current, lines = line[3:].strip(), []
        else:
            lines.append(line)
    if current:
        found[current] = "\n".join(lines).strip()
    return found


def faq_items(markdown: str) -> list[tuple[str, dict[str, str]]]:
    items: list[tuple[str, dict[str, str]]] = []
    question = ""
    lines: list[str] = []
    for line in [*markdown.splitlines(), "### "]:
        if line.startswith("### "):
            if question:
                items.append(
                    ("item", {"question": question, "answer": to_html("\n".join(lines).strip())})
                )
            question, lines = line[4:].strip(), []
        else:
            lines.append(line)
    return items
