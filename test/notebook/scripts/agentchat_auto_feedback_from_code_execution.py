"""agentchat_auto_feedback_from_code_execution: buggy code, its error fed back, fixed code saving a chart."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

_BUGGY = """I will compute the squares and plot them.

```python
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

squares = [n * n for n in range(1, 11)]
plt.bar(range(1, 11), squars)
```"""

_FIXED = """The list name was misspelt. Here is the corrected script.

```python
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

squares = [n * n for n in range(1, 11)]
plt.figure(figsize=(4, 3))
plt.bar(range(1, 11), squares, color="teal")
plt.title("The first ten squares")
plt.savefig("squares.png", dpi=60)
print("sum of squares:", sum(squares))
```"""

REPLIES = [
    Reply.text(_BUGGY),
    Reply.text(_FIXED),
    Reply.text("The chart is saved in squares.png and the sum is 385.\n\nTERMINATE"),
]


def check(run: NotebookRun) -> None:
    assert "exitcode: 1 (execution failed)" in run.text and "NameError" in run.text
    assert "sum of squares: 385" in run.text
    assert (run.workdir / "coding" / "squares.png").stat().st_size > 1000
    figure = run.cell_outputs("display(Image")
    assert any("image/png" in output.get("data", {}) for output in figure)
