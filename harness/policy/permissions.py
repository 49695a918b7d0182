"""Android permissions a policy says the app asks for ("我们会申请相机权限，用于扫描二维码").

A permission is not a data type: 电话权限 (READ_PHONE_STATE) yields device identifiers, 存储权限 yields
whatever files the app reads, and a permission list states access and its purpose, not collection.
So permissions are drafted apart from data items, each under its Android permission group
(the names of TC260-PG-20204A Annex A, as in harness/taxonomy/permissions.yaml; manifest names such as
android.permission.READ_PHONE_STATE are looked up there, the policy's words by keyword), with the purpose
the policy gives and the one sentence or table row that names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from harness.taxonomy.permissions import full_name
from harness.taxonomy.permissions import group_of as permission_group_of

# Permission words -> Android permission group; first match wins (读取电话状态 before 读取).
_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("CALL_LOG", re.compile(r"通话记录|call[ _]log", re.IGNORECASE)),
    ("SMS", re.compile(r"短信|\bSMS\b|text messag", re.IGNORECASE)),
    ("CONTACTS", re.compile(r"通讯录|联系人|通信录|contacts?\b|address book|GET_ACCOUNTS", re.IGNORECASE)),
    ("CALENDAR", re.compile(r"日历|日程|calendar", re.IGNORECASE)),
    ("MICROPHONE", re.compile(r"麦克风|录音|话筒|语音|microphone|RECORD_AUDIO|audio", re.IGNORECASE)),
    ("PHONE", re.compile(r"电话|手机状态|设备信息|拨打|READ_PHONE|\bphone|CALL_PHONE", re.IGNORECASE)),
    ("LOCATION", re.compile(r"位置|定位|地理|GPS|location", re.IGNORECASE)),
    ("CAMERA", re.compile(r"相机|摄像头|拍照|拍摄|camera", re.IGNORECASE)),
    ("STORAGE", re.compile(r"存储|相册|照片|图片|媒体|文件|storage|photos?|media|album|files?\b|EXTERNAL_STORAGE",
                           re.IGNORECASE)),
    ("NEARBY_DEVICES", re.compile(r"蓝牙|附近设备|bluetooth|nearby", re.IGNORECASE)),
    ("SENSORS", re.compile(r"传感器|身体传感|sensor|BODY_SENSORS", re.IGNORECASE)),
    ("ACTIVITY_RECOGNITION", re.compile(r"健身运动|身体活动|运动数据|活动识别|physical activity|ACTIVITY_RECOGNITION",
                                        re.IGNORECASE)),
    ("NOTIFICATIONS", re.compile(r"通知|notification", re.IGNORECASE)),
    ("SYSTEM_ALERT_WINDOW", re.compile(r"悬浮窗|显示在其他应用|overlay|SYSTEM_ALERT_WINDOW", re.IGNORECASE)),
    ("INSTALL_PACKAGES", re.compile(r"安装未知应用|安装应用|REQUEST_INSTALL_PACKAGES", re.IGNORECASE)),
)
# "相机/摄像头权限", "读取电话状态权限", "camera permission", "android.permission.CAMERA".
_MENTION = re.compile(
    r"([\u4e00-\u9fffA-Za-z/（）()、]{1,14}?)(?:的)?(?:系统)?(?:访问|使用|调用)?权限"
    r"|\b((?:[A-Za-z]+[ /-]){0,3}[A-Za-z]+) permissions?\b"
    r"|android\.permission\.([A-Z_]+)"
    r"|\b((?:ACCESS_(?:FINE|COARSE)_LOCATION|READ_PHONE_STATE|RECORD_AUDIO|READ_CONTACTS|READ_SMS|READ_CALL_LOG|"
    r"READ_CALENDAR|(?:READ|WRITE)_EXTERNAL_STORAGE|READ_MEDIA_\w+|BLUETOOTH_\w+|POST_NOTIFICATIONS|BODY_SENSORS))\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Permission:
    group: str
    words: str
    """The policy's own name for it (相机权限)."""
    purpose: str = ""
    source: dict[str, None] = field(default_factory=dict)


def group_of(words: str) -> str | None:
    for group, rx in _GROUPS:
        if rx.search(words):
            return group
    return None


_VERBS = re.compile(r"[的会将要申请开启打开授权获取调用使用访问您你我们请在时后并，,。；;：:]|\b(?:the|your|our|to|for|of|ask|request|use|grant)\b", re.IGNORECASE)
_PARTS = re.compile(r"[、/和及或与,]|\band\b|\bor\b", re.IGNORECASE)


def find_permissions(sentence: str) -> Iterator[tuple[str, str, int, int]]:
    """(group, words, start, end) for each permission the sentence names with a known group.

    "我们会申请相机、麦克风权限" names two: only the words after the last verb are the permission's
    name, split at 、/和/or.
    """
    for m in _MENTION.finditer(sentence):
        index = next(i for i, g in enumerate(m.groups(), 1) if g is not None)
        words = m.group(index)
        if index >= 3:  # a manifest name: the harness's one permission table decides its group
            group = permission_group_of(full_name(words.upper()))
            if group is not None:
                yield group, m.group(0), m.start(), m.end()
                continue
        tail = _VERBS.split(words)[-1].strip() or words
        start = m.start(index) + len(words) - len(tail)  # the name only: a cue before it may negate it
        seen: set[str] = set()
        for part in _PARTS.split(tail):
            group = group_of(part) if part.strip() else None
            if group is not None and group not in seen:
                seen.add(group)
                yield group, sentence[start:m.end()], start, m.end()
