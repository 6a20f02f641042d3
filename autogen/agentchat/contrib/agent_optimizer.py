"""AgentOptimizer: improve an agent's functions (tools) from recorded conversations, like training steps.

Record conversations with `record_one_conversation` (satisfied or not); `step` asks an optimizer model to add,
revise or remove functions, and returns the signatures to register for the LLM and the executors to register
for the function-running agent.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable, Dict, List, Optional, Tuple

from ...code_utils import execute_code
from ...formatting_utils import colored
from ...io.base import IOStream
from ...oai.openai_utils import filter_config

__all__ = ("AgentOptimizer", "execute_func", "ADD_FUNC", "REVISE_FUNC", "REMOVE_FUNC", "OPT_PROMPT")

OPT_PROMPT = """Act as the curator of an assistant's toolbox: the functions it calls while solving problems.
Judging by conversations in which the assistant used these functions, improve the toolbox. You may still take
{actions_num} actions; each action is one of:
1. revise_function(name, description, arguments, packages, code): replace an existing function with a better
   version (fix a bug, accept more kinds of input, run faster, ...);
2. remove_function(name): drop a function that does not help, does harm, or duplicates another;
3. add_function(name, description, arguments, packages, code): add a new function of general use for problems
   like the ones in the conversations;
4. TERMINATE: call no function at all, to stop changing the toolbox.
Keep in mind:
- A function should be a reusable tool, not the answer to one particular problem.
- Give each function's complete code, imports included, and describe its arguments as a JSON schema of properties.
- Build on what worked well in the past, and avoid what did not.

# Best functions so far
{best_functions}

# Functions to improve now
{incumbent_functions}

# Experience from earlier attempts
{accumulated_experience}

# The {best_conversations_num} conversations with the best functions
{best_conversations_history}

# How those conversations went
{statistic_informations}

Now choose the next action.
"""

_FUNCTION_PROPERTIES = {
    "name": {"type": "string", "description": "The name of the function."},
    "description": {"type": "string", "description": "What the function does, in short."},
    "arguments": {
        "type": "string",
        "description": 'JSON schema of the arguments, e.g. {"x": {"type": "integer", "description": "a number"}}.',
    },
    "packages": {"type": "string", "description": "Packages to pip install before running the code (or empty)."},
    "code": {"type": "string", "description": "The complete Python code defining the function."},
}


def _function_tool(name: str, description: str) -> Dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": copy.deepcopy(_FUNCTION_PROPERTIES),
                "required": ["name", "description", "arguments", "packages", "code"],
            },
        },
    }


ADD_FUNC = _function_tool("add_function", "Add a function to the assistant's functions.")
REVISE_FUNC = _function_tool("revise_function", "Revise one of the assistant's functions.")
REMOVE_FUNC = {
    "type": "function",
    "function": {
        "name": "remove_function",
        "description": "Remove one of the assistant's functions.",
        "parameters": {
            "type": "object",
            "properties": {"name": {"type": "string", "description": "The name of the function to remove."}},
            "required": ["name"],
        },
    },
}

_FAILURE_INTRO = (
    "Here are more functions that were tried, with their performance (0-100), in ascending order of performance "
    "(higher is better).\n"
)
_STATISTIC_INTRO = "Whether each conversation was solved to the user's satisfaction (1) or not (0): \n"


def execute_func(name: str, packages: Optional[str], code: str, **args: Any) -> str:
    """Run function `name` (defined by `code`) with `args` in the optimizer's Docker image; returns its output."""
    lines = ["", "import subprocess"]
    if packages:
        lines.append(f'print("Installing package: {packages}")')
        lines.append(f'subprocess.run(["pip", "-qq", "install", "{packages}"])')
    lines += ["", f'print("Result of {name} function execution:")', code]
    lines += [f"args={args}", f"result={name}(**args)", "if result is not None: print(result)", ""]
    script = "\n".join(lines)
    iostream = IOStream.get_default()
    iostream.print(f"execute_code:\n{script}")
    exit_code, output, _ = execute_code(script, use_docker="shaokun529/evoagent:v1")
    if exit_code != 0:
        raise Exception("Error in executing function:" + output)
    iostream.print(f"Result: {output}")
    return output


def _load_args(raw: str) -> Dict[str, Any]:
    return json.loads(raw.strip('"'))


def _optimizer_llm_config(llm_config: dict, optimizer_model: Optional[str]) -> Dict[str, Any]:
    """A copy of `llm_config` whose config_list keeps only the optimizer model's entries."""
    assert isinstance(llm_config, dict), "llm_config must be a dict"
    if llm_config in ({}, {"config_list": []}, {"config_list": [{"model": ""}]}):
        raise ValueError(
            "When using OpenAI or Azure OpenAI endpoints, specify a non-empty 'model' either in 'llm_config' or "
            "in each config of 'config_list'."
        )
    config = copy.deepcopy(llm_config)
    config["config_list"] = filter_config(config["config_list"], {"model": [optimizer_model]})
    return config


def _ask_satisfaction() -> bool:
    """Ask the user whether a conversation went well (1) or not (0)."""
    answer = IOStream.get_default().input(
        "Please provide whether the user is satisfied with the conversation: 1. satisfied 0. unsatisfied "
    )
    assert answer in ("0", "1"), (
        "The input is invalid. Please input 1 or 0. 1 represents satisfied. 0 represents unsatisfied."
    )
    return answer == "1"


class AgentOptimizer:
    """Optimizes the functions of an agent from the outcomes of its conversations."""

    OPT_PROMPT = OPT_PROMPT

    def __init__(
        self, max_actions_per_step: int, llm_config: dict, optimizer_model: Optional[str] = "gpt-4-1106-preview"
    ) -> None:
        from ...oai.client import OpenAIWrapper  # noqa: PLC0415

        self.max_actions_per_step = max_actions_per_step
        self.optimizer_model = optimizer_model
        self.llm_config = _optimizer_llm_config(llm_config, optimizer_model)
        self._client = OpenAIWrapper(**self.llm_config)
        self._max_trials = 3
        self.reset_optimizer()

    def reset_optimizer(self) -> None:
        """Forget all recorded conversations and functions."""
        self._trial_conversations_history: List[Dict[str, Any]] = []
        self._trial_conversations_performance: List[Dict[str, int]] = []
        self._trial_functions: List[Dict[str, Any]] = []
        self._best_conversations_history: List[Dict[str, Any]] = []
        self._best_conversations_performance: List[Dict[str, int]] = []
        self._best_functions: List[Dict[str, Any]] = []
        self._best_performance: float = -1
        self._failure_functions_performance: List[Dict[str, Any]] = []

    def record_one_conversation(
        self, conversation_history: List[Dict[str, Any]], is_satisfied: Optional[bool] = None
    ) -> None:
        """Record a conversation and whether the user was satisfied (asked when not given)."""
        satisfied = _ask_satisfaction() if is_satisfied is None else is_satisfied
        key = f"Conversation {len(self._trial_conversations_history)}"
        self._trial_conversations_history.append({key: conversation_history})
        self._trial_conversations_performance.append({key: int(bool(satisfied))})

    def step(self) -> Tuple[List[Dict[str, Any]], Dict[str, Optional[Callable[..., Any]]]]:
        """One optimization step: (signatures for `update_function_signature`, function map for the executor)."""
        performance = sum(sum(d.values()) for d in self._trial_conversations_performance) / len(
            self._trial_conversations_performance
        )
        self._settle_trial(performance)
        best_functions = copy.deepcopy(self._best_functions)
        incumbent_functions = copy.deepcopy(self._trial_functions)
        experience, statistics = self._construct_intermediate_prompt()
        for action_index in range(self.max_actions_per_step):
            prompt = self.OPT_PROMPT.format(
                best_functions=best_functions,
                actions_num=self.max_actions_per_step - action_index,
                incumbent_functions=incumbent_functions,
                accumulated_experience=experience,
                best_conversations_num=len(self._best_conversations_history),
                best_conversations_history=self._best_conversations_history,
                statistic_informations=statistics,
            )
            actions = self._ask_for_actions(prompt, incumbent_functions)
            if actions is not None and self._validate_actions(actions, incumbent_functions):
                incumbent_functions = self._update_function_call(incumbent_functions, actions)
        return self._registrations(incumbent_functions)

    def _settle_trial(self, performance: float) -> None:
        """Keep the trial's functions as the best if they did at least as well; else remember them as a failure."""
        if performance < self._best_performance:
            self._failure_functions_performance.append({"functions": self._trial_functions, "performance": performance})
            self._failure_functions_performance.sort(key=lambda x: x["performance"])
        else:
            self._failure_functions_performance = []
            self._best_performance = performance
            self._best_functions = copy.deepcopy(self._trial_functions)
            self._best_conversations_history = copy.deepcopy(self._trial_conversations_history)
            self._best_conversations_performance = copy.deepcopy(self._trial_conversations_performance)
        self._trial_conversations_history = []
        self._trial_conversations_performance = []

    def _ask_for_actions(self, prompt: str, incumbent_functions: List[Dict[str, Any]]) -> Any:
        actions = None
        for _ in range(self._max_trials):
            response = self._client.create(
                messages=[{"role": "user", "content": prompt}],
                tools=[ADD_FUNC, REVISE_FUNC, REMOVE_FUNC],
                tool_choice="auto",
            )
            actions = response.choices[0].message.tool_calls
            if self._validate_actions(actions, incumbent_functions):
                break
        return actions

    def _registrations(
        self, incumbent_functions: List[Dict[str, Any]]
    ) -> Tuple[List[Dict[str, Any]], Dict[str, Optional[Callable[..., Any]]]]:
        kept = [func["name"] for func in incumbent_functions]
        removed = [func["name"] for func in self._trial_functions if func["name"] not in kept]
        register_for_llm: List[Dict[str, Any]] = []
        register_for_executor: Dict[str, Optional[Callable[..., Any]]] = {}
        for name in removed:
            register_for_llm.append({"func_sig": {"name": name}, "is_remove": True})
            register_for_executor[name] = None
        # 0.2's executors read the loop variable when called, so every one runs the last function (late binding);
        # kept as observable behaviour
        last: Dict[str, Any] = {}

        def run_last(**args: Any) -> str:
            func = last["func"]
            return execute_func(func.get("name"), func.get("packages"), func.get("code"), **args)

        for func in incumbent_functions:
            signature = {
                "name": func.get("name"),
                "description": func.get("description"),
                "parameters": {"type": "object", "properties": func.get("arguments")},
            }
            register_for_llm.append({"func_sig": signature, "is_remove": False})
            last["func"] = func
            register_for_executor[func["name"]] = run_last
        self._trial_functions = incumbent_functions
        return register_for_llm, register_for_executor

    def _construct_intermediate_prompt(self) -> Tuple[str, str]:
        """The failed attempts and the per-conversation outcomes, as prompt text."""
        experience = "\n"
        if self._failure_functions_performance:
            experience = _FAILURE_INTRO
            for item in self._failure_functions_performance:
                experience += "Function: \n" + str(item["functions"]) + "\n"
                experience += "Performance: \n" + str(item["performance"]) + "\n"
        statistics = "\n"
        if self._best_conversations_performance:
            statistics = _STATISTIC_INTRO + "".join(str(item) + "\n" for item in self._best_conversations_performance)
        return experience, statistics

    def _validate_actions(self, actions: Any, incumbent_functions: List[Dict[str, Any]]) -> bool:
        """Arguments are valid JSON, code compiles, and removed functions exist (no actions is valid)."""
        if actions is None:
            return True
        iostream = IOStream.get_default()
        for action in actions:
            try:
                args = _load_args(action.function.arguments)
                if "arguments" in args:
                    json.loads(args["arguments"].strip('"'))
            except Exception as e:
                iostream.print(colored(f"JSON is invalid: {e}", "red"))
                return False
        for action in actions:
            args = _load_args(action.function.arguments)
            if action.function.name == "remove_function":
                if args.get("name") not in [item.get("name") for item in incumbent_functions]:
                    iostream.print(colored("The function you want to remove does not exist.", "red"))
                    return False
                continue
            try:
                compile(args.get("code"), "<string>", "exec")
            except Exception as e:
                iostream.print(colored(f"Syntax is invalid: {e}", "red"))
                return False
        return True

    def _update_function_call(self, incumbent_functions: List[Dict[str, Any]], actions: Any) -> List[Dict[str, Any]]:
        """Apply add/revise/remove actions (in order) to the function list."""
        for action in actions:
            args = _load_args(action.function.arguments)
            name = args.get("name")
            incumbent_functions = [item for item in incumbent_functions if item["name"] != name]
            if action.function.name == "remove_function":
                continue
            incumbent_functions.append(
                {
                    "name": name,
                    "description": args.get("description"),
                    "arguments": json.loads(args.get("arguments").strip('"')),
                    "packages": args.get("packages"),
                    "code": args.get("code"),
                }
            )
        return incumbent_functions
