"""thesis.yaml: the schema and its loader."""

from .loader import CONFIG_NAME, load_config, parse_config, yaml_positions
from .schema import Thesis

__all__ = ["CONFIG_NAME", "Thesis", "load_config", "parse_config", "yaml_positions"]
