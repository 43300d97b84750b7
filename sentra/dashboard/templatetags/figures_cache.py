"""{% figures_fragment key extra… %}…{% endfigures_fragment %}: the enclosed HTML, cached under the figures key
that the view got with the figures it shows (sentra.metrics.figures_cache), so a cached fragment is exact for
as long as its key can be reached, i.e. until the next write to the registry. An empty key (cache off, or no
figures version) renders the fragment every time. `extra` values (e.g. the query string that the map links
carry) are part of the key."""

import hashlib

from django import template
from django.core.cache import caches

from sentra.metrics.figures_cache import CACHE_ALIAS, cache_seconds

register = template.Library()


class FiguresFragmentNode(template.Node):
    def __init__(self, name: str, nodelist, key, extra):
        self.name, self.nodelist, self.key, self.extra = name, nodelist, key, extra

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        extra = repr([v.resolve(context) for v in self.extra])
        full = f"{key}:{self.name}:{hashlib.blake2b(extra.encode(), digest_size=12).hexdigest()}"
        cache = caches[CACHE_ALIAS]
        html = cache.get(full)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(full, html, cache_seconds())
        return html


@register.tag
def figures_fragment(parser, token):
    """{% figures_fragment "name" key [extra …] %}"""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("figures_fragment needs a name and a key")
    nodelist = parser.parse(("endfigures_fragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FiguresFragmentNode(
        name, nodelist, parser.compile_filter(bits[2]), [parser.compile_filter(b) for b in bits[3:]]
    )
