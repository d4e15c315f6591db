"""Every annotated corpus under bench/corpora/ passes the shared validator.

The validator (../shared/eval/check_truth.py, kept outside the repository so
that every project scores alike) re-checks each truth sentence against its
article line and recomputes each fact's verdict from its values: a broken
annotation fails here, not silently in an accuracy figure.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "bench" / "corpora"
EVAL = Path(os.environ.get("CONSISTENCY_EVAL_DIR") or ROOT.parent / "shared" / "eval")
SPLIT = yaml.safe_load((CORPORA / "split.yaml").read_text(encoding="utf-8"))
STORIES = sorted(p.parent.name for p in CORPORA.glob("*/truth.yaml"))


def _validator() -> Path:
    path = EVAL / "check_truth.py"
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the shared validator at {path}")
        pytest.skip(f"the shared validator is not at {path} (set CONSISTENCY_EVAL_DIR)")
    return path


def test_split_names_every_story_once():
    """Each story on disk is dev, test or held out, only one of them, and the split names no missing story."""
    if not STORIES:
        pytest.skip("no annotated corpus in bench/corpora/ yet")
    dev, test, held = set(SPLIT["dev"]), set(SPLIT["test"]), set(SPLIT.get("held_out") or [])
    assert not dev & test and not dev & held and not test & held
    assert dev | test | held == set(STORIES)
    assert len(dev) >= 3 and len(test) >= 2


@pytest.mark.parametrize("story", STORIES)
def test_truth_validates(story):
    """check_truth.py prints errors: 0 for the story."""
    done = subprocess.run([sys.executable, str(_validator()), str(CORPORA / story)],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "errors: 0" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
