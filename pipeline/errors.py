"""Errors of the pipeline package and the exit codes the CLI maps them to.

Hierarchy::

    YuqingError                 exit 1 (runtime failure)
    ├── ConfigError             exit 2: a config file / key / value is wrong (names all three)
    ├── InputError              exit 2: a data file or argument given by the user is unusable
    └── SchemaError             a message does not match schema v1 (per record: goes to the DLQ)
"""

from __future__ import annotations


class YuqingError(Exception):
    exit_code = 1


class ConfigError(YuqingError):
    """A configuration problem, located: file, key (dotted path) and what is wrong."""

    exit_code = 2

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}")


class InputError(YuqingError):
    exit_code = 2


class SchemaError(YuqingError):
    """One record does not validate against schema v1."""
