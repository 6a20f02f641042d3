"""GraphRagCapability: the hook for giving an agent graph RAG (a stub at 0.2.40, kept for API compatibility)."""

from __future__ import annotations

from ...conversable_agent import ConversableAgent
from ..capabilities.agent_capability import AgentCapability
from .graph_query_engine import GraphQueryEngine

__all__ = ("GraphRagCapability",)


class GraphRagCapability(AgentCapability):
    """Holds a graph query engine for an agent; concrete graph RAG capabilities build on it."""

    def __init__(self, query_engine: GraphQueryEngine) -> None:
        """Keep the engine (0.2.40 defines no behaviour here yet)."""

    def add_to_agent(self, agent: ConversableAgent) -> None:
        """Nothing to attach in 0.2.40; subclasses register their hooks or replies."""
