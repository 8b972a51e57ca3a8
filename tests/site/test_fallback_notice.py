"""A page missing in one language is shown in Spanish with a visible notice.

Builds a throwaway copy of the project with the Thai glossary removed.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from gpp_core import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_a_missing_translation_is_visible_to_the_reader(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "calculators", "gpp_core", "references", "examples", "content"):
        shutil.copytree(ROOT / name, project / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / "docs/th/glossary.md").unlink()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "-q", "-f", str(project / "mkdocs.yml")],
                   check=True, cwd=project, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    fallback = (project / "site/th/glossary/index.html").read_text("utf-8")
    assert i18n.translate("site.untranslated.title", "th") in fallback
    assert i18n.translate("site.untranslated", "th") in fallback
    assert 'lang="th"' in fallback
    translated = (project / "site/th/index.html").read_text("utf-8")
    assert i18n.translate("site.untranslated.title", "th") not in translated
