"""`yuqing demo`'s content and crawl stage: a six-day platform-collapse story (story.py, story_posts.yaml),
a local replay site that serves it in the formats the spiders read (site.py, pages.py), and the crawl
stage that runs the real spiders against it (crawl.py)."""
