"""get_function_schema / register_for_llm schemas for many signatures (printed as JSON)."""

import enum
import json
from typing import Annotated, Any, Dict, List, Literal, Optional, Tuple, Union

from pydantic import BaseModel, Field

from autogen.function_utils import get_function_schema, load_basemodels_if_needed


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Item(BaseModel):
    name: str = Field(description="item name")
    qty: int = 1
    tags: List[str] = []


def f_basic(a: int, b: float, c: str, d: bool) -> str:
    return ""


def f_annotated(
    a: Annotated[int, "the a"],
    b: Annotated[Optional[str], "maybe b"] = None,
    c: Annotated[List[int], "ints"] = [1],  # noqa: B006
) -> int:
    return 0


def f_literal(mode: Annotated[Literal["fast", "slow"], "speed"] = "fast", color: Color = Color.RED) -> None:
    return None


def f_literal2(mode: Annotated[Literal["fast", "slow"], "speed"] = "fast", color: Color = None) -> None:
    return None


def f_union(x: Union[int, str], y: Dict[str, int], z: Tuple[int, str], w: Any = None):
    return None


def f_model(item: Annotated[Item, "an item"], items: List[Item]) -> Item:
    return item


def f_noargs() -> str:
    return "x"


def f_defaults(a: int = 3, b: str = "s", c: Optional[float] = 1.5, d: list = None) -> dict:
    return {}


for fn in (f_basic, f_annotated, f_literal, f_literal2, f_union, f_model, f_noargs, f_defaults):
    try:
        print(fn.__name__, json.dumps(get_function_schema(fn, description=f"desc of {fn.__name__}"), sort_keys=False))
    except Exception as exc:
        print(fn.__name__, "ERR:", type(exc).__name__, exc)
print("NAMED:", get_function_schema(f_noargs, name="renamed", description="d"))


def no_hint(a, b: int):
    return a


try:
    get_function_schema(no_hint, description="x")
except Exception as exc:
    print("NO HINT:", type(exc).__name__, exc)


def no_return(a: int):
    return a


print("NO RETURN:", get_function_schema(no_return, description="x"))
wrapped = load_basemodels_if_needed(f_model)
print("LOADED:", wrapped(item={"name": "n"}, items=[{"name": "m", "qty": 2}]))
