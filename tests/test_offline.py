"""Everything runs with the network blocked and no NLTK data on the machine."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, SAMPLE

SCRIPT = textwrap.dedent("""
    import json, socket, sys

    def refuse(*args, **kwargs):
        raise OSError("network blocked by the test")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    if sys.argv[2] == "textstat first":
        import nltk
        import textstat
        import toolkit
    else:  # toolkit first: it patches textstat the moment textstat is imported
        import toolkit
        assert "textstat" not in sys.modules, "import toolkit does not pay for textstat"
        import nltk
        import textstat

    articles = toolkit.load_corpus(sys.argv[1])
    sentences = toolkit.split_sentences(articles)
    tokens = toolkit.tokenize(sentences)
    text = articles["text"].iloc[0]
    print(json.dumps({
        "articles": len(articles), "sentences": len(sentences), "tokens": len(tokens),
        "syllables": textstat.syllable_count("peacekeeping"),
        "flesch": textstat.flesch_reading_ease(text),
        "nltk_paths": nltk.data.path,
    }))
""")


@pytest.mark.parametrize("order", ["textstat first", "toolkit first"])
def test_load_split_tokenize_and_textstat_with_sockets_blocked(tmp_path, order):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "nltk_data")}
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(SAMPLE), order], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["articles"] == 2 and out["sentences"] > 30 and out["tokens"] > 900
    assert out["syllables"] == 3  # P IY1 S K IY2 P IH0 NG in the CMU dictionary
    assert 0 < out["flesch"] < 100
    assert not (tmp_path / "nltk_data").exists()  # nothing was fetched or written
