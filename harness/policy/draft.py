"""Draft a declared-policy YAML from a privacy policy's text, citing the sentence behind every item.

Rules only, no model: sentences are split, data types found by the taxonomy's synonyms, SDKs by
the names in sdk_aliases.yaml, and negated mentions dropped (sentences.py). SDK tables and
"SDK名称：..." blocks become third parties. The draft is a starting point for a person: it always
passes `harness policy check`, and lists what it saw but did not draft (negations, flags without a
data type) in comments at the end.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import ahocorasick
import yaml

from harness.detect.sdk_db import sdk_database
from harness.policy.permissions import Permission, find_permissions, group_of
from harness.policy.sentences import NegationScope, has_collection_verb, mask, split_sentences
from harness.policy.structure import COLLECT, DECLARING, PERMISSIONS, SHARE, Line, classify, sentence_role
from harness.policy.text import Document, Table, read_document
from harness.taxonomy import taxonomy
from harness.taxonomy.permissions import groups as permission_groups
from harness.taxonomy.synonyms import fold, synonym_matcher

PLACEHOLDER_PACKAGE = "com.example.unknown"

_BACKGROUND = re.compile(r"后台|静默|\bbackground\b|when the app is (?:closed|not in use)", re.IGNORECASE)
_SEPARATE = re.compile(r"单独同意|单独授权|单独的同意|单独的授权|单独征得|单独取得|单独获取您的同意"
                       r"|\bseparate(?:ly)?\s+(?:\w+\s+)?(?:consent|ask)|\bexplicit consent\b", re.IGNORECASE)
_CROSS_BORDER = re.compile(
    r"境外|跨境|出境|中国大陆以外|中华人民共和国以外"
    r"|海外|outside (?:of )?(?:mainland |the People's Republic of )?China|cross-border|\boverseas\b|\babroad\b"
    r"|\bother countries\b|international(?:ly)? transfer|transferred internationally|\bUnited States\b",
    re.IGNORECASE)
_EXTENDED = re.compile(r"扩展功能|扩展业务功能|附加功能|增值功能|可选功能|extended feature|additional feature"
                       r"|optional feature", re.IGNORECASE)
_FEATURE_ZH = re.compile(r"(?:当|在)您(?:主动)?(?:使用|开启|打开|启用|选择使用|选择)[“「\"]?([^，。；,“”「」\"]{1,16}?)[”」\"]?"
                         r"(?:功能|服务)")
_FEATURE_EN = re.compile(r"\b(?:when|if) you (?:use|enable|turn on|choose to use|opt in to|activate)\s+"
                         r"(?:the\s+|our\s+)?[\"“]?([A-Za-z][\w\- ]{0,38}?)[\"”]?\s+(?:feature|function)\b",
                         re.IGNORECASE)
_PURPOSE_ZH = re.compile(r"(?:用于|以便于|以便|为了|目的是|旨在)([^，。；,;：:]{2,40})")
_PURPOSE_EN = re.compile(r"\b(?:in order to|so that we can|so we can|for the purposes? of|to)\s+([^,.;:()]{3,80})",
                         re.IGNORECASE)
_FOR_PURPOSE_EN = re.compile(r"\bfor\s+(?!example\b|instance\b|you\b|us\b|your\b|the\s+(?:app|service)\b)"
                             r"([a-z][a-z-]+(?:(?:,\s*|\s+(?:and|or)\s+)[a-z][a-z-]+){0,3})\s*[.;]?$", re.IGNORECASE)
_NOT_PURPOSE_EN = re.compile(
    r"^(?:your|the|our|us|you|a|an|third|any|other|its|their|them|this|these|those|which|whom|be|such|"
    r"it|provide\s+(?:us|it))\b", re.IGNORECASE)
_TO_AFTER = re.compile(r"\b(?:due|according|related|up|prior|similar|access|sent|send|sends|transfer|transferred|"
                       r"disclose|disclosed|provide|provided|share|shared|sell|sold|opt\s+in|refer|subject|"
                       r"going|able|want|wish|belong|belongs|apply|applies|addition|respect|regard)\s+$",
                       re.IGNORECASE)

# SDK tables: which header names which column (matched anywhere in the header cell).
_COL_NAME = re.compile(r"SDK\s*名称|SDK名|第三方名称|第三方SDK|合作方名称|插件名称|sdk\s*name|^name$|third[- ]party|^sdk$",
                       re.IGNORECASE)
_COL_COMPANY = re.compile(r"公司|主体|提供方|运营方|开发者|合作方$|company|provider|vendor|developer|operator",
                          re.IGNORECASE)
_COL_PURPOSE = re.compile(r"目的|用途|功能|purpose|^use$|usage", re.IGNORECASE)
_COL_DATA = re.compile(r"信息|数据|字段|data|information|collected", re.IGNORECASE)
_COL_PACKAGE = re.compile(r"包名|package", re.IGNORECASE)
_KV = re.compile(r"^\s*([^:：]{1,16})\s*[:：]\s*(.+)$")
_JAVA_PKG = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+\b")


@dataclass(slots=True)
class _Item:
    type: str
    purpose: str = ""
    function: str = "basic"
    when: str = "on_consent"
    feature: str | None = None
    background: bool = False
    separate_consent: bool = False
    frequency: tuple[int, str] | None = None
    source: dict[str, None] = field(default_factory=dict)
    """Cited sentences in order (a dict: a policy of 10,000 sentences must not cost 10,000² to dedupe)."""


@dataclass(slots=True)
class _Party:
    name: str
    sdk: str | None = None
    company: str = ""
    packages: list[str] = field(default_factory=list)
    data_types: list[str] = field(default_factory=list)
    purpose: str = ""
    source: dict[str, None] = field(default_factory=dict)
    """Cited sentences in order (a dict: a policy of 10,000 sentences must not cost 10,000² to dedupe)."""


@dataclass(slots=True)
class _Draft:
    items: dict[str, _Item] = field(default_factory=dict)
    parties: list[_Party] = field(default_factory=list)
    cross_border: list[str] = field(default_factory=list)
    no_cross_border: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    permissions: dict[str, Permission] = field(default_factory=dict)


# ---- SDK names ------------------------------------------------------------------------------
_SDK_CONTEXT = re.compile(r"SDK|第三方|合作方|合作伙伴|接入|集成|嵌入|插件|服务商|提供商|third[- ]part|partner|"
                          r"provider|integrat|embed|plug-?in|librar", re.IGNORECASE)


@cache
def sdk_names() -> dict[str, dict[str, str]]:
    """Folded name -> sdk id, per kind: prose, weak (prose with SDK context), table (any cell)."""
    raw = yaml.safe_load(resources.files("harness.policy").joinpath("sdk_aliases.yaml").read_text("utf-8"))
    names: dict[str, dict[str, str]] = {"prose": {}, "weak": {}, "table": {}}
    for sdk_id, kinds in (raw.get("aliases") or {}).items():
        for kind, listed in kinds.items():
            for n in listed:
                names[kind].setdefault(fold(str(n)), sdk_id)
    for sdk in sdk_database().sdks.values():
        names["table"].setdefault(fold(sdk.name), sdk.id)
        names["table"].setdefault(fold(sdk.id), sdk.id)
    return names


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


@cache
def _sdk_automaton(kinds: tuple[str, ...]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for kind in kinds:
        for name, sdk_id in sdk_names()[kind].items():
            auto.add_word(name, (name, sdk_id))
    auto.make_automaton()
    return auto


def find_sdks(text: str, *, table: bool = False) -> list[tuple[str, int, int]]:
    """(sdk id, start, end) of SDK names in text, leftmost-longest, ASCII names on word boundaries.

    In running text, names that are also apps (支付宝) count only when the text speaks of an SDK.
    """
    kinds = ("prose", "weak", "table") if table else (
        ("prose", "weak") if _SDK_CONTEXT.search(text) else ("prose",))
    folded = fold(text)
    hits = []
    for last, (name, sdk_id) in _sdk_automaton(kinds).iter(folded):
        s, e = last - len(name) + 1, last + 1
        if _is_word(name[0]) and s > 0 and _is_word(folded[s - 1]):
            continue
        if _is_word(name[-1]) and e < len(folded) and _is_word(folded[e]):
            continue
        hits.append((s, e, sdk_id))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out, taken = [], 0
    for s, e, sdk_id in hits:
        if s >= taken:
            out.append((sdk_id, s, e))
            taken = e
    return out


# ---- sentence analysis -------------------------------------------------------------------
def _purpose(sentence: str) -> str:
    m = _PURPOSE_ZH.search(sentence)
    if m:
        return m.group(1).strip()
    for m in _PURPOSE_EN.finditer(sentence):
        if m.group(0).lower().startswith("to ") and (
                _NOT_PURPOSE_EN.match(m.group(1)) or _TO_AFTER.search(sentence[:m.start()])):
            continue
        return m.group(1).strip()
    m = _FOR_PURPOSE_EN.search(sentence)
    return m.group(1).strip() if m else ""


_FREQ_ZH = re.compile(r"每(?:隔)?\s*(\d+)\s*(秒钟?|分钟|小时|天)(?:[^，。；,;]{0,10}?(\d+|一|两)\s*次)?")
_FREQ_EN = re.compile(r"\b(?:(once|twice|\d+\s+times)\s+)?(?:every|per|an?)\s+(\d+\s+)?(second|minute|hour|day)s?\b",
                      re.IGNORECASE)
_UNIT = {"秒": "s", "秒钟": "s", "分钟": "m", "小时": "h", "天": "d", "second": "s", "minute": "m", "hour": "h", "day": "d"}


def _frequency(sentence: str) -> tuple[int, str] | None:
    """(count, per) of a stated rate: 每隔5分钟获取一次 -> (1, "5m"); once every 30 seconds -> (1, "30s")."""
    m = _FREQ_ZH.search(sentence)
    if m:
        count = {"一": 1, "两": 2}.get(m.group(3) or "一") or int(m.group(3))
        return count, f"{m.group(1)}{_UNIT[m.group(2)]}"
    m = _FREQ_EN.search(sentence)
    if m and (m.group(1) or m.group(2)):
        times = (m.group(1) or "once").lower()
        count = {"once": 1, "twice": 2}.get(times) or int(times.split()[0])
        return count, f"{(m.group(2) or '1').strip()}{_UNIT[m.group(3).lower()]}"
    return None


def _feature(sentence: str) -> str | None:
    m = _FEATURE_ZH.search(sentence) or _FEATURE_EN.search(sentence)
    return m.group(1).strip() if m else None


def _flag(rx: re.Pattern[str], sentence: str, scope: NegationScope) -> bool | None:
    """True: stated; False: stated as negated; None: not mentioned."""
    found = [scope.negated(m.start(), m.end()) for m in rx.finditer(sentence)]
    if not found:
        return None
    return not all(found)


def _party(draft: _Draft, sdk_id: str | None, name: str) -> _Party:
    for p in draft.parties:
        if (sdk_id and p.sdk == sdk_id) or (not sdk_id and not p.sdk and p.name == name):
            return p
    p = _Party(name=name, sdk=sdk_id)
    draft.parties.append(p)
    return p


def _add_types(target: list[str], types: list[str]) -> None:
    for t in types:
        if t not in target:
            target.append(t)


APP, LIST, PARTY, NONE = "app", "list", "party", "none"
_FIRST_HAND = re.compile(r"收集|获取|读取|采集|调用|获得|\b(?:collect|obtain|gather|access|read)", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[^，。；,;]{1,24}[：:]|^[^，。；,;：:.]{2,30}$")


def _reach(line: Line, sentence: str) -> tuple[str, str]:
    """Whom a sentence can bind, from its section and its own shape (definition, children, user content)."""
    if line.heading:
        return NONE, "heading"
    role = sentence_role(sentence)
    if role is not None:
        return NONE, role
    if line.kind in DECLARING:
        return (LIST if line.kind in (COLLECT, PERMISSIONS) else APP), ""
    if line.kind == SHARE:
        # an SDK list says what each SDK collects inside the app: that is the app's collection too;
        # "我们会向合作方共享X" says where data goes, not that more is collected
        return (APP if _FIRST_HAND.search(sentence) else PARTY), "sharing section, no SDK named"
    return NONE, f"{line.kind} section"


# "我们可能通过短信、电话或邮件向您发送商业信息" / "reply to the SMS to unsubscribe": SMS, e-mail and the
# phone are how the app reaches the user there, not data it reads.
_CHANNEL_TYPES = frozenset({"sms", "email", "phone_number"})
_BY = re.compile(r"通过|经由|以|利用|\bvia\b|\bby\b|\bthrough\b", re.IGNORECASE)
_TO_USER = re.compile(r"向您|给您|向你|给你|联系您|联系你|通知您|通知你|与您联系|退订|回复|提醒您|"
                      r"\b(?:send|sends|sent|contact|notify|remind|reach) (?:you|users?)\b|unsubscribe|\breply\b",
                      re.IGNORECASE)
_SEGMENT_END = re.compile(r"[，,；;。：:]")


def _is_channel(sentence: str, start: int) -> bool:
    """The type word names how the app reaches the user ("通过短信向您发送"), not what it collects."""
    window = max(0, start - 40)  # bounded: a mention costs O(1), however long the sentence
    seg_start = max((m.end() for m in _SEGMENT_END.finditer(sentence, window, start)), default=window)
    lead = sentence[seg_start:start]
    ends = [m.end() for m in _BY.finditer(lead)]
    return bool(ends) and not has_collection_verb(lead[ends[-1]:])


def _permissions(draft: _Draft, sentence: str, scope: NegationScope) -> None:
    """Permissions the sentence says the app asks for, with the purpose it gives."""
    for group, words, start, end in find_permissions(sentence):
        if scope.negated(start, end):
            draft.notes.append(f"not drafted (permission {group}, negated): {sentence}")
            continue
        perm = draft.permissions.setdefault(group, Permission(group, words))
        perm.purpose = perm.purpose or _purpose(sentence)
        perm.source[sentence] = None


def _sentence(draft: _Draft, sentence: str, reach: str = APP, why: str = "") -> None:
    """Draft what one sentence declares; `reach` says whom it can bind (APP, PARTY: named SDKs only, NONE)."""
    mentions = synonym_matcher().find(sentence)
    sdks = find_sdks(sentence)
    masked = mask(sentence, [(m.start, m.end) for m in mentions] + [(s, e) for _, s, e in sdks])
    scope = NegationScope(masked)
    if reach == PARTY and sdks:
        reach = APP  # an SDK inside the app receives the data: the app collects it, scoped to that SDK
    positive: list[str] = []
    to_user = bool(_TO_USER.search(sentence))
    for m in mentions:
        if scope.negated(m.start, m.end):
            draft.notes.append(f"not drafted ({m.type_id}, negated): {sentence}")
        elif m.type_id in _CHANNEL_TYPES and to_user and _is_channel(sentence, m.start):
            draft.notes.append(f"not drafted ({m.type_id}, a channel to reach the user): {sentence}")
        elif m.type_id not in positive:
            positive.append(m.type_id)
    heading = len(sentence) <= 40 and not re.search(r"[。！？；.!?;]$", sentence)
    cross = None if heading else _flag(_CROSS_BORDER, sentence, scope)
    if cross is True:
        draft.cross_border.append(sentence)
    elif cross is False:
        draft.no_cross_border.append(sentence)
    background = _flag(_BACKGROUND, sentence, scope) is True
    separate = _flag(_SEPARATE, sentence, scope) is True
    if reach in (APP, LIST):
        _permissions(draft, sentence, scope)
    listed = reach == LIST and bool(_LIST_ITEM.search(sentence))  # "位置信息：GPS、基站" / "麦克风权限"
    if reach == NONE or not (listed or has_collection_verb(masked)):
        if reach == NONE and positive:
            draft.notes.append(f"not drafted ({', '.join(positive)}, {why}): {sentence}")
        return
    purpose = _purpose(sentence)
    for sdk_id, s, e in sdks:
        if scope.negated(s, e):
            draft.notes.append(f"not drafted (SDK {sdk_id}, negated): {sentence}")
            continue
        p = _party(draft, sdk_id, sentence[s:e])
        _add_types(p.data_types, positive)
        p.purpose = p.purpose or purpose
        p.source[sentence] = None
    if reach == PARTY and positive:
        if not sdks:
            draft.notes.append(f"not drafted ({', '.join(positive)}, {why}): {sentence}")
        return
    if not positive:
        if background:
            draft.notes.append(f"background collection mentioned without a data type: {sentence}")
        if separate:
            draft.notes.append(f"separate consent mentioned without a data type: {sentence}")
        return
    feature = _feature(sentence)
    frequency = _frequency(sentence)
    extended = bool(_EXTENDED.search(sentence))
    for type_id in positive:
        item = draft.items.get(type_id)
        if item is None:
            item = draft.items[type_id] = _Item(type=type_id, purpose=purpose)
            if feature:
                item.when, item.feature = "on_feature_use", feature
            if extended:
                item.function = "extended"
        elif not item.purpose:
            item.purpose = purpose
        item.background |= background
        item.separate_consent |= separate
        item.frequency = item.frequency or frequency
        item.source[sentence] = None


# ---- SDK tables and "SDK名称：" blocks -------------------------------------------------------
def _columns(header: tuple[str, ...]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        for key, rx in (("name", _COL_NAME), ("package", _COL_PACKAGE), ("company", _COL_COMPANY),
                        ("purpose", _COL_PURPOSE), ("data", _COL_DATA)):
            if key not in cols and rx.search(cell):
                cols[key] = i
                break
    return cols if "name" in cols and "data" in cols else None


def _row(draft: _Draft, record: dict[str, str], source: str) -> None:
    name = record.get("name", "").strip()
    if not name:
        return
    hits = find_sdks(name, table=True)
    sdk_id = hits[0][0] if hits else None
    packages = _JAVA_PKG.findall(record.get("package", ""))
    if sdk_id is None:
        for pkg in packages:
            sdk = sdk_database().by_package(pkg)
            if sdk is not None:
                sdk_id = sdk.id
                break
    p = _party(draft, sdk_id, name)
    p.company = p.company or record.get("company", "").strip()
    p.purpose = p.purpose or record.get("purpose", "").strip()
    if sdk_id is None:
        for pkg in packages:
            if pkg not in p.packages:
                p.packages.append(pkg)
    _add_types(p.data_types, synonym_matcher().types(record.get("data", "")))
    p.source[source] = None


def _tables(draft: _Draft, tables: tuple[Table, ...]) -> None:
    for table in tables:
        if not table:
            continue
        cols = _columns(table[0])
        if cols is None:  # e.g. a permission table (权限 | 用途 | 场景): each row reads as a sentence
            perm_col = next((i for i, c in enumerate(table[0]) if _PERMISSION_HEADER.search(c)), None)
            for row in table[1:]:
                text = " | ".join(c for c in row if c)
                _sentence(draft, text)
                if perm_col is not None and perm_col < len(row):
                    _permission_row(draft, row[perm_col], text)
            continue
        for row in table[1:]:
            record = {k: row[i] for k, i in cols.items() if i < len(row)}
            _row(draft, record, " | ".join(c for c in row if c))


_PERMISSION_HEADER = re.compile(r"权限|permission", re.IGNORECASE)


def _permission_row(draft: _Draft, name: str, text: str) -> None:
    """A row of a permission table names its permission without the word 权限 (读取通讯录 | 添加好友)."""
    group = group_of(name)
    if group is not None and group not in draft.permissions:
        draft.permissions[group] = Permission(group, name, _purpose(text))
    if group is not None:
        draft.permissions[group].source[text] = None


def _label(label: str) -> str | None:
    for key, rx in (("name", _COL_NAME), ("package", _COL_PACKAGE), ("company", _COL_COMPANY),
                    ("purpose", _COL_PURPOSE), ("data", _COL_DATA)):
        if rx.search(label):
            return key
    return None


def _blocks(draft: _Draft, lines: tuple[str, ...]) -> list[str]:
    """Consume "SDK名称：X / 使用目的：Y / 收集的信息：Z" runs; return the remaining prose lines."""
    prose: list[str] = []
    record: dict[str, str] = {}
    source: list[str] = []

    def finish() -> None:
        if len(record) >= 2:
            _row(draft, record, " ".join(source))
        else:  # a lone "第三方SDK：我们接入了以下SDK" is prose, not a record
            prose.extend(source)
        record.clear()
        source.clear()

    for line in lines:
        m = _KV.match(line)
        key = _label(m.group(1)) if m else None
        if m and key == "name" and (record or re.search(r"SDK|第三方|插件|name", m.group(1), re.IGNORECASE)):
            finish()
            record["name"] = m.group(2).strip()
            source.append(line)
        elif m and record and key and key not in record:
            record[key] = m.group(2).strip()
            source.append(line)
        elif m and record and _label(m.group(1)) is None and len(m.group(1)) <= 8 and "http" in line:
            source.append(line)  # e.g. 隐私政策链接：https://...
        else:
            finish()
            prose.append(line)
    finish()
    return prose


# ---- output ----------------------------------------------------------------------------------
# YAML forbids C0/C1 controls, surrogates and U+FFFE/FFFF anywhere, and reads NEL, LS and PS as line
# breaks (which would end a `#` comment early): all are written as \u escapes inside quotes.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _q(text: str) -> str:
    """A double-quoted YAML scalar on one line, whatever the text holds."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _app_name(title: str) -> str:
    m = re.match(r"^《?\s*(.+?)\s*(?:App|APP|app)?\s*(?:隐私政策|隐私权政策|个人信息保护政策|隐私保护政策)》?", title)
    if m:
        return m.group(1).strip("《》 ")
    m = re.match(r"^(.+?)\s+(?:App\s+)?Privacy (?:Policy|Notice|Statement)", title, re.IGNORECASE)
    return m.group(1).strip() if m else ""


def render(draft: _Draft, *, source_name: str, title: str, package: str | None, category: str | None) -> str:
    tax = taxonomy()
    out = [
        f"# Draft policy written by `harness policy draft` from {source_name}.",
        "# A starting point, not a verdict: check each item against its `source:` sentences, fill in",
        "# app.package and app.category, then run `harness policy check` on this file.",
        "version: 1",
        "app:",
        f"  package: {package or PLACEHOLDER_PACKAGE}" + ("" if package else "  # TODO: the app's package name"),
        f"  name: {_q(_app_name(title))}",
        f"  category: {category or 'other'}" + ("" if category else "  # TODO: a key from `harness policy baseline`"),
        "  first_party_domains: []",
    ]
    items = sorted(draft.items.values(), key=lambda i: tax.ids().index(i.type))
    out.append("data:" if items else "data: []")
    for i in items:
        out += [f"  - type: {i.type}  # {tax.get(i.type).zh} / {tax.get(i.type).en}",
                f"    purpose: {_q(i.purpose)}",
                f"    function: {i.function}",
                f"    when: {i.when}"]
        if i.feature:
            out.append(f"    feature: {_q(i.feature)}")
        if i.frequency:
            out.append(f"    frequency: {{count: {i.frequency[0]}, per: {i.frequency[1]}}}")
        out += [f"    background: {str(i.background).lower()}",
                f"    separate_consent: {str(i.separate_consent).lower()}",
                "    source:"]
        out += [f"      - {_q(s)}" for s in i.source]
    out.append("third_parties:" if draft.parties else "third_parties: []")
    for p in draft.parties:
        out.append(f"  - name: {_q(p.name)}")
        if p.sdk:
            out.append(f"    sdk: {p.sdk}")
        if p.company:
            out.append(f"    company: {_q(p.company)}")
        if p.packages:
            out.append(f"    packages: [{', '.join(p.packages)}]")
        out += [f"    data_types: [{', '.join(p.data_types)}]",
                f"    purpose: {_q(p.purpose)}",
                "    disclosed: true",
                "    source:"]
        out += [f"      - {_q(s)}" for s in p.source]
    out += _render_permissions(draft)
    if draft.cross_border:
        out += [f"# cross-border transfer stated: {_q(s)}" for s in draft.cross_border]
        out.append("cross_border: true")
    else:
        out += [f"# cross-border transfer denied: {_q(s)}" for s in draft.no_cross_border]
        if not draft.no_cross_border:
            out.append("# no mention of a cross-border transfer found")
        out.append("cross_border: false")
    if draft.notes:
        out.append("# Seen but not drafted (review):")
        out += [f"#   - {_q(n)}" for n in dict.fromkeys(draft.notes)]
    return "\n".join(out) + "\n"


def _render_permissions(draft: _Draft) -> list[str]:
    """`permissions:` for the groups that reach personal information; the others (notifications,
    overlay, installing apps) are listed as comments, since the policy schema keeps to the PI groups."""
    known = permission_groups()
    out: list[str] = []
    listed = [p for p in draft.permissions.values() if p.group in known]
    if listed:
        out.append("permissions:  # Android permissions the policy explains, apart from data types")
    for perm in listed:
        out += [f"  - permission: {perm.group}  # {_q(perm.words)}",
                f"    purpose: {_q(perm.purpose)}",
                "    source:"]
        out += [f"      - {_q(s)}" for s in perm.source]
    for perm in (p for p in draft.permissions.values() if p.group not in known):
        out.append(f"# permission {perm.group} ({_q(perm.words)}) reaches no personal information: not listed")
    return out


def draft_policy(doc: Document, *, source_name: str = "policy text", package: str | None = None,
                 category: str | None = None) -> str:
    """The draft YAML text for a parsed document."""
    draft = _Draft()
    _tables(draft, doc.tables)
    for line in classify(_blocks(draft, doc.lines)):
        for sentence in split_sentences(line.text):
            reach, why = _reach(line, sentence)
            _sentence(draft, sentence, reach, why)
    return render(draft, source_name=source_name, title=doc.title, package=package, category=category)


def draft_policy_file(path: Path, *, package: str | None = None, category: str | None = None) -> str:
    """Read a .txt/.md/.html privacy policy and return the draft YAML text."""
    path = Path(path)
    return draft_policy(read_document(path), source_name=path.name, package=package, category=category)
