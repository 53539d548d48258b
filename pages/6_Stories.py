"""Stories: guided walks through the data, each step a view of the explorer with a short sourced text."""

from __future__ import annotations

from ui.pages.stories import show_stories_page

show_stories_page()
