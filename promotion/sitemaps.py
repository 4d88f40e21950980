"""Sitemap of the public pages: catalogue products in force, published news, index pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .selectors import catalogue_date, catalogue_recognitions, published_articles


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return catalogue_recognitions(on=catalogue_date()).order_by("product__slug")

    def location(self, item):
        return reverse("promotion:product", args=[item.product.slug])

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return published_articles()

    def location(self, item):
        return reverse("promotion:news_detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class IndexSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["front", "promotion:catalogue", "promotion:news", "promotion:public_events"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"index": IndexSitemap, "products": ProductSitemap, "news": ArticleSitemap}
