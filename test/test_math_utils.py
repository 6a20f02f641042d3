"""Tests for autogen.math_utils: boxed-answer extraction, LaTeX normalisation, equivalence and voting."""

from pathlib import Path

import pytest

from autogen import math_utils
from autogen.math_utils import (
    eval_math_responses,
    get_answer,
    is_equiv,
    is_equiv_chain_of_thought,
    last_boxed_only_string,
    remove_boxed,
    voting_counts,
)

# --- remove_boxed -----------------------------------------------------------------------------------------------------------


def test_remove_boxed_returns_content() -> None:
    assert remove_boxed("\\boxed{\\frac{1}{2}}") == "\\frac{1}{2}"


def test_remove_boxed_none_without_prefix() -> None:
    assert remove_boxed("x = \\boxed{3}") is None


def test_remove_boxed_none_without_closing_brace() -> None:
    assert remove_boxed("\\boxed{3") is None


def test_remove_boxed_none_for_fbox() -> None:
    assert remove_boxed("\\fbox{3}") is None


def test_remove_boxed_none_for_none_input() -> None:
    assert remove_boxed(None) is None  # type: ignore[arg-type]


def test_remove_boxed_empty_content() -> None:
    assert remove_boxed("\\boxed{}") == ""


# --- last_boxed_only_string -------------------------------------------------------------------------------------------------


def test_last_boxed_picks_last_box() -> None:
    assert last_boxed_only_string("first \\boxed{1} then \\boxed{2} end") == "\\boxed{2}"


def test_last_boxed_balances_nested_braces() -> None:
    text = "so \\boxed{\\frac{a}{b}} and more}"
    assert last_boxed_only_string(text) == "\\boxed{\\frac{a}{b}}"


def test_last_boxed_falls_back_to_fbox() -> None:
    assert last_boxed_only_string("answer: \\fbox{7}.") == "\\fbox{7}"


def test_last_boxed_prefers_boxed_over_later_fbox() -> None:
    assert last_boxed_only_string("\\boxed{1} \\fbox{2}") == "\\boxed{1}"


def test_last_boxed_none_without_box() -> None:
    assert last_boxed_only_string("The answer is 5.") is None


def test_last_boxed_none_when_unbalanced() -> None:
    assert last_boxed_only_string("\\boxed{\\frac{1}{2}") is None


# --- get_answer -------------------------------------------------------------------------------------------------------------


def test_get_answer_extracts_last_boxed_content() -> None:
    assert get_answer("We get $x=2$, hence \\boxed{2}.") == "2"


def test_get_answer_none_for_none() -> None:
    assert get_answer(None) is None


def test_get_answer_none_without_box() -> None:
    assert get_answer("no answer here") is None


def test_get_answer_none_for_fbox() -> None:
    assert get_answer("\\fbox{3}") is None


# --- normalisation helpers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("\\frac12", "\\frac{1}{2}"),
        ("\\frac1{2}", "\\frac{1}{2}"),
        ("\\frac{1}{2}", "\\frac{1}{2}"),
        ("\\frac12+\\frac34", "\\frac{1}{2}+\\frac{3}{4}"),
        ("\\frac123", "\\frac{1}{2}3"),
        ("\\frac1", "\\frac1"),
        ("x", "x"),
    ],
)
def test_fix_fracs(raw: str, fixed: str) -> None:
    assert math_utils._fix_fracs(raw) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("3/4", "\\frac{3}{4}"), ("-3/4", "\\frac{-3}{4}"), ("a/b", "a/b"), ("1/2/3", "1/2/3"), ("03/4", "03/4")],
)
def test_fix_a_slash_b(raw: str, fixed: str) -> None:
    assert math_utils._fix_a_slash_b(raw) == fixed


def test_remove_right_units() -> None:
    assert math_utils._remove_right_units("5\\text{ cm}") == "5"


def test_remove_right_units_without_units() -> None:
    assert math_utils._remove_right_units("5") == "5"


def test_remove_right_units_rejects_two_units() -> None:
    with pytest.raises(AssertionError):
        math_utils._remove_right_units("5\\text{ cm} by 3\\text{ cm}")


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("\\sqrt3", "\\sqrt{3}"), ("\\sqrt{3}", "\\sqrt{3}"), ("2\\sqrt3+\\sqrt5", "2\\sqrt{3}+\\sqrt{5}"), ("9", "9")],
)
def test_fix_sqrt(raw: str, fixed: str) -> None:
    assert math_utils._fix_sqrt(raw) == fixed


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("1\n2", "12"),
        ("\\!5", "5"),
        ("\\dfrac{1}{3}", "\\frac{1}{3}"),
        ("\\tfrac{1}{3}", "\\frac{1}{3}"),
        ("\\left(1,2\\right)", "(1,2)"),
        ("90^{\\circ}", "90"),
        ("90^\\circ", "90"),
        ("\\$5", "5"),
        ("10\\text{ inches}", "10"),
        ("50\\%", "50"),
        (".5", "\\frac{1}{2}"),
        ("0.5", "\\frac{1}{2}"),
        (".25", "0.25"),
        ("x = 5", "5"),
        ("k=2", "2"),
        ("abc=2", "abc=2"),
        ("\\sqrt2", "\\sqrt{2}"),
        ("1 + 2", "1+2"),
        ("\\frac12", "\\frac{1}{2}"),
        ("3/4", "\\frac{3}{4}"),
        ("", ""),
    ],
)
def test_strip_string(raw: str, normalised: str) -> None:
    assert math_utils._strip_string(raw) == normalised


# --- is_equiv ---------------------------------------------------------------------------------------------------------------


def test_is_equiv_both_none_is_one_and_warns(capsys: pytest.CaptureFixture[str]) -> None:
    assert is_equiv(None, None) == 1.0
    assert capsys.readouterr().out == "WARNING: Both None\n"


def test_is_equiv_one_none_is_zero() -> None:
    assert is_equiv("1", None) == 0.0
    assert is_equiv(None, "1") == 0.0


def test_is_equiv_after_normalisation() -> None:
    assert is_equiv("\\dfrac{1}{2}", "0.5") == 1.0


def test_is_equiv_different_answers() -> None:
    assert is_equiv("3", "4") == 0.0


def test_is_equiv_returns_float() -> None:
    assert isinstance(is_equiv("3", "3"), float)


def test_is_equiv_falls_back_to_raw_comparison_on_normalisation_error() -> None:
    two_units = "5\\text{ cm} by 3\\text{ cm}"
    assert is_equiv(two_units, two_units) == 1.0
    assert is_equiv(two_units, "5") == 0.0


def test_is_equiv_chain_of_thought_compares_boxed_answers() -> None:
    assert is_equiv_chain_of_thought("so \\boxed{\\frac12}", "thus \\boxed{1/2}") == 1.0


def test_is_equiv_chain_of_thought_different() -> None:
    assert is_equiv_chain_of_thought("\\boxed{1}", "\\boxed{2}") == 0.0


# --- voting -----------------------------------------------------------------------------------------------------------------


def test_voting_counts_groups_equivalent_answers_by_first_index() -> None:
    responses = ["\\boxed{2}", "\\boxed{3}", "\\boxed{2.0}", "\\boxed{x=3}", "\\boxed{3}"]
    assert voting_counts(responses) == {0: 1, 1: 3, 2: 1}


def test_voting_counts_ignores_responses_without_answer() -> None:
    assert voting_counts(["no idea", "\\boxed{4}", "still no idea"]) == {1: 1}


def test_voting_counts_empty() -> None:
    assert voting_counts([]) == {}


def test_eval_math_responses_empty() -> None:
    assert eval_math_responses([]) == {
        "expected_success": 0,
        "success": False,
        "success_vote": 0,
        "voted_answer": None,
        "votes": 0,
    }


def test_eval_math_responses_scores_and_votes() -> None:
    responses = ["\\boxed{2}", "\\boxed{3}", "\\boxed{3}", "I think \\boxed{4}"]
    result = eval_math_responses(responses, solution="The answer is \\boxed{3}.")
    assert result == {
        "expected_success": pytest.approx(1 - (1 - 2 / 4) ** 4),
        "success": True,
        "success_vote": 1.0,
        "voted_answer": "\\boxed{3}",
        "votes": 2,
    }


def test_eval_math_responses_all_wrong() -> None:
    result = eval_math_responses(["\\boxed{1}", "\\boxed{1}"], solution="\\boxed{2}")
    assert result["success"] is False
    assert result["expected_success"] == 0
    assert result["success_vote"] == 0.0
    assert result["votes"] == 2


def test_eval_math_responses_without_any_answer_uses_first_response() -> None:
    result = eval_math_responses(["none", "nothing"], solution="\\boxed{2}")
    assert result["voted_answer"] == "none"
    assert result["votes"] == 0
    assert result["success"] is False


def test_eval_math_responses_tie_goes_to_first_answer() -> None:
    result = eval_math_responses(["\\boxed{1}", "\\boxed{2}"], solution="\\boxed{2}")
    assert result["voted_answer"] == "\\boxed{1}"
    assert result["success_vote"] == 0.0
    assert result["success"] is True


def test_eval_math_responses_without_solution_scores_nothing_right(capsys: pytest.CaptureFixture[str]) -> None:
    # an unboxed response is not compared with the missing solution (no "Both None" line, no success)
    result = eval_math_responses(["\\boxed{2}", "no answer", "\\boxed{2}"])
    assert result == {
        "expected_success": 0.0,
        "success": False,
        "success_vote": 0.0,
        "voted_answer": "\\boxed{2}",
        "votes": 2,
    }
    assert capsys.readouterr().out == ""


# --- legacy solve_problem ---------------------------------------------------------------------------------------------------


def test_math_prompt_asks_for_boxed_answer() -> None:
    prompt = math_utils._MATH_PROMPT.format(problem="What is 1+1?")
    assert prompt.startswith("What is 1+1? ")
    assert "\\boxed{}" in prompt


AUTOGEN_DIR = Path(math_utils.__file__).parent


@pytest.mark.skipif(not (AUTOGEN_DIR / "oai" / "completion.py").exists(), reason="autogen.oai.completion not built yet")
def test_solve_problem_needs_legacy_openai() -> None:
    with pytest.raises(AssertionError):
        math_utils.solve_problem("What is 1+1?")


@pytest.mark.skipif(not (AUTOGEN_DIR / "code_utils.py").exists(), reason="autogen.code_utils not built yet")
def test_default_model_reexported() -> None:
    from autogen.code_utils import DEFAULT_MODEL

    assert math_utils.DEFAULT_MODEL == DEFAULT_MODEL
