"""WebSurferAgent: an agent that answers by browsing, through an inner assistant that calls browser tools.

Each reply runs a private two-agent chat: an inner assistant (the LLM) calls tools such as `visit_page`,
`page_down` or `find_on_page_ctrl_f`, and an inner user proxy runs them on a Markdown text browser.
"""

from __future__ import annotations

import copy
import logging
import re
import warnings
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from typing_extensions import Annotated

from ...browser_utils import AbstractMarkdownBrowser, BingMarkdownSearch, RequestsMarkdownBrowser
from ...oai.client import OpenAIWrapper
from ...token_count_utils import count_token, get_max_token_limit
from ..agent import Agent
from ..assistant_agent import AssistantAgent
from ..conversable_agent import ConversableAgent
from ..user_proxy_agent import UserProxyAgent

__all__ = ("WebSurferAgent",)

logger = logging.getLogger(__name__)

_RULE = "\n=======================\n"
_PREFERRED_SUMMARIZER_MODELS = ["gpt-3.5-turbo-1106", "gpt-3.5-turbo-16k-0613", "gpt-3.5-turbo-16k"]
_SUMMARY_SYSTEM = "You condense long documents so that a question about them can be answered from the summary."


def _never_terminate(message: Dict[str, Any]) -> bool:
    return False


class WebSurferAgent(ConversableAgent):
    """An agent with a text web browser: it can search, open pages and files, scroll, find text, and summarise."""

    DEFAULT_PROMPT = (
        "You are a helpful AI assistant with access to a web browser, which you operate by calling the functions "
        "you are given. In this team you are the only member who can browse the web, so use the browser whenever "
        "a request needs current or online information, and answer from what the pages actually say."
    )

    DEFAULT_DESCRIPTION = (
        "A helpful assistant with access to a web browser. Ask it to run web searches, open pages (Wikipedia "
        "included), download files, scroll up or down a page, find text on a page, answer questions about a page, "
        "or summarise one."
    )

    def __init__(
        self,
        name: str,
        system_message: Optional[Union[str, List[str]]] = DEFAULT_PROMPT,
        description: Optional[str] = DEFAULT_DESCRIPTION,
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = None,
        max_consecutive_auto_reply: Optional[int] = None,
        human_input_mode: str = "TERMINATE",
        function_map: Optional[Dict[str, Callable]] = None,
        code_execution_config: Union[Dict, bool] = False,
        llm_config: Optional[Union[Dict, bool]] = None,
        summarizer_llm_config: Optional[Union[Dict, bool]] = None,
        default_auto_reply: Optional[Union[str, Dict, None]] = "",
        browser_config: Optional[Union[Dict, None]] = None,
        browser: Optional[AbstractMarkdownBrowser] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=name,
            system_message=system_message,
            description=description,
            is_termination_msg=is_termination_msg,
            max_consecutive_auto_reply=max_consecutive_auto_reply,
            human_input_mode=human_input_mode,
            function_map=function_map,
            code_execution_config=code_execution_config,
            llm_config=llm_config,
            default_auto_reply=default_auto_reply,
            **kwargs,
        )
        self._create_summarizer_client(summarizer_llm_config, llm_config)
        self.browser = self._make_browser(browser_config, browser)

        inner_llm_config = copy.deepcopy(llm_config)
        self._assistant = AssistantAgent(
            self.name + "_inner_assistant",
            system_message=system_message,  # type: ignore[arg-type]
            llm_config=inner_llm_config,
            is_termination_msg=_never_terminate,
        )
        self._user_proxy = UserProxyAgent(
            self.name + "_inner_user_proxy",
            human_input_mode="NEVER",
            code_execution_config=False,
            default_auto_reply="",
            is_termination_msg=_never_terminate,
        )
        if inner_llm_config not in (None, False):
            self._register_functions()

        # Each registration goes to the front: termination/human input, then function calls, code, browsing.
        self.register_reply([Agent, None], WebSurferAgent.generate_surfer_reply, remove_other_reply_funcs=True)
        self.register_reply([Agent, None], ConversableAgent.generate_code_execution_reply)
        self.register_reply([Agent, None], ConversableAgent.generate_function_call_reply)
        self.register_reply([Agent, None], ConversableAgent.check_termination_and_human_reply)

    # ------------------------------------------------------------------ construction helpers
    def _create_summarizer_client(self, summarizer_llm_config: Any, llm_config: Any) -> None:
        """The summariser's config: its own, else a copy of the agent's, narrowed to long-context models."""
        if summarizer_llm_config is None:
            summarizer_llm_config = copy.deepcopy(llm_config)
        if isinstance(summarizer_llm_config, dict) and "config_list" in summarizer_llm_config:
            summarizer_llm_config = dict(summarizer_llm_config)
            configs = summarizer_llm_config["config_list"]
            preferred = [c for c in configs if c.get("model") in _PREFERRED_SUMMARIZER_MODELS]
            if preferred:
                summarizer_llm_config["config_list"] = preferred
            else:
                logger.warning(
                    "None of the models in the WebSurferAgent's summarizer config list is one of the preferred "
                    f"long-context models {_PREFERRED_SUMMARIZER_MODELS}; using the list as given."
                )
        self.summarizer_llm_config = summarizer_llm_config
        # 0.2 crashed with a TypeError on None here; no summariser is the useful reading.
        if summarizer_llm_config in (None, False):
            self.summarization_client: Optional[OpenAIWrapper] = None
        else:
            self.summarization_client = OpenAIWrapper(**summarizer_llm_config)

    @staticmethod
    def _make_browser(
        browser_config: Optional[Dict[str, Any]], browser: Optional[AbstractMarkdownBrowser]
    ) -> Optional[AbstractMarkdownBrowser]:
        if browser_config is not None and browser is not None:
            raise ValueError(
                "WebSurferAgent cannot accept both a 'browser_config' (deprecated) parameter and 'browser' parameter "
                "at the same time. Use only one or the other."
            )
        if browser_config is None:
            return browser
        warnings.warn(
            "WebSurferAgent's 'browser_config' parameter is deprecated: build a browser from autogen.browser_utils "
            "(e.g. RequestsMarkdownBrowser) and pass it as 'browser' instead.",
            DeprecationWarning,
            stacklevel=3,
        )
        config = dict(browser_config)
        key = config.pop("bing_api_key", None)
        if "search_engine" not in config:
            config["search_engine"] = (
                BingMarkdownSearch(bing_api_key=key, interleave_results=False) if key else BingMarkdownSearch()
            )
        if "request_kwargs" in config:
            config["requests_get_kwargs"] = config.pop("request_kwargs")
        return RequestsMarkdownBrowser(**config)

    # ------------------------------------------------------------------ tools
    def _browser_state(self) -> str:
        """The tools' answer: address, title and viewport position, a rule, then the visible text."""
        browser = self._require_browser()
        header = f"Address: {browser.address}\n"
        title = getattr(browser, "page_title", None)
        if title is not None:
            header += f"Title: {title}\n"
        current = getattr(browser, "viewport_current_page", 0)
        total = len(getattr(browser, "viewport_pages", [None]))
        header += f"Viewport position: Showing page {current + 1} of {total}.\n"
        return header.strip() + _RULE + browser.viewport

    def _require_browser(self) -> AbstractMarkdownBrowser:
        if self.browser is None:
            raise ValueError("This WebSurferAgent has no browser: pass 'browser' (or 'browser_config') to it.")
        return self.browser

    def _not_found(self, what: str) -> str:
        return self._browser_state().split(_RULE, 1)[0] + _RULE + what

    def _register_functions(self) -> None:
        """Offer the browser tools to the inner assistant, and let the inner proxy run them."""
        for name, description, func in self._tools():
            self._assistant.register_for_llm(name=name, description=description)(func)
            self._user_proxy.register_for_execution(name=name)(func)

    def _search_tools(self) -> List[Tuple[str, str, Callable[..., str]]]:
        def informational_web_search(query: Annotated[str, "The informational web search query to perform."]) -> str:
            self._require_browser().visit_page(f"search: {query}")
            return self._browser_state()

        def navigational_web_search(query: Annotated[str, "The navigational web search query to perform."]) -> str:
            browser = self._require_browser()
            browser.visit_page(f"search: {query}")
            first_link = re.search(r"\[.*?\]\((http.*?)\)", browser.page_content)
            if first_link:
                browser.visit_page(first_link.group(1))
            return self._browser_state()

        return [
            (
                "informational_web_search",
                "Run a web search for information and show the results page.",
                informational_web_search,
            ),
            ("navigational_web_search", "Run a web search and go straight to the top result.", navigational_web_search),
        ]

    def _tools(self) -> List[Tuple[str, str, Callable[..., str]]]:
        def visit_page(url: Annotated[str, "The relative or absolute url of the webapge to visit."]) -> str:
            self._require_browser().visit_page(url)
            return self._browser_state()

        def download_file(url: Annotated[str, "The relative or absolute url of the file to be downloaded."]) -> str:
            self._require_browser().visit_page(url)
            return self._browser_state()

        def page_up() -> str:
            self._require_browser().page_up()
            return self._browser_state()

        def page_down() -> str:
            self._require_browser().page_down()
            return self._browser_state()

        def find_on_page_ctrl_f(
            search_string: Annotated[str, "The string to search for on the page. Supports wildcards like '*'"],
        ) -> str:
            if self._require_browser().find_on_page(search_string) is None:
                return self._not_found(f"The search string '{search_string}' was not found on this page.")
            return self._browser_state()

        def find_next() -> str:
            if self._require_browser().find_next() is None:
                return self._not_found("The search string was not found on this page.")
            return self._browser_state()

        tools = self._search_tools() + [
            ("visit_page", "Open a web page (or local file URI) and show its first viewport.", visit_page),
            ("download_file", "Download a file by URL and open it.", download_file),
            ("page_up", "Scroll the viewport one page up.", page_up),
            ("page_down", "Scroll the viewport one page down.", page_down),
            (
                "find_on_page_ctrl_f",
                "Scroll to the first viewport containing a string (like Ctrl+F).",
                find_on_page_ctrl_f,
            ),
            ("find_next", "Scroll to the next viewport containing the last searched string.", find_next),
        ]
        if self.summarization_client is not None:
            tools += self._summary_tools()
        return tools

    def _summary_tools(self) -> List[Tuple[str, str, Callable[..., str]]]:
        def read_page_and_answer(
            question: Annotated[Optional[str], "The question to answer from the page."],
            url: Annotated[Optional[str], "The url of the page (the current page when omitted)."] = None,
        ) -> str:
            return self._summarize_page(question, url)

        def summarize_page(
            url: Annotated[Optional[str], "The url of the page to summarise (the current page when omitted)."] = None,
        ) -> str:
            return self._summarize_page(None, url)

        return [
            ("read_page_and_answer", "Answer a question using the whole text of a page.", read_page_and_answer),
            ("summarize_page", "Summarise the whole text of a page.", summarize_page),
        ]

    def _summarize_page(self, question: Optional[str], url: Optional[str]) -> str:
        """Ask the summariser about as much of the page as fits its context (leaving room for the answer)."""
        browser = self._require_browser()
        if url is not None and url != browser.address:
            browser.visit_page(url)
        assert self.summarization_client is not None
        limit = 4096
        try:
            limit = get_max_token_limit(self.summarizer_llm_config["config_list"][0]["model"])  # type: ignore[index]
        except (ValueError, TypeError, KeyError):
            pass
        if limit < 16000:
            logger.warning(
                f"The token limit ({limit}) of the WebSurferAgent.summarizer_llm_config, is below the recommended 16k."
            )
        text = _leading_text(browser.page_content, limit - 1024)
        if not text:
            return "Nothing to summarize."
        instruction = "Summarize the following text in one or two paragraphs"
        if question is not None:
            instruction += f", focusing on what answers the question '{question}'"
        messages = [
            {"role": "system", "content": _SUMMARY_SYSTEM},
            {"role": "user", "content": f"{instruction}:\n\n{text}"},
        ]
        response = self.summarization_client.create(context=None, messages=messages)
        return str(self.summarization_client.extract_text_or_completion_object(response)[0])

    # ------------------------------------------------------------------ replying
    def generate_surfer_reply(
        self,
        messages: Optional[List[Dict[str, str]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[OpenAIWrapper] = None,
    ) -> Tuple[bool, Optional[Union[str, Dict[str, str]]]]:
        """Answer the last message by letting the inner assistant browse, then return its final answer."""
        history = self.chat_messages[sender] if messages is None else messages  # type: ignore[index]
        question = history[-1]
        # a trailing tool result belongs to the context; any other last message is the question itself
        self._start_inner_chat(history if question.get("role") == "tool" else history[:-1])
        return True, self._ask_inner_assistant(question["content"])

    def _ask_inner_assistant(self, question: Any) -> Optional[str]:
        """The inner assistant's answer, or what the inner proxy still had to add after it."""
        self._user_proxy.send(question, self._assistant, request_reply=True, silent=True)
        transcript = self._user_proxy.chat_messages[self._assistant]
        answer = transcript[-1]
        follow_up = self._user_proxy.generate_reply(messages=transcript, sender=self._assistant)
        if follow_up != "":  # e.g. the result of a tool call the assistant made last
            answer = follow_up  # type: ignore[assignment]
        return None if answer is None else answer["content"]  # type: ignore[index]

    def _start_inner_chat(self, history: List[Dict[str, Any]]) -> None:
        """Fresh inner agents that know the outer conversation so far and where the browser is."""
        for inner in (self._user_proxy, self._assistant):
            inner.reset()
        self._assistant.chat_messages[self._user_proxy].extend(copy.deepcopy(history))
        if self.browser is None:
            return
        where = (
            f"Your browser is currently open to the page '{getattr(self.browser, 'page_title', None)}' "
            f"at the address '{self.browser.address}'."
        )
        self._user_proxy.send(where, self._assistant, request_reply=False, silent=True)


def _leading_text(content: str, budget: int) -> str:
    """The longest run of whole lines from the top of `content` whose token count stays within `budget`."""
    kept: List[str] = []
    used = 0
    for piece in re.split(r"([\r\n]+)", content):
        used += count_token(piece) if piece else 0
        if used > budget:
            break
        kept.append(piece)
    return "".join(kept).strip()
