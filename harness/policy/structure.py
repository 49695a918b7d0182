"""The structure of a privacy policy: headings, the kind of section each line sits in, and sentence roles.

A type named in "个人信息是指……如姓名、身份证件号码" (a definition), in the children's section, in
"您可以在设置中查阅、更正您的手机号码" (the user's rights) or in "您公开发布的信息中可能含有他人的
个人信息" (user-uploaded content) is not collected by the app. Headings tell what each part of a
policy is about; a few sentence shapes say the same inside any section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Section kinds. Only COLLECT, PERMISSIONS, INTRO and OTHER sections declare first-party collection;
# SHARE sections declare what a named recipient gets.
COLLECT, PERMISSIONS, SHARE, STORAGE, SECURITY, RIGHTS, CHILDREN, DEFINITIONS, UPDATE, CONTACT, INTRO, OTHER = (
    "collect", "permissions", "share", "storage", "security", "rights", "children", "definitions", "update",
    "contact", "intro", "other")
DECLARING = frozenset({COLLECT, PERMISSIONS, INTRO, OTHER})
# Sub-headings with these words name a purpose ("为保障安全") inside a collection or sharing section,
# not a new part of the policy.
_WEAK = frozenset({SECURITY, STORAGE, RIGHTS, UPDATE, CONTACT, INTRO, COLLECT})
_BINDING = frozenset({COLLECT, PERMISSIONS, SHARE})

_NUM_ZH = "一二三四五六七八九十百零〇"
_EN_NUM = r"(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve)"
_LEVELS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"^第[{_NUM_ZH}\d]+(?:章|部分|节)"), 1),
    (re.compile(rf"^第[{_NUM_ZH}\d]+条"), 2),
    (re.compile(rf"^(?:附录|附件|附表)[{_NUM_ZH}\d]*"), 1),
    (re.compile(rf"^[{_NUM_ZH}]{{1,3}}\s*[、.．,，]"), 1),
    (re.compile(rf"^{_EN_NUM}\s*[,.、]\s*", re.IGNORECASE), 1),
    (re.compile(r"^(?:Part|Section|Chapter|Article)\s+[\dIVX]+\b", re.IGNORECASE), 1),
    (re.compile(r"^[IVX]{1,4}\.\s"), 1),
    (re.compile(rf"^[（(]\s*[{_NUM_ZH}]{{1,3}}\s*[)）]"), 2),
    (re.compile(r"^【[^】]{1,30}】"), 1),
    (re.compile(r"^\d{1,2}(?:\.\d{1,2}){2,}"), 5),
    (re.compile(r"^\d{1,2}\.\d{1,2}(?!\d)"), 4),
    (re.compile(r"^\d{1,2}\s*[.、．](?!\d)"), 3),
    (re.compile(r"^[（(]\s*\d{1,2}\s*[)）]|^\d{1,2}\s*[)）]"), 6),
)
_ENDS_SENTENCE = re.compile(r"[。；;！!？?]\s*$|[^.]\.\s*$")

# Kinds by heading words, first match wins (a children's section about rights is about children).
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (DEFINITIONS, re.compile(r"定义|释义|名词解释|术语|词语含义|词汇|definition|glossary|interpretation|terms used",
                             re.IGNORECASE)),
    (CHILDREN, re.compile(r"未成年|儿童|青少年|未满十四|未满14|不满十四|不满14|\bchild|\bminor|\bkids?\b|teen|juvenile",
                          re.IGNORECASE)),
    (RIGHTS, re.compile(r"您的权利|你的权利|用户权利|个人信息主体|如何管理|管理您的|管理你的|查阅|更正|删除|注销|撤回|访问您的|"
                        r"访问你的|your rights|your choices|how (?:you|can you) (?:manage|control|access)|"
                        r"access(?:ing)?, correct|manag(?:e|ing) your", re.IGNORECASE)),
    (UPDATE, re.compile(r"(?:政策|指引|规则|声明)[^，。]{0,4}(?:更新|修订|变更|修改)|如何更新|更新与修订|"
                        r"changes? to (?:this|our)|updates? to (?:this|our)|update (?:this|the|our) (?:privacy )?policy|how (?:this|the) .{0,20} (?:is )?updated",
                        re.IGNORECASE)),
    (CONTACT, re.compile(r"联系我们|如何联系|联系方式|contact us|how to contact", re.IGNORECASE)),
    (PERMISSIONS, re.compile(r"权限|permission", re.IGNORECASE)),
    (SHARE, re.compile(r"共享|转让|公开披露|委托处理|对外提供|第三方|合作方|合作伙伴|SDK|share|sharing|disclos|"
                       r"third[- ]part|partners?", re.IGNORECASE)),
    (STORAGE, re.compile(r"存储|保存|保留|储存|跨境|出境|境外|store|storage|retention|retain|transfer",
                         re.IGNORECASE)),
    (SECURITY, re.compile(r"保护您的|保护你的|如何保护|信息安全|安全措施|安全保护|保护措施|security measures|how we protect|"
                          r"(?:keep|protect)(?:ing)? your", re.IGNORECASE)),
    (COLLECT, re.compile(r"收集|使用|获取|调用|Cookie|同类技术|collect|\buse\b|information we|how we use",
                         re.IGNORECASE)),
    (INTRO, re.compile(r"适用范围|引言|前言|导言|概述|简介|introduction|scope|overview|about", re.IGNORECASE)),
)

# Sentences that say what a word means, not what the app does.
_DEFINITION = re.compile(
    r"是指|系指|指的是|一旦泄露|一旦被泄露|^[^，。；:：]{1,20}[：:]\s*指"
    r"|^(?:本[^，。；]{0,12}涉及的|其中)?[^，。；我您你]{0,10}(?:个人|敏感|身份|财产)[^，。；我您你]{0,6}信息(?:主要|可能|通常)?"
    r"(?:包括|包含|为)"
    r"|(?<!by )(?<!a )\b(?:means|refers? to|is defined as|are defined as)\b(?! of\b)|^(?:personal|sensitive) (?:personal )?information "
    r"(?:is|includes|include|means)\b", re.IGNORECASE)
# The user's own acts: publishing content, managing their data in settings.
_USER_CONTENT = re.compile(
    r"(?:您|你)[^，。；]{0,6}(?:公开发布|发布的|上传的|分享的|公开的|披露自己|透露)"
    r"|公开发布的信息|(?:您|你)[^，。；]{0,8}(?:发布|上传|分享)[^，。；]{0,10}(?:内容|作品|信息)[^，。；]{0,6}(?:可能|会)?(?:涉及|包含|含有)"
    r"|\b(?:content|information) (?:that )?you (?:post|publish|upload|share|make public)|you (?:post|publish|upload) "
    r"(?:publicly|in public)", re.IGNORECASE)
_USER_RIGHTS = re.compile(
    r"(?:您|你)(?:也)?(?:可以|可|有权|能够|随时)[^。；]{0,40}?(?:查阅|查看|访问|修改|更正|删除|注销|撤回|关闭|复制|管理|更改|退订|取消)"
    r"|\byou (?:can|may|have the right to)\b[^.;]{0,40}?\b(?:access|view|review|edit|modify|correct|delete|erase|"
    r"withdraw|opt[- ]out|unsubscribe|cancel|change|update)\b", re.IGNORECASE)
_USER_PROVIDES = re.compile(r"补充|填写|完善|提供|上传|授权|开启|允许|\b(?:provide|enter|fill|upload|enable|allow|grant)",
                            re.IGNORECASE)
_CHILD_SENTENCE = re.compile(r"未成年|儿童|未满十四|未满14|不满十四|不满14|十四周岁|14周岁|监护人|\bchild|\bminors?\b|"
                             r"\bunder (?:the age of )?1[3-8]\b|parents? or (?:legal )?guardian", re.IGNORECASE)
_APP_COLLECTS = re.compile(r"(?:我们|我司|本公司|本平台|本应用|我行|平台|SDK)[^，。；]{0,12}"
                           r"(?:收集|获取|读取|采集|调用|申请|记录|访问|使用|接收|保存|需要|请求)"
                           r"|\bwe\b[^,.;]{0,20}\b(?:collect|obtain|gather|access|read|record|receive|request)",
                           re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    kind: str
    heading: bool


def heading_level(line: str) -> int | None:
    """Outline level of a heading line ("二、…" 1, "（二）…" 2, "2.1 …" 4), None for prose."""
    text = line.strip()
    if not text or len(text) > 120 or _ENDS_SENTENCE.search(text):
        return None
    for rx, level in _LEVELS:
        if rx.match(text):
            return level
    if len(text) > 60 or text.count("，") + text.count(",") > 1:
        return None
    if len(text) <= 30 and re.search(r"如何|我们怎样|^How\b|^What\b|^Your\b|^附录|^Appendix", text, re.IGNORECASE):
        return 1
    return None


def _heading_key(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text.lower())


def section_kind(heading: str) -> str | None:
    for kind, rx in _KINDS:
        if rx.search(heading):
            return kind
    return None


def classify(lines: Iterable[str]) -> Iterator[Line]:
    """Every line with the kind of the innermost titled section it lies in (OTHER before any)."""
    stack: list[tuple[int, str]] = []
    seen: set[str] = set()
    for text in lines:
        level = heading_level(text)
        if level is not None:
            key = _heading_key(text)
            if key in seen:  # the same heading again: what came before was the table of contents
                stack.clear()
                seen.clear()
            seen.add(key)
            while stack and stack[-1][0] >= level:
                stack.pop()
            kind = section_kind(text)
            parent = stack[-1][1] if stack else None
            if kind is None or (parent and ((kind in _WEAK and parent in _BINDING) or kind == INTRO)):
                kind = parent or kind or OTHER  # "（三）为保障账号安全" under "我们如何收集" is still collection
            stack.append((level, kind))
            yield Line(text, kind, True)
        else:
            yield Line(text, stack[-1][1] if stack else OTHER, False)


def sentence_role(sentence: str) -> str | None:
    """Why a sentence declares nothing whatever section it is in, or None when it may declare."""
    if _DEFINITION.search(sentence):
        return DEFINITIONS
    if _CHILD_SENTENCE.search(sentence):
        return CHILDREN
    if _APP_COLLECTS.search(sentence):
        return None
    if _USER_CONTENT.search(sentence):
        return "user content"
    if _USER_RIGHTS.search(sentence) and not _USER_PROVIDES.search(sentence):
        return RIGHTS
    return None
