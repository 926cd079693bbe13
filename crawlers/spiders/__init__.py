"""One spider per kind of site: forum (Discuz!), weibo (m.weibo.cn-style API), news (feeds + pages)."""
