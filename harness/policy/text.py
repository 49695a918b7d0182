"""Turn a privacy policy file (.txt, .md, .html) into prose lines and tables.

Tables are kept apart from prose because Chinese policies list their SDKs in tables
(第三方SDK目录: SDK名称 / 公司 / 目的 / 收集的信息): a row is a record, not a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from harness.errors import InputError

Table = tuple[tuple[str, ...], ...]

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html", ".xhtml": "html"}

_SPACE = re.compile(r"[ \t\u00a0\u3000]+")
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"(\*\*|__|`|~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    lines: tuple[str, ...]
    """Prose, one paragraph or list item per line, whitespace collapsed."""
    tables: tuple[Table, ...]
    """Rows of cells; the first row is the header when the source had one."""


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return tuple(_clean(c) for c in inner.split("|"))


def parse_plain(text: str, *, markdown: bool = False) -> Document:
    """Text or Markdown: pipe tables (and tab-separated tables) become tables, the rest prose."""
    lines: list[str] = []
    tables: list[Table] = []
    rows: list[tuple[str, ...]] = []
    title = ""

    def end_table() -> None:
        if len(rows) >= 2:
            tables.append(tuple(rows))
        else:
            lines.extend(" ".join(r) for r in rows)
        rows.clear()

    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if not _MD_SEPARATOR.match(stripped):
                rows.append(_cells(_MD_LINK.sub(r"\1", stripped)))
            continue
        if raw.count("\t") >= 2:
            rows.append(tuple(_clean(c) for c in raw.split("\t")))
            continue
        end_table()
        if markdown:
            is_heading = bool(_MD_HEADING.match(raw))
            stripped = _MD_MARKUP.sub("", _MD_LINK.sub(r"\1", _MD_HEADING.sub("", raw)))
            if is_heading and not title:
                title = _clean(stripped)
        line = _clean(stripped)
        if line:
            lines.append(line)
    end_table()
    if not title and lines and len(lines[0]) <= 60:
        title = lines[0]
    return Document(title=title, lines=tuple(lines), tables=tuple(tables))


class _HtmlText(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
             "header", "footer", "blockquote", "dt", "dd", "tr", "table", "pre", "hr", "main", "nav"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.title = ""
        self.heading = ""
        self._buf: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_h1 = False
        self._table_depth = 0
        self._cell: list[str] | None = None

    def _flush(self) -> None:
        line = _clean("".join(self._buf))
        self._buf.clear()
        if line:
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ARG002 - attributes carry no text
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        elif tag == "table":
            self._flush()
            self._table_depth += 1
            if self._table_depth == 1:
                self.tables.append([])
        elif tag == "tr" and self._table_depth:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self._table_depth:
            self._cell = []
        elif tag == "h1":
            self._flush()
            self._in_h1 = True
        elif tag in self.BLOCK:
            if self._cell is not None:
                self._cell.append(" ")
            else:
                self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._cell is not None:
            if self.tables and self.tables[-1]:
                self.tables[-1][-1].append(_clean("".join(self._cell)))
            self._cell = None
        elif tag == "table" and self._table_depth:
            self._table_depth -= 1
        elif tag == "h1":
            if not self.heading:
                self.heading = _clean("".join(self._buf))
            self._in_h1 = False
            self._flush()
        elif tag in self.BLOCK and self._cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip:
            return
        elif self._cell is not None:
            self._cell.append(data)
        elif not self._table_depth:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def parse_html(text: str) -> Document:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    kept = (tuple(tuple(r) for r in t if any(r)) for t in parser.tables)  # empty rows (<tr></tr>) carry nothing
    tables = tuple(t for t in kept if len(t) >= 2)
    title = _clean(parser.title) or parser.heading or (parser.lines[0] if parser.lines else "")
    return Document(title=title, lines=tuple(parser.lines), tables=tables)


def read_document(path: Path) -> Document:
    """Read a .txt/.md/.html policy; InputError for other suffixes or unreadable text."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: unsupported policy format {path.suffix or '(none)'!r}; use .txt, .md or .html")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise InputError(f"{path}: neither UTF-8 nor GB18030 text")
    if kind == "html":
        return parse_html(text)
    return parse_plain(text, markdown=kind == "markdown")
