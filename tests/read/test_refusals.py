"""Files that are not trackers, broken ones and hostile ones: refused in one sentence, with exit
code 2, no traceback and no output, without eating memory."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests import badfiles, runs


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    built = {}
    for name, (build, file_name, expected) in badfiles.CORPUS.items():
        folder = tmp_path_factory.mktemp("bad")
        built[name] = (build(folder / file_name), expected)
    return built


@pytest.mark.parametrize("name", sorted(badfiles.CORPUS))
def test_refused_in_one_sentence_with_nothing_written(corpus, tmp_path, name):
    path, expected = corpus[name]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.startswith(expected)
    assert result.output.count("\n") == 1 and result.output.rstrip().endswith(".")
    assert "Traceback" not in result.output
    assert runs.written(out) == []
    assert not [t for t in threading.enumerate() if t.name.startswith(("calamine", "zip"))]  # none left running


@pytest.mark.parametrize("name", sorted(badfiles.CORPUS))
def test_validate_json_reports_the_refusal(corpus, name):
    path, expected = corpus[name]
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 2
    [finding] = json.loads(result.output)
    assert finding["severity"] == "error" and finding["code"] == "unusable-file"
    assert finding["message"].startswith(expected)


PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stderr.strip(), sep="\\n")
"""


@pytest.mark.parametrize("name", ["zip bomb", "lying zip bomb", "lying zip bomb (second sheet)",
                                  "entity bomb (shared strings)", "entity bomb (sheet)"])
def test_hostile_files_are_refused_without_eating_memory(corpus, tmp_path, name):
    path, expected = corpus[name]
    script = Path(sys.executable).with_name("pipeline")
    measured = subprocess.run([sys.executable, "-c", PEAK, str(script), "build", str(path), "--out", str(tmp_path)],
                              capture_output=True, text=True, timeout=300, check=True).stdout.splitlines()
    code, peak_kib, message = int(measured[0]), int(measured[1]), measured[2]
    assert code == 2
    assert message.startswith(expected)
    assert peak_kib < 300 * 1024  # a few hundred MB at most, against gigabytes inflated
