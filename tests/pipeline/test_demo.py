"""`yuqing demo` end to end: the story's alerts reach the console in the order the story unfolds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


def test_the_demo_tells_the_collapse_story_in_order(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "demo", "--dir", str(tmp_path / "demo")],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    titles = re.findall(r"^【(高|中|低)】(\S+) 舆情预警$", out, flags=re.MULTILINE)
    doomed = [level for level, platform in titles if platform == "鑫盛财富"]
    # rumours first raise 中, the collapse and the organizing raise 高, and 中 comes before any 高
    assert doomed and doomed[0] == "中" and "高" in doomed
    # healthy platforms: the promotion and the lone complaint never reach 中 or 高
    assert all(level == "低" for level, platform in titles if platform != "鑫盛财富")
    # the call to gather arrives with its time and place
    assert re.search(r"线下聚集号召：\d+月\d+日\(周.\) 09:00 在「[^」]*拱墅区人民政府", out)
    assert (tmp_path / "demo" / "report.html").is_file()
    assert "下一步看哪里" in out
