"""The one-page HTML report of `facial-profile analyse`, opened as the practitioner would: on the
clinic's desktop, and on a phone when it is sent on."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from facial_profile.cli import main
from facial_profile.triage import CLOSING
from tests.facial_profile import synth

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("report")
    fx = synth.render(synth.FaceShape(), synth.Scene(megapixels=0.5, seed=3))
    photo = folder / "profile.png"
    cv2.imwrite(str(photo), cv2.cvtColor(fx.image, cv2.COLOR_RGB2BGR))
    assert main(["analyse", str(photo), "--out", str(folder / "out")]) == 0
    return (folder / "out" / "report.html").as_uri()


def test_on_a_phone_the_report_reads_down_the_screen_without_sideways_scrolling(phone, report):
    """Until 2026-12-07 the photo and the findings stayed side by side at phone width (the
    findings one word per line) and the measures table ran off the right edge."""
    phone.goto(report)
    width = phone.viewport_size["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    photo = phone.get_by_role("img", name="Profile photo with landmarks and reference lines")
    findings = phone.get_by_role("heading", name="What the rules noticed")
    assert findings.bounding_box()["y"] > photo.bounding_box()["y"] + photo.bounding_box()["height"]
    # Every measure's plain-English sentence is on screen, not in a column off to the right.
    sentence = phone.get_by_text("Nasolabial angle:", exact=False).first
    box = sentence.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    closing = phone.get_by_text(CLOSING)
    closing.scroll_into_view_if_needed()
    box = closing.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width


def test_on_a_desktop_the_measures_are_a_table_beside_the_photo_findings(desktop, report):
    desktop.goto(report)
    assert desktop.get_by_role("columnheader", name="In plain English").is_visible()
    photo = desktop.get_by_role("img", name="Profile photo with landmarks and reference lines")
    findings = desktop.get_by_role("heading", name="What the rules noticed")
    assert findings.bounding_box()["x"] > photo.bounding_box()["x"] + photo.bounding_box()["width"]


def test_report_is_one_file_with_nothing_fetched(report):
    """Special-category data stays on the machine: the report embeds its photo and styles."""
    html = Path(report.removeprefix("file://")).read_text()
    assert 'name="viewport"' in html
    assert "http://" not in html and "https://" not in html
