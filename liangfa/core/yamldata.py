"""Reading the packaged YAML data: libyaml's C loader where PyYAML was built with it (about ten times faster
than the pure-Python one; the thresholds alone took 0.8 s to parse per process), the safe loader either way."""

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    """yaml.safe_load, through the C loader when there is one."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 — a safe loader, C or Python
