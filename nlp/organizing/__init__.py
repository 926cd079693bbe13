"""Collective-organizing detection: calls to gather, petition, join a 维权 group or run a campaign."""

from nlp.organizing.detector import OrganizingDetector, OrganizingResult

__all__ = ["OrganizingDetector", "OrganizingResult"]
