"""Speaker-transition graphs of a group chat: validation, inversion and (optional) drawing.

A transition graph maps each agent to the agents that may speak after it. Drawing needs the `graph`
extra (networkx + matplotlib), imported only when `visualize_speaker_transitions_dict` is called.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Dict, List, Optional

if TYPE_CHECKING:
    from autogen.agentchat.agent import Agent

__all__ = [
    "has_self_loops",
    "check_graph_validity",
    "invert_disallowed_to_allowed",
    "visualize_speaker_transitions_dict",
]


def _agent_cls() -> type:
    # Imported at call time: graph_utils sits below agentchat, so it must not import it at load.
    from autogen.agentchat.agent import Agent

    return Agent


def has_self_loops(allowed_speaker_transitions: Dict) -> bool:
    """True when some agent may speak right after itself."""
    return any(source in targets for source, targets in allowed_speaker_transitions.items())


def check_graph_validity(allowed_speaker_transitions_dict: Dict, agents: List[Agent]) -> None:
    """Raise ValueError for a malformed graph; log warnings for suspicious (but legal) shapes."""
    if not isinstance(allowed_speaker_transitions_dict, dict):
        raise ValueError("allowed_speaker_transitions_dict must be a dictionary.")
    if not all(isinstance(targets, list) for targets in allowed_speaker_transitions_dict.values()):
        raise ValueError("allowed_speaker_transitions_dict must be a dictionary with lists as values.")
    if any(source not in agents for source in allowed_speaker_transitions_dict):
        raise ValueError("allowed_speaker_transitions_dict has keys not in agents.")
    agent_cls = _agent_cls()
    for targets in allowed_speaker_transitions_dict.values():
        if not all(isinstance(target, agent_cls) for target in targets):
            raise ValueError("allowed_speaker_transitions_dict has values that are not lists of Agents.")
    _warn_isolated(allowed_speaker_transitions_dict, agents)
    _warn_mismatch(allowed_speaker_transitions_dict, agents)
    _warn_duplicates(allowed_speaker_transitions_dict)


def _warn_isolated(graph: Dict, agents: List[Agent]) -> None:
    with_outgoing = {id(source) for source, targets in graph.items() if targets}
    with_incoming = {id(target) for targets in graph.values() for target in targets}
    isolated = [a for a in agents if id(a) not in with_outgoing and id(a) not in with_incoming]
    if isolated:
        logging.warning(
            "Warning: There are isolated agent nodes, there are not incoming nor outgoing edges. "
            f"Isolated agents: {[a.name for a in isolated]}"
        )


def _warn_mismatch(graph: Dict, agents: List[Agent]) -> None:
    # Agents that take part in some transition: sources with successors, and every successor.
    in_graph: Dict[int, Any] = {id(source): source for source, targets in graph.items() if targets}
    in_graph.update((id(target), target) for targets in graph.values() for target in targets)
    member_ids = {id(agent) for agent in agents}
    offending = [node for key, node in in_graph.items() if key not in member_ids]
    offending += [agent for agent in agents if id(agent) not in in_graph]
    if offending:
        logging.warning(
            "Warning: The set of agents in allowed_speaker_transitions do not match agents. "
            f"Offending agents: {[getattr(node, 'name', str(node)) for node in offending]}"
        )


def _warn_duplicates(graph: Dict) -> None:
    for source, targets in graph.items():
        duplicates: Dict[int, Any] = {}
        for index, target in enumerate(targets):
            if any(target is other for other in targets[:index]):
                duplicates[id(target)] = target
        if duplicates:
            names = [getattr(d, "name", str(d)) for d in duplicates.values()]
            logging.warning(
                f"Agent '{getattr(source, 'name', source)}' has duplicate elements: {names}. "
                "Please remove duplicates manually."
            )


def invert_disallowed_to_allowed(disallowed_speaker_transitions_dict: dict, agents: List[Agent]) -> dict:
    """Turn a 'may not follow' graph into a 'may follow' graph over all agents (self loops included)."""
    allowed = {agent: list(agents) for agent in agents}
    for source, banned in disallowed_speaker_transitions_dict.items():
        # a source outside `agents` raises KeyError, as in 0.2
        allowed[source] = [a for a in allowed[source] if a not in banned]
    return allowed


def visualize_speaker_transitions_dict(
    speaker_transitions_dict: dict, agents: List[Agent], export_path: Optional[str] = None
) -> None:
    """Draw the transition graph with networkx; save it to `export_path` or show it."""
    try:
        import matplotlib.pyplot as plt
        import networkx as nx
    except ImportError as e:
        # 0.2.40's text (it names the `graphs` extra of the old `autogen` package)
        logging.fatal("Failed to import networkx or matplotlib. Try running 'pip install autogen[graphs]'")
        raise e

    graph = nx.DiGraph()
    graph.add_nodes_from(agent.name for agent in agents)
    for source, targets in speaker_transitions_dict.items():
        for target in targets:
            graph.add_edge(source.name, target.name)
    nx.draw(graph, with_labels=True, font_weight="bold")
    if export_path is not None:
        plt.savefig(export_path)
    else:
        plt.show()


def __getattr__(name: str) -> Any:
    # 0.2 imports `Agent` into this module; it is resolved on access to keep the layers acyclic at import.
    if name == "Agent":
        return _agent_cls()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
