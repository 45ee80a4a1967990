"""Scrapy's side of `npm run bench`: the same items through Scrapy's own ImagesPipeline or FilesPipeline.

Usage: python3 scrapy_bench.py images|files LISTING_URL STORE_DIR STATS_FILE

One start request fetches the corpus listing (a JSON list of items, each a list of paths relative to
the server) and the spider yields those items, so Scrapy downloads exactly what Gleaner does, with the
same limits (16 requests at once, 8 per host) and the same thumbnails. Nothing else is tuned: these are
Scrapy's defaults, as a user would run it. The stats are written to STATS_FILE so the benchmark can
check that every file was stored.
"""
import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class BenchSpider(scrapy.Spider):
    name = "bench"

    def __init__(self, listing, field, **kwargs):
        super().__init__(**kwargs)
        self.listing = listing
        self.field = field

    def start_requests(self):
        yield scrapy.Request(self.listing, callback=self.parse_listing)

    def parse_listing(self, response):
        # The listing's paths are relative to the server's root, not to the listing's own URL.
        for paths in json.loads(response.text):
            yield {self.field: [response.urljoin("/" + p) for p in paths]}


def main():
    mode, listing, store, stats_file = sys.argv[1:5]
    settings = {
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        # 2.8 warns about the old fingerprinter on every run otherwise; the choice does not affect speed.
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
    if mode == "images":
        settings["ITEM_PIPELINES"] = {"scrapy.pipelines.images.ImagesPipeline": 1}
        settings["IMAGES_STORE"] = store
        settings["IMAGES_THUMBS"] = {"small": (50, 50), "big": (270, 270)}
        field = "image_urls"
    elif mode == "files":
        settings["ITEM_PIPELINES"] = {"scrapy.pipelines.files.FilesPipeline": 1}
        settings["FILES_STORE"] = store
        field = "file_urls"
    else:
        sys.exit(f"unknown mode {mode!r}")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BenchSpider)
    process.crawl(crawler, listing=listing, field=field)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float, str))}
    with open(stats_file, "w") as f:
        json.dump(stats, f)


if __name__ == "__main__":
    main()
