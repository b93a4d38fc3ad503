"""助企走访台账 (zhuqi): the domain, rules and services. Imports no Qt."""

__version__ = "0.1.0"
