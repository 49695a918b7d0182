"""Data types as frozen objects, loaded once from the shipped YAML."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from harness.errors import PolicyError

SENSITIVE_CATEGORIES = frozenset(
    {"biometrics", "religion", "specific_identity", "medical_health", "financial_account",
     "whereabouts", "minors", "other_sensitive"}
)
"""PIPL Art. 28 categories; `other_sensitive` covers GB/T 35273 Annex B items (contacts, SMS, ...)."""


@dataclass(frozen=True, slots=True)
class DataType:
    id: str
    zh: str
    en: str
    group: str
    sensitive: str | None = None
    """PIPL Art. 28 category, or None when not sensitive."""
    hardware_id: bool = False
    """Non-resettable device identifier (TC260-PG-20204A 3.2 g/h)."""
    resettable_id: bool = False
    permission_group: str | None = None
    synonyms: tuple[str, ...] = ()

    @property
    def is_sensitive(self) -> bool:
        return self.sensitive is not None

    def name(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


class Taxonomy:
    """Lookup by id, with a clear error for ids that do not exist."""

    def __init__(self, types: list[DataType], not_data_types: tuple[str, ...] = ()) -> None:
        self._by_id = {t.id: t for t in types}
        self.not_data_types = not_data_types
        """Phrases that contain a synonym but name no data type (the YAML's `not_data_types`)."""
        self._by_group: dict[str, tuple[str, ...]] = {}
        for t in types:
            if t.permission_group:
                self._by_group[t.permission_group] = (*self._by_group.get(t.permission_group, ()), t.id)

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._by_id

    def __iter__(self):  # noqa: ANN204 - iterator of DataType
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, type_id: str) -> DataType:
        try:
            return self._by_id[type_id]
        except KeyError:
            raise PolicyError(f"unknown data type {type_id!r}") from None

    def maybe(self, type_id: str | None) -> DataType | None:
        return self._by_id.get(type_id) if type_id else None

    def in_permission_group(self, group: str | None) -> tuple[str, ...]:
        """Ids whose `permission_group` is `group`, in file order (() for None or an unknown group)."""
        return self._by_group.get(group, ()) if group else ()


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read a taxonomy YAML (the shipped one by default) into a Taxonomy."""
    if path is None:
        text = resources.files("harness.taxonomy").joinpath("data_types.yaml").read_text(encoding="utf-8")
        where = "harness/taxonomy/data_types.yaml"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    raw = yaml.safe_load(text) or {}
    types = []
    for i, item in enumerate(raw.get("data_types", [])):
        try:
            sens = item.get("sensitive")
            if sens is not None and sens not in SENSITIVE_CATEGORIES:
                raise ValueError(f"unknown sensitivity {sens!r}")
            types.append(DataType(
                id=item["id"], zh=item["zh"], en=item["en"], group=item["group"], sensitive=sens,
                hardware_id=bool(item.get("hardware_id", False)),
                resettable_id=bool(item.get("resettable_id", False)),
                permission_group=item.get("permission_group"),
                synonyms=tuple(str(s) for s in item.get("synonyms", [])),
            ))
        except (KeyError, TypeError, ValueError) as e:
            raise PolicyError(f"{where}: data type #{i + 1}: {e}") from e
    return Taxonomy(types, tuple(str(p) for p in raw.get("not_data_types") or ()))


@cache
def taxonomy() -> Taxonomy:
    """The shipped taxonomy, loaded once."""
    return load_taxonomy()
