"""Declared labels: the store's data safety form and the Chinese 个人信息收集清单 / 第三方信息共享清单.

Importers turn each into a `Label` (declared-policy items with file/row/column provenance);
exporters write one from what a run observed, so a developer can correct the declaration.
"""

from harness.labels.model import Answer, Label, LabelKind, PlayDataType

__all__ = ["Answer", "Label", "LabelKind", "PlayDataType"]
