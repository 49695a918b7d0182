"""URLs and hosts an app carries (code strings, resources, assets), and privacy-policy candidates.

Only absolute http(s)/ws(s) URLs count: bare host-like strings in code are mostly class and
package names, and guessing there makes noise. XML namespace and schema URLs are dropped,
they are names, not endpoints. A privacy-policy candidate is a URL whose text says so
(privacy, policy, yinsi, 隐私, 政策), the way stores and the 认定方法 checks look for the link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

URL_RE = re.compile(r"(?:https?|wss?)://[^\s\"'<>\\^`{|}\x00-\x1f]+", re.IGNORECASE)
NOT_ENDPOINTS = (
    "http://schemas.android.com/", "http://www.w3.org/", "https://www.w3.org/", "http://xml.org/",
    "http://ns.adobe.com/", "http://purl.org/", "http://xmlpull.org/", "http://java.sun.com/",
    "http://apache.org/xml/", "http://www.apache.org/licenses/", "https://www.apache.org/licenses/",
)
POLICY_RE = re.compile(r"privacy|policy|policies|yinsi|隐私|政策", re.IGNORECASE)
TEXT_ASSET = re.compile(r"\.(json|js|html?|txt|xml|properties|conf|cfg|ini|yaml|yml|csv)$", re.IGNORECASE)
MAX_ASSET = 1024 * 1024


def find_urls(text: str) -> list[str]:
    if "://" not in text:
        return []
    out = []
    for m in URL_RE.finditer(text):
        url = m.group(0).rstrip(".,;:)]}")
        if url.startswith(NOT_ENDPOINTS) or len(url) < 10:
            continue
        host = host_of(url)
        if not host or "." not in host and host != "localhost":
            continue
        out.append(url)
    return out


def host_of(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "%" in host or "$" in host:
        return None
    return host.lower().rstrip(".")


def is_policy_url(url: str) -> bool:
    return bool(POLICY_RE.search(unquote(url)))


def collect(sources: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """{url: [source names]} in first-seen order from (source, strings) pairs."""
    found: dict[str, list[str]] = {}
    for source, strings in sources:
        for s in strings:
            for url in find_urls(s):
                where = found.setdefault(url, [])
                if source not in where:
                    where.append(source)
    return found
