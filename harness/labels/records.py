"""Records of a list file (HTML table, Markdown table, or a text list of "键：值" lines), with source lines.

Unlike harness/policy/text.py (prose for drafting), every cell keeps the line it came from,
so an imported declaration points back at file, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from harness.errors import InputError

MAX_BYTES = 8 * 1024 * 1024
_SPACE = re.compile(r"[ \t\u00a0\u3000]+")
_MD_SEP = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
_MD_MARKUP = re.compile(r"(\*\*|__|`|~~)")
_KEY_VALUE = re.compile(r"^\s*(?:[-*•·]\s*|\d+[.、)]\s*|[（(]\d+[）)]\s*)?([^：:]{1,20})[：:]\s*(.*)$")
_ITEM_START = re.compile(r"^\s*(?:\d+[.、)]|[（(]\d+[）)]|[-*•·])\s*")


@dataclass(frozen=True, slots=True)
class Record:
    line: int
    """Source line of the row (or of the list entry's first key)."""
    cells: tuple[tuple[str, str], ...]
    """(column header, text) in column order."""


def clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path}: larger than {MAX_BYTES // 1024 // 1024} MiB; not a declaration list")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: neither UTF-8 nor GB18030 text")  # pragma: no cover - gb18030 takes almost anything


def markdown_tables(text: str) -> list[list[Record]]:
    """Pipe tables; the first row of each is its header."""
    tables: list[list[Record]] = []
    header: tuple[str, ...] | None = None
    rows: list[Record] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        s = raw.strip()
        if s.startswith("|") and s.count("|") >= 2:
            if _MD_SEP.match(s):
                continue
            cells = _cells(s)
            if header is None:
                header = cells
            else:
                rows.append(Record(n, tuple(zip(header, cells + ("",) * (len(header) - len(cells)), strict=False))))
            continue
        if header is not None:
            tables.append(rows)
        header, rows = None, []
    if header is not None:
        tables.append(rows)
    return [t for t in tables if t]


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip().strip("|")
    inner = _MD_LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}".strip(), inner)
    return tuple(clean(_MD_MARKUP.sub("", c)) for c in inner.split("|"))


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[int, list[str]]]] = []
        self.depth = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.tables[-1].append((self.getpos()[0], []))
        elif self.depth == 1 and tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None and tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.cell.append(f" {href} ")
        elif self.cell is not None and tag in ("br", "p", "li", "div"):
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            if self.tables[-1]:
                self.tables[-1][-1][1].append(clean("".join(self.cell)))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_tables(text: str) -> list[list[Record]]:
    p = _Tables()
    p.feed(text)
    p.close()
    out = []
    for t in p.tables:
        rows = [(n, cells) for n, cells in t if any(cells)]
        if len(rows) < 2:
            continue
        header = tuple(rows[0][1])
        out.append([Record(n, tuple(zip(header, cells, strict=False))) for n, cells in rows[1:]])
    return out


def text_list(text: str, keys: set[str]) -> list[Record]:
    """"键：值" lines; a new entry starts at a numbered/bulleted line, a blank line, or a repeated key."""
    records: list[Record] = []
    cur: list[tuple[str, str]] = []
    start = 0

    def flush() -> None:
        nonlocal cur
        if cur:
            records.append(Record(start, tuple(cur)))
        cur = []

    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            flush()
            continue
        m = _KEY_VALUE.match(_MD_MARKUP.sub("", raw))
        if not m or m.group(1).strip() not in keys:
            continue
        key, value = m.group(1).strip(), clean(_MD_LINK.sub(r"\1 \2", m.group(2)))
        if _ITEM_START.match(raw) or any(k == key for k, _ in cur):
            flush()
        if not cur:
            start = n
        cur.append((key, value))
    flush()
    return records
