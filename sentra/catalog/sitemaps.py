from django.contrib.sitemaps import Sitemap

from sentra.catalog.i18n import catalog_reverse
from sentra.catalog.models import Product


class CatalogPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [("home", "id"), ("home", "en"), ("list", "id"), ("list", "en")]

    def location(self, item):
        return catalog_reverse(item[0], item[1])


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Product.objects.public().only("id", "name", "name_en", "updated_at").order_by("id")

    def location(self, item):
        return item.get_absolute_url("id")

    def lastmod(self, item):
        return item.updated_at


class ProductEnSitemap(ProductSitemap):
    def location(self, item):
        return item.get_absolute_url("en")


SITEMAPS = {"pages": CatalogPagesSitemap, "products": ProductSitemap, "products-en": ProductEnSitemap}
