"""UI exploration: abstract screen states, a privacy-ranked breadth-first frontier, and the site map rules read."""

from harness.explore.explorer import Budget, Explorer, ExploreResult
from harness.explore.state import ScreenState, abstract_state

__all__ = ["Budget", "ExploreResult", "Explorer", "ScreenState", "abstract_state"]
