"""Pure page parsers (no Scrapy, no I/O): response text in, structured posts and links out.
Spiders stay thin by calling these; tests exercise them on saved pages."""
