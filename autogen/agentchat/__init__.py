"""Agents and chats: the core of autogen."""

from .agent import Agent
from .assistant_agent import AssistantAgent
from .chat import ChatResult, initiate_chats
from .conversable_agent import ConversableAgent, register_function
from .groupchat import GroupChat, GroupChatManager
from .user_proxy_agent import UserProxyAgent
from .utils import gather_usage_summary

__all__ = [
    "Agent",
    "ConversableAgent",
    "AssistantAgent",
    "UserProxyAgent",
    "GroupChat",
    "GroupChatManager",
    "register_function",
    "initiate_chats",
    "gather_usage_summary",
    "ChatResult",
]
