"""{{ query|page_link:number }}: the query string of a list's page `number`, in the order the
public page cache keys its pages (pagecache.page_link_query), so that following "Suivante" asks
for the address the page is kept under."""

from django import template

from portal.ground.pagecache import page_link_query

register = template.Library()


@register.filter
def page_link(query, number):
    return page_link_query(query or "", number)
