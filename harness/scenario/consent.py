"""Find the privacy-consent dialog (and the system permission prompt) in a uiautomator dump.

A consent dialog is a screen that mentions the policy (隐私政策, 个人信息, privacy policy, ...)
and offers an agree and/or a decline control. Decline words are checked first because
"不同意" contains "同意" and "Disagree" contains "agree". Buttons drawn as images count
through their content-desc. A consent checkbox that is already ticked is reported: the
user did not tick it (认定方法 3.4: consent by default ticking is not consent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.device.uiautomator import UiDump, UiNode

STRONG_POLICY_WORDS: tuple[str, ...] = (
    "隐私政策", "隐私协议", "隐私保护指引", "隐私保护政策", "隐私权政策", "个人信息保护", "用户协议", "服务协议",
    "用户服务协议", "privacy policy", "privacy notice", "terms of service", "terms of use", "personal data",
    "personal information", "data protection",
)
"""Name the policy itself: enough on their own."""
WEAK_POLICY_WORDS: tuple[str, ...] = ("隐私", "个人信息", "privacy", "cookies")
"""Count only inside prose (a settings row called 隐私设置 is not a consent dialog)."""
PROSE_LENGTH = 20
AGREE_WORDS: tuple[str, ...] = (
    "同意", "同意并继续", "我已阅读并同意", "同意并进入", "同意并使用", "同意协议", "同意并开始使用", "同意隐私政策",
    "接受", "接受并继续", "我同意", "好的", "确定", "继续使用",
    "agree", "i agree", "agree and continue", "accept", "accept all", "accept and continue", "i accept",
    "allow", "continue", "ok", "got it", "yes",
)
DECLINE_WORDS: tuple[str, ...] = (
    "不同意", "不同意并退出", "暂不同意", "拒绝", "拒绝并退出", "暂不使用", "仅浏览", "仅浏览模式", "退出", "退出应用",
    "不同意，仅浏览", "以后再说", "取消", "不接受",
    "decline", "reject", "reject all", "disagree", "i disagree", "don't agree", "do not agree", "not now",
    "no thanks", "exit", "quit", "cancel", "refuse", "deny", "no",
)
CHECKBOX_CLASSES = ("CheckBox", "CheckedTextView", "Switch", "RadioButton")
PERMISSION_PACKAGES = ("com.android.permissioncontroller", "com.google.android.permissioncontroller",
                       "com.android.packageinstaller")
_ALLOW_IDS = ("permission_allow_button", "permission_allow_foreground_only_button",
              "permission_allow_one_time_button")
_DENY_IDS = ("permission_deny_button", "permission_deny_and_dont_ask_again_button")
_PUNCT = re.compile(r"[\s\u3000《》<>「」【】\[\]()（）.,，。!！?？:：'\"“”’‘·•>-]+")


def normalise(label: str) -> str:
    return _PUNCT.sub("", label).lower()


_AGREE = {normalise(w) for w in AGREE_WORDS}
_DECLINE = {normalise(w) for w in DECLINE_WORDS}


def classify_label(label: str) -> str | None:
    """"agree", "decline" or None for a button label (short labels only: long ones are prose)."""
    norm = normalise(label)
    if not norm or len(norm) > 24:
        return None
    if norm in _DECLINE:
        return "decline"
    if norm in _AGREE:
        return "agree"
    # Compound labels such as "不同意，退出应用" or "同意并继续使用": decline words win.
    if len(norm) <= 12:
        if any(w in norm for w in ("不同意", "拒绝", "暂不", "仅浏览", "退出", "disagree", "decline", "reject")):
            return "decline"
        if any(w in norm for w in ("同意", "接受", "agree", "accept")):
            return "agree"
    return None


@dataclass(frozen=True, slots=True)
class ConsentDialog:
    found: bool
    agree: UiNode | None = None
    decline: UiNode | None = None
    checkbox: UiNode | None = None
    policy_words: tuple[str, ...] = ()
    excerpt: str = ""

    @property
    def pre_ticked(self) -> bool | None:
        return None if self.checkbox is None else self.checkbox.checked

    def detail(self) -> dict[str, object]:
        """The policy_shown marker's detail."""
        return {
            "policy_words": list(self.policy_words),
            "agree": self.agree.label if self.agree else None,
            "decline": self.decline.label if self.decline else None,
            "checkbox": self.checkbox is not None,
            "pre_ticked": self.pre_ticked,
            "excerpt": self.excerpt,
        }


def _is_button(node: UiNode) -> bool:
    return node.clickable or any(k in node.cls for k in ("Button", "TextView", "ImageView"))


def find_consent(dump: UiDump) -> ConsentDialog:
    """The consent dialog on screen, or ConsentDialog(found=False)."""
    words: list[str] = []
    for node in dump.nodes:
        label = node.label.lower()
        for w in STRONG_POLICY_WORDS:
            if w in label and w not in words:
                words.append(w)
        if len(node.label) >= PROSE_LENGTH:
            words.extend(w for w in WEAK_POLICY_WORDS if w in label and w not in words)
    agree = decline = checkbox = None
    for node in dump.nodes:
        if any(c in node.cls for c in CHECKBOX_CLASSES) or node.checkable:
            if checkbox is None:
                checkbox = node
            continue
        if not node.label or not _is_button(node) or not node.enabled:
            continue
        kind = classify_label(node.label)
        if kind == "agree" and agree is None:
            agree = node
        elif kind == "decline" and decline is None:
            decline = node
    found = bool(words) and (agree is not None or decline is not None)
    excerpt = " ".join(n.label for n in dump.nodes if n.label and len(n.label) > 12)[:200]
    return ConsentDialog(found, agree if found else None, decline if found else None,
                         checkbox if found else None, tuple(words), excerpt if found else "")


BLOCKING_PHRASES: tuple[str, ...] = (
    "同意后才能", "同意后方可", "需要您同意", "需同意", "请先同意", "请同意", "无法继续使用", "无法使用", "不能使用",
    "将无法为您提供服务", "无法为您提供服务", "无法提供服务", "才能继续使用", "方可使用",
    "must agree", "must accept", "need to agree", "need to accept", "needs your consent", "required to continue",
    "cannot use", "can't use", "unable to use", "to continue using", "agree to continue", "accept to continue",
)
"""Phrases of a screen that refuses service until the user consents (认定方法 4.2: blocked basic function)."""


def find_blocking(dump: UiDump) -> str | None:
    """The blocking phrase on a screen that withholds the app after a decline, or None.

    Only a screen that is NOT the consent dialog itself counts (a dialog coming back is the
    "loop" case, found by find_consent), and only when it names the refusal outright.
    """
    if find_consent(dump).found:
        return None
    text = " ".join(n.label for n in dump.nodes if n.label).lower()
    return next((p for p in BLOCKING_PHRASES if p in text), None)


@dataclass(frozen=True, slots=True)
class PermissionPrompt:
    found: bool
    allow: UiNode | None = None
    deny: UiNode | None = None
    message: str = ""
    permissions: tuple[str, ...] = field(default=())


def find_permission_prompt(dump: UiDump) -> PermissionPrompt:
    """The system runtime-permission dialog (permission controller), by its resource ids."""
    allow = deny = None
    message = ""
    perms: list[str] = []
    for node in dump.nodes:
        rid = node.resource_id.rsplit("/", 1)[-1]
        if node.package and node.package not in PERMISSION_PACKAGES:
            continue
        if rid in _ALLOW_IDS and allow is None:
            allow = node
        elif rid in _DENY_IDS and (deny is None or rid == _DENY_IDS[0]):
            deny = node
        elif rid == "permission_message":
            message = node.label
        perms.extend(re.findall(r"android\.permission\.[A-Z_]+", node.label))
    return PermissionPrompt(allow is not None or deny is not None, allow, deny, message, tuple(perms))


PURPOSE_WORDS: tuple[str, ...] = (
    "用于", "用来", "以便", "为了", "目的", "使用说明", "需要获取", "需要使用", "需要访问", "申请",
    "used to", "used for", "so that", "to let", "in order to", "purpose", "needed to", "needed for", "we use",
)
"""A rationale says what the permission is for (TC260-PG-20204A 3.2(b): purpose told at request time)."""
PERMISSION_TOPICS: dict[str, tuple[str, ...]] = {
    "storage": ("照片", "相册", "图片", "存储", "文件", "媒体", "photo", "media", "storage", "file", "picture", "image"),
    "location": ("位置", "定位", "location"),
    "camera": ("相机", "拍照", "摄像", "扫码", "camera"),
    "microphone": ("麦克风", "录音", "语音", "microphone", "audio"),
    "contacts": ("通讯录", "联系人", "contacts"),
    "phone": ("电话", "设备信息", "phone"),
    "sms": ("短信", "sms", "messages"),
    "calendar": ("日历", "calendar"),
}


def _topics(text: str) -> set[str]:
    low = text.lower()
    return {topic for topic, words in PERMISSION_TOPICS.items() if any(w in low for w in words)}


def find_rationale(prompt: UiDump, before: UiDump | None, app_package: str,
                   prompt_text: str = "") -> str | None:
    """The app's own text that explains the permission being asked (on screen with the prompt, or just
    before it), or None. It must name a purpose and either the permission's topic or the word 权限/permission."""
    topics = _topics(prompt_text or prompt.text)
    for dump in (prompt, before):
        if dump is None:
            continue
        for node in dump.nodes:
            if node.package != app_package or not node.label:
                continue
            low = node.label.lower()
            if not any(w in low for w in PURPOSE_WORDS):
                continue
            if "权限" in low or "permission" in low or (_topics(low) & topics):
                return node.label
    return None
