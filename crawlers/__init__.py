"""Scrapy spiders (forum, weibo, news) that turn watched-platform talk into schema-v1 Posts on the bus.

Built in issue 2/4; this package holds nothing yet.
"""
