from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed


class JournalFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def __init__(self, index_page: Any) -> None:
        super().__init__()
        self.index_page = index_page

    def title(self) -> str:
        from .models import ClinicSettings

        return f"{ClinicSettings.load().name}: the Journal"

    def link(self) -> str:
        return str(self.index_page.url)

    def subtitle(self) -> str:
        return str(self.index_page.intro or "Articles from the clinic.")

    def items(self) -> Any:
        return self.index_page.articles()[:20]

    def item_title(self, item: Any) -> str:
        return str(item.title)

    def item_description(self, item: Any) -> str:
        return str(item.standfirst)

    def item_link(self, item: Any) -> str:
        return str(item.url)

    def item_author_name(self, item: Any) -> str:
        return str(item.author.name)

    def item_pubdate(self, item: Any) -> datetime:
        return timezone.make_aware(datetime.combine(item.date, time(9, 0)))

    def item_updateddate(self, item: Any) -> datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item: Any) -> list[str]:
        return [item.category.name]
