"""The link check names every internal link, image or asset that points nowhere."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from alliancegen.cli import main
from alliancegen.config import Options
from alliancegen.pipeline import check_links
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent

SITE = "title: T\nbase_url: https://example.org/\n"


def broken(root: Path) -> list[str]:
    problems = check_links(Options(root, root.parent / "unused"))
    return [f"{problem.location.path}: {problem.message}" for problem in problems]


def page(body: str) -> str:
    return f"---\ntitle: Seite\n---\n{body}\n"


def test_example_site_has_no_broken_links() -> None:
    result = CliRunner().invoke(main, ["check", "--links", "--content", str(EXAMPLE_CONTENT)])
    assert result.exit_code == 0, result.output
    assert "no broken links" in result.output


def test_missing_page_and_missing_fragment_are_named_with_their_page(
    make_content: MakeContent,
) -> None:
    body = "[weg](/gibt-es-nicht/) [Anker](/musterstadt/#nirgends) [gut](/musterstadt/)"
    root = make_content({"site.yaml": SITE, "pages/seite.md": page(body)})
    assert broken(root) == [
        "seite/index.html: link to '/gibt-es-nicht/' points nowhere",
        "seite/index.html: link to '/musterstadt/#nirgends' names no element with id 'nirgends'",
    ]


def test_images_and_stylesheet_urls_are_checked(make_content: MakeContent) -> None:
    root = make_content(
        {
            "site.yaml": SITE,
            "pages/seite.md": page("![Ein Bild](/media/fehlt.png)"),
            "static/css/site.css": "body { background: url('../img/fehlt.svg'); }\n",
        }
    )
    problems = broken(root)
    assert "seite/index.html: link to '/media/fehlt.png' points nowhere" in problems
    assert any(p.startswith("static/css/site.") and "'../img/fehlt.svg'" in p for p in problems)


def test_other_hosts_mail_and_phone_links_are_not_ours_to_check(make_content: MakeContent) -> None:
    body = "[extern](https://example.com/x) [Post](mailto:a@b.de) [Telefon](tel:+4912345)"
    root = make_content({"site.yaml": SITE, "pages/seite.md": page(body)})
    assert broken(root) == []


def test_raw_link_that_leaves_the_base_path_is_named(make_content: MakeContent) -> None:
    settings = "title: T\nbase_url: https://example.org/buendnis/\nallow_raw_html: true\n"
    root = make_content({"site.yaml": settings, "pages/seite.md": page('<a href="/x/">x</a>')})
    assert broken(root) == [
        "seite/index.html: link to '/x/' leaves the site's base path /buendnis/"
    ]


def test_check_links_exits_1_and_build_only_warns(
    make_content: MakeContent, tmp_path: Path
) -> None:
    root = make_content({"site.yaml": SITE, "pages/seite.md": page("[weg](/weg/)")})
    checked = CliRunner().invoke(main, ["check", "--links", "--content", str(root)])
    assert checked.exit_code == 1
    assert "seite/index.html:1:1: link to '/weg/' points nowhere" in checked.stderr
    output = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", "--content", str(root), "--output", str(output)])
    assert built.exit_code == 0
    assert "warning: seite/index.html:1:1: link to '/weg/' points nowhere" in built.stderr
