"""autobuild_basic: the builder model names two experts and writes their messages; the team then talks."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("Garden_Namer,Pronunciation_Checker"),
    Reply.text("You are Garden_Namer. You propose short, warm names for community gardens."),
    Reply.text("You are Pronunciation_Checker. You check that names are easy to say aloud."),
    Reply.text("Proposes names for community gardens."),
    Reply.text("Checks that names are easy to pronounce."),
    Reply.text("How about 'Sprout Corner'?"),
    Reply.text("'Sprout Corner' is easy to say. Approved."),
]


def check(run: NotebookRun) -> None:
    assert "Garden_Namer: Proposes names for community gardens." in run.text
    assert "Pronunciation_Checker: Checks that names are easy to pronounce." in run.text
    assert (run.workdir / "garden_team.json").is_file()
    assert "loaded: ['Garden_Namer', 'Pronunciation_Checker']" in run.text
    assert "Approved." in run.text
