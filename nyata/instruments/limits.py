"""The YAML limits in force (nyata.core.limits, from the settings), as the scoring engine takes them."""

from nyata.core import limits
from nyata.scoring import YamlLimits


def yaml_limits() -> YamlLimits:
    return YamlLimits(
        max_bytes=limits.YAML_MAX_BYTES.current(),
        max_depth=limits.YAML_MAX_DEPTH.current(),
        max_nodes=limits.YAML_MAX_NODES.current(),
    )


def stored_yaml_limits() -> YamlLimits:
    """For a stored instrument's source: it passed the limits in force when it was loaded, and must stay
    readable if an administrator lowers them later; only the depth, which guards the stack, stays."""
    current = yaml_limits()
    return YamlLimits(
        max_bytes=2**62, max_depth=max(current.max_depth, YamlLimits().max_depth), max_nodes=2**62
    )
