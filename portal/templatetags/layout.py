"""{% layout_part vary… %}…{% endlayout_part %}: a part of the layout (base.html's header and
footer) rendered once per process and reused for every page that shows it.

Every page paid for these parts again (a dozen translated strings and URLs reversed, 0.4 ms of the
catalogue's 3.3 ms of CPU) although they show no data: what they print depends only on the
language, the URLs this process serves and the arguments given to the tag (the signed-in state
for the header). The rendered text is kept on the template node under exactly those, so it
cannot go stale: a change of URLconf, script prefix or language is another key, and a setting
changed in tests drops every kept part. Whatever else the enclosed markup reads from the context
must be given as an argument."""

import weakref

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()
# The nodes that keep parts, so that a changed setting drops them all (weak: a template compiled
# again in development leaves its old nodes to the garbage collector).
_NODES = weakref.WeakSet()


class LayoutPartNode(template.Node):
    def __init__(self, nodelist, vary):
        self.nodelist = nodelist
        self.vary = vary
        self.rendered = {}
        _NODES.add(self)

    def render(self, context):
        key = (
            get_language(),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
            *(value.resolve(context) for value in self.vary),
        )
        rendered = self.rendered.get(key)
        if rendered is None:
            rendered = self.rendered[key] = self.nodelist.render(context)
        return rendered


@register.tag
def layout_part(parser, token):
    """{% layout_part [value…] %}: the values (hashable, such as user.is_authenticated) are the
    only ones from the context the enclosed markup may read."""
    vary = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endlayout_part",))
    parser.delete_first_token()
    return LayoutPartNode(nodelist, vary)


def _drop_kept_parts(**kwargs):
    for node in list(_NODES):
        node.rendered.clear()


setting_changed.connect(_drop_kept_parts)
