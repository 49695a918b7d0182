"""The personal-information taxonomy: one list of data type ids the whole harness uses.

Loaded from data_types.yaml (data, not code). Every hook entry, policy item, baseline and
finding names its data type by one of these ids; `get(id)` raises for an unknown id.
"""

from harness.taxonomy.model import DataType, Taxonomy, load_taxonomy, taxonomy

__all__ = ["DataType", "Taxonomy", "load_taxonomy", "taxonomy"]
