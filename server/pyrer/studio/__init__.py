"""What rez sees: its configuration, the packages paths and the repository rules, for every pyrer caller."""

from pyrer.studio.config import StudioConfig, describe, read_studio_config  # noqa: F401
from pyrer.studio.studio import FamilyError, FamilyView, PackageProblem, Studio  # noqa: F401

__all__ = ["StudioConfig", "Studio", "FamilyView", "FamilyError", "PackageProblem", "read_studio_config", "describe"]
