"""thesis.yaml: the schema and its loader."""

from .loader import CONFIG_NAME, config_positions, load_config, parse_config, yaml_positions
from .schema import Thesis

__all__ = ["CONFIG_NAME", "Thesis", "config_positions", "load_config", "parse_config",
           "yaml_positions"]
