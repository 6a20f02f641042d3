"""LLM response caching: the `Cache` facade and its backends (disk, in-memory, Redis, Cosmos DB)."""

from .abstract_cache_base import AbstractCache
from .cache import Cache

__all__ = ["Cache", "AbstractCache"]
