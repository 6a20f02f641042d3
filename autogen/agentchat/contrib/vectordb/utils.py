"""Helpers shared by the vector database backends: a colour-aware logger and result conversions."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Mapping, Optional

from termcolor import colored

from .base import QueryResults

__all__ = ("ColoredLogger", "chroma_results_to_query_results", "filter_results_by_distance", "get_logger")


class ColoredLogger(logging.Logger):
    """A Logger whose methods take `color=`; warnings, errors and criticals have a colour by default."""

    def _colored(self, level: int, msg: Any, color: Optional[str], args: Any, kwargs: Any) -> None:
        if self.isEnabledFor(level):
            text = colored(str(msg), color) if color else msg
            kwargs.setdefault("stacklevel", 3)
            self._log(level, text, args, **kwargs)

    def debug(self, msg: Any, *args: Any, color: Optional[str] = None, **kwargs: Any) -> None:
        self._colored(logging.DEBUG, msg, color, args, kwargs)

    def info(self, msg: Any, *args: Any, color: Optional[str] = None, **kwargs: Any) -> None:
        self._colored(logging.INFO, msg, color, args, kwargs)

    def warning(self, msg: Any, *args: Any, color: str = "yellow", **kwargs: Any) -> None:
        self._colored(logging.WARNING, msg, color, args, kwargs)

    def error(self, msg: Any, *args: Any, color: str = "light_red", **kwargs: Any) -> None:
        self._colored(logging.ERROR, msg, color, args, kwargs)

    def critical(self, msg: Any, *args: Any, color: str = "red", **kwargs: Any) -> None:
        self._colored(logging.CRITICAL, msg, color, args, kwargs)

    def fatal(self, msg: Any, *args: Any, color: str = "red", **kwargs: Any) -> None:
        self._colored(logging.CRITICAL, msg, color, args, kwargs)


def get_logger(name: str, level: int = logging.INFO) -> ColoredLogger:
    """A `ColoredLogger` named `name` that prints time, name and level to stderr."""
    previous = logging.getLoggerClass()
    logging.setLoggerClass(ColoredLogger)
    try:
        logger = logging.getLogger(name)
    finally:
        logging.setLoggerClass(previous)
    if not isinstance(logger, ColoredLogger):  # created earlier as a plain Logger: give it our methods
        logger.__class__ = ColoredLogger
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
        logger.addHandler(handler)
    return logger  # type: ignore[return-value]


def filter_results_by_distance(results: QueryResults, distance_threshold: float = -1) -> QueryResults:
    """Keep only pairs closer than `distance_threshold`; a threshold <= 0 keeps everything."""
    if distance_threshold <= 0:
        return results
    return [[pair for pair in per_query if pair[1] < distance_threshold] for per_query in results]


def chroma_results_to_query_results(data_dict: Mapping[str, Any], special_key: str = "distances") -> QueryResults:
    """Turn chromadb's column-wise query result into `QueryResults` rows.

    Every non-empty list-of-lists column except `special_key` becomes a document field named without its
    plural "s" (ids -> id, contents -> content, metadatas -> metadata); `special_key` gives the distances.
    """
    columns: Dict[str, Any] = {
        key: value
        for key, value in data_dict.items()
        if key != special_key and value is not None and len(value) > 0 and isinstance(value[0], list)
    }
    distances = data_dict[special_key]
    results: QueryResults = []
    for query_index, query_distances in enumerate(distances):
        rows: List[Any] = []
        for position, distance in enumerate(query_distances):
            doc = {key[:-1]: column[query_index][position] for key, column in columns.items()}
            rows.append((doc, distance))
        results.append(rows)
    return results


logger = get_logger(__name__)
