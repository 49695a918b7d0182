"""A declared label as frozen objects, built on the declared-policy model (DataItem, ThirdParty).

The Play form names coarse data types ("Device or other IDs") while the Chinese lists name
precise ones, so "does the label declare this observed type?" is answered per label kind:
by the Play data type a taxonomy id falls under, or by the type itself and its umbrella terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from harness.labels.play_types import play_id
from harness.policy.model import DataItem, Provenance, ThirdParty

if TYPE_CHECKING:
    from harness.analysis.findings import Evidence


@cache
def _umbrella() -> dict[str, tuple[str, ...]]:
    """The analysis's umbrella terms (imported late: analysis imports this module)."""
    from harness.analysis.context import UMBRELLA

    return UMBRELLA


class LabelKind(StrEnum):
    PLAY = "play-csv"
    """Google Play data safety section, as exported by Play Console (CSV)."""
    PI_LIST = "pi-list"
    """个人信息收集清单."""
    SHARING_LIST = "sharing-list"
    """第三方信息共享清单 (SDK list)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A yes/no answer of the form, with the row it was read from."""

    value: bool
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class PlayDataType:
    """One Play data type as declared (PSL_DATA_TYPES_* row plus its PSL_DATA_USAGE_RESPONSES rows)."""

    psl_id: str
    collected: bool
    shared: bool
    ephemeral: bool | None
    required: bool | None
    collection_purposes: tuple[str, ...]
    sharing_purposes: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Label:
    kind: LabelKind
    source: str
    collected: tuple[DataItem, ...] = ()
    """Types declared collected (Play: the representative taxonomy id of each declared data type)."""
    shared: tuple[DataItem, ...] = ()
    """Play: types declared shared with third parties (the form names no recipient)."""
    third_parties: tuple[ThirdParty, ...] = ()
    """Sharing list: the named recipients and the types each receives."""
    collects_any: Answer | None = None
    """Play: "Does your app collect or share any of the required user data types?"."""
    encrypted_in_transit: Answer | None = None
    deletion_request: Answer | None = None
    play_types: tuple[PlayDataType, ...] = ()
    notes: tuple[str, ...] = ()
    """Cells the importer could not map ("FILE:ROW: '昵称' names no known data type")."""

    def label_key(self, data_type: str) -> str:
        """The unit this label declares a type in: the Play data type id, or the taxonomy id itself."""
        return play_id(data_type) if self.kind is LabelKind.PLAY else data_type

    def covers(self, item: DataItem | str, data_type: str) -> bool:
        declared = item if isinstance(item, str) else item.type
        if self.kind is LabelKind.PLAY:
            return play_id(declared) == play_id(data_type)
        return declared == data_type or data_type in _umbrella().get(declared, ())

    def collected_item(self, data_type: str) -> DataItem | None:
        return next((d for d in self.collected if self.covers(d, data_type)), None)

    def shared_item(self, data_type: str) -> DataItem | None:
        return next((d for d in self.shared if self.covers(d, data_type)), None)

    def party_for(self, actor: dict[str, Any]) -> ThirdParty | None:
        """The sharing-list entry naming an SDK/host actor (sdk id, package, domain or name)."""
        sdk_id, pkg, host, name = actor.get("sdk_id"), actor.get("package"), actor.get("host"), actor.get("name")
        for tp in self.third_parties:
            if ((sdk_id and tp.sdk_id == sdk_id) or (pkg and tp.covers_package(pkg))
                    or (host and tp.covers_host(host)) or (name and tp.name.lower() == str(name).lower())):
                return tp
        return None

    def party_covers(self, tp: ThirdParty, data_type: str) -> bool:
        return any(self.covers(t, data_type) for t in tp.data_types)

    def declared_keys(self) -> dict[str, set[str]]:
        """{"collected": keys, "shared": keys} in the label's own unit (for round trips and comparisons)."""
        return {"collected": {self.label_key(d.type) for d in self.collected},
                "shared": {self.label_key(d.type) for d in self.shared}
                | {self.label_key(t) for tp in self.third_parties for t in tp.data_types}}

    def where(self) -> Provenance:
        """The label as a whole (for findings about something it does not contain)."""
        return Provenance(self.source, 0, "")


def label_evidence(label: Label, prov: Provenance | None, what: str, value: Any) -> Evidence:
    """Evidence citing a label row: kind static (a declaration), ref label:FILE:ROW."""
    from harness.analysis.findings import Evidence

    p = prov or label.where()
    return Evidence(kind="static", ref=f"label:{p.file}:{p.row}",
                    data={"label": str(label.kind), "file": p.file, "row": p.row, "column": p.column,
                          "declares": what, "value": value})
