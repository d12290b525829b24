"""Errors raised by the kinship engine on bad input."""

from __future__ import annotations


class KinshipInputError(ValueError):
    """Input (a file, a genotype, a pedigree) that the engine cannot use.

    The message names the source, line and marker when they are known, so that the command
    line can print it as it is.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        marker: str | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.marker = marker
        self.detail = message
        where = []
        if source is not None:
            where.append(source if line is None else f"{source} line {line}")
        elif line is not None:
            where.append(f"line {line}")
        if marker is not None:
            where.append(f"marker {marker}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ImpossibleComputation(ValueError):
    """A computation the engine does not support for this input (stated in the message)."""
