"""CAP Code 12.12: prescription-only medicines may not be advertised to the public.

Publishing a page that names one is refused until the editor records why the mention is not
promotional; the reason is kept with the revision and the publication is audited.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from kmkm.audit.models import AuditEvent
from kmkm.website.advertising import restricted_terms_found
from kmkm.website.models import ArticlePage, RestrictedTerm

pytestmark = pytest.mark.integration

PROMOTION = "Book our Botox and Dysport anti-wrinkle package today and save."


def _edit_form(client, page, body_html="<p>Small, deliberate amounts, reviewed at two weeks.</p>"):
    """The editor's form as the browser would send it; the body is a single paragraph."""
    url = f"/{settings.CMS_PATH}/pages/{page.pk}/edit/"
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    # Wagtail builds StreamField inputs in the browser, so post them as its JavaScript would.
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text(body_html))])}))
    return url, data


@pytest.mark.unit
def test_terms_match_whole_words_in_any_case():
    terms = ["Botox", "botulinum toxin", "Xeomin"]
    assert restricted_terms_found("We never offer BOTOX.", terms) == ["Botox"]
    assert restricted_terms_found("Botulinum\u00a0toxin is a POM", terms) == ["botulinum toxin"]
    assert restricted_terms_found("Botoxology is not a word we use", terms) == []
    assert restricted_terms_found("Dermal filler is a device", terms) == []


def test_default_word_list_covers_toxin_brands(db):
    terms = set(RestrictedTerm.objects.values_list("term", flat=True))
    assert {
        "botulinum toxin",
        "Botox",
        "Azzalure",
        "Bocouture",
        "Dysport",
        "Xeomin",
        "Letybo",
    } <= terms


def test_publishing_an_article_that_names_botox_is_blocked_with_a_clear_message(
    practitioner_client, demo_site
):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    url, data = _edit_form(practitioner_client, article, body_html=f"<p>{PROMOTION}</p>")
    data["standfirst"] = "Smoother lines in twenty minutes."
    data["action-publish"] = "action-publish"

    response = practitioner_client.post(url, data)

    assert response.status_code == 200  # the form comes back with the error, nothing published
    html = response.content.decode()
    assert "names a prescription-only medicine (Botox, Dysport)" in html
    assert "CAP Code" in html
    article.refresh_from_db()
    assert article.standfirst != "Smoother lines in twenty minutes."
    assert PROMOTION not in str(article.body)
    assert not AuditEvent.objects.filter(
        action="page.published_naming_restricted_medicine"
    ).exists()


def test_publishing_is_allowed_with_a_reason_kept_with_the_revision(practitioner_client, demo_site):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    url, data = _edit_form(practitioner_client, article)
    data["standfirst"] = (
        "A factual safety notice: counterfeit Botox has been reported by the regulator."
    )
    data["advertising_reason"] = (
        "Factual safety notice relaying a regulator's warning; not promotional."
    )
    data["action-publish"] = "action-publish"

    response = practitioner_client.post(url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst.startswith("A factual safety notice")
    revision = article.live_revision
    assert revision.content["advertising_reason"].startswith("Factual safety notice")
    event = AuditEvent.objects.get(action="page.published_naming_restricted_medicine")
    assert event.target == f"website.articlepage:{article.pk}"
    assert "Botox" in event.detail and "regulator" in event.detail
    assert event.actor.username == "khloe"


def test_saving_a_draft_that_names_botox_is_allowed(practitioner_client, demo_site):
    article = ArticlePage.objects.get(slug="what-is-profile-balancing")
    live_standfirst = article.standfirst
    url, data = _edit_form(practitioner_client, article)
    data["standfirst"] = PROMOTION

    response = practitioner_client.post(url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == live_standfirst  # the live page is untouched
    assert article.get_latest_revision().content["standfirst"] == PROMOTION
    assert article.has_unpublished_changes
